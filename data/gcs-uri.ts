/** Parsing `gs://bucket/object` data sources (no network: that is ./gcs-object.ts). */
import { bucketNameProblem } from '../artifacts/gcs-client.js';
import { UserInputError } from '../core/errors.js';

export interface GcsObjectRef {
  bucket: string;
  object: string;
  /** `gs://bucket/object`, as lineage records it. */
  uri: string;
}

export function parseGcsUri(source: string): GcsObjectRef {
  const match = /^gs:\/\/([^/]*)(?:\/(.*))?$/i.exec(source);
  const bucket = match?.[1] ?? '';
  const object = match?.[2] ?? '';
  if (!match || object === '' || object.endsWith('/')) {
    throw new UserInputError(
      `data source ${JSON.stringify(source)}: expected gs://BUCKET/OBJECT naming one object` +
        (bucket && (object === '' || object.endsWith('/')) ? `; to read the newest file under it, give a pattern such as ${source.replace(/\/*$/, '')}/*.csv` : ''),
    );
  }
  const problem = bucketNameProblem(bucket);
  if (problem) throw new UserInputError(`data source ${source}: ${problem}`);
  // Patterns are resolved to one object before loading (retraining/resolve-newest-data.ts);
  // reaching here with one means the caller skipped that step.
  if (/[*?]/.test(object)) {
    throw new UserInputError(`data source ${source} is a pattern; a pattern is resolved to its newest match only as a spec's data.source`);
  }
  return { bucket, object, uri: `gs://${bucket}/${object}` };
}
