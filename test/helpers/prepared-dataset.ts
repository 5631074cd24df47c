/** A prepared dataset (the artifact a search's trials read) of text rows, written straight to an artifact store. */
import { putJSON, type ArtifactRef } from '../../artifacts/artifact-store.js';
import { createArtifactStore } from '../../artifacts/index.js';
import { DATASET_FORMAT } from '../../activities/training/prepared-dataset.js';

/**
 * Stores `rows` under `key` in the store at `storeRoot` with one text column, title, and the
 * classes ok and spam (positive): rows before `validationStart` train, those before
 * `testStart` validate, the rest test.
 */
export function putTitleDataset(
  storeRoot: string,
  key: string,
  rows: { title: string; label: string }[],
  { validationStart, testStart, dataSha256 }: { validationStart: number; testStart: number; dataSha256: string },
): Promise<ArtifactRef> {
  const idx = rows.map((_, i) => i);
  return putJSON(createArtifactStore(storeRoot), key, {
    format: DATASET_FORMAT,
    dataUri: 'test',
    dataSha256,
    target: 'label',
    columnTypes: { title: 'text' },
    columns: { title: rows.map((r) => r.title) },
    labels: rows.map((r) => r.label),
    classes: ['ok', 'spam'],
    positiveClass: 1,
    split: { train: idx.slice(0, validationStart), validation: idx.slice(validationStart, testStart), test: idx.slice(testStart) },
  });
}
