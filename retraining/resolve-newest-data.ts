/**
 * "The newest data": a data source may be a pattern with `*` (`file:///data/listings-*.csv`,
 * `./exports/*.jsonl`, `gs://bucket/listings/*.csv`). The newest match is the greatest name,
 * so date-stamped exports (listings-2026-11-23.csv) sort in time order and a rerun picks the
 * same file. A gs:// match is handed on as its gs:// URI: loadTable streams the object itself,
 * so lineage names the object and a worker on another machine reads the same thing.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeGcsError, gcsStatus, openBucket } from '../artifacts/gcs-client.js';
import { UserInputError } from '../core/errors.js';

export interface NewestData {
  /** What loadTable reads (a local path, file:// URI, gs:// object or builtin:). */
  source: string;
  /** Where it came from, for lineage (e.g. the gs:// object). */
  uri: string;
  /** How many files matched the pattern. */
  matches: number;
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
}

export function isPattern(source: string): boolean {
  return /[*?]/.test(source);
}

export async function resolveNewestData(source: string, baseDir: string): Promise<NewestData> {
  if (!isPattern(source)) return { source, uri: source, matches: 1 };
  if (source.startsWith('gs://')) return newestGcsObject(source);
  const path = source.startsWith('file://') ? fileURLToPath(source) : resolve(baseDir, source);
  const dir = dirname(path);
  if (isPattern(dir)) throw new UserInputError(`data.source: only the file name may hold * or ? (in ${source})`);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new UserInputError(`data.source: folder not found for pattern ${source}: ${dir}`);
  }
  const re = globToRegExp(basename(path));
  const matching = names.filter((n) => re.test(n)).sort();
  const files: string[] = [];
  for (const name of matching) if ((await stat(join(dir, name))).isFile()) files.push(name);
  if (files.length === 0) throw new UserInputError(`data.source: no file matches ${source} (in ${dir})`);
  const newest = join(dir, files[files.length - 1]);
  return { source: newest, uri: `file://${newest}`, matches: files.length };
}

async function newestGcsObject(pattern: string): Promise<NewestData> {
  const match = /^gs:\/\/([^/]+)\/(.*)$/.exec(pattern);
  if (!match) throw new UserInputError(`data.source: expected gs://bucket/path-with-*, got ${pattern}`);
  const [, bucketName, objectPattern] = match;
  const prefix = objectPattern.slice(0, objectPattern.search(/[*?]/));
  const bucket = await openBucket(bucketName);
  let files;
  try {
    [files] = await bucket.getFiles({ prefix });
  } catch (e) {
    if (gcsStatus(e) === 404) throw new UserInputError(`data.source: bucket not found: gs://${bucketName} (for pattern ${pattern})`);
    throw describeGcsError(e, 'list', pattern);
  }
  const re = globToRegExp(objectPattern);
  const names = files.map((f) => f.name).filter((n) => re.test(n)).sort();
  if (names.length === 0) throw new UserInputError(`data.source: no object matches ${pattern}`);
  const uri = `gs://${bucketName}/${names[names.length - 1]}`;
  return { source: uri, uri, matches: names.length };
}
