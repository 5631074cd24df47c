/**
 * The prepared dataset artifact: the used columns (typed), the labels and the seeded split.
 * Written once per search by prepareDataset and read by every trial, refit and test.
 */
import type { ArtifactRef, ArtifactStore } from '../../artifacts/artifact-store.js';
import { getJSON } from '../../artifacts/artifact-store.js';
import { selectTableRows, type Table } from '../../components/core/table.js';
import type { CellValue, ColumnType } from '../../components/core/types.js';

export const DATASET_FORMAT = 'autoflow.dataset/v1';

export interface PreparedDatasetFile {
  format: typeof DATASET_FORMAT;
  dataUri: string;
  dataSha256: string;
  target: string;
  columnTypes: Record<string, ColumnType>;
  columns: Record<string, CellValue[]>;
  labels: string[];
  classes: string[];
  positiveClass: number;
  split: { train: number[]; validation: number[]; test: number[] };
}

export interface SplitPart {
  table: Table;
  labels: string[];
}

export async function readPreparedDataset(store: ArtifactStore, ref: ArtifactRef): Promise<PreparedDatasetFile> {
  const file = await getJSON<PreparedDatasetFile>(store, ref);
  if (file.format !== DATASET_FORMAT) throw new Error(`${ref.uri} is not a prepared dataset (format ${file.format})`);
  return file;
}

export function splitPart(file: PreparedDatasetFile, rows: number[]): SplitPart {
  const table = selectTableRows({ nRows: file.labels.length, columns: file.columns }, rows);
  return { table, labels: rows.map((r) => file.labels[r]) };
}
