/**
 * The table of builtin datasets (`builtin:NAME` sources). A new dataset is one file that
 * calls `registerBuiltinDataset` plus one import line in ./index.ts.
 */
import type { Table } from '../../components/core/table.js';
import type { ColumnType } from '../../components/core/types.js';
import { UserInputError } from '../../core/errors.js';
import { didYouMean } from '../../core/names.js';

export interface BuiltinDatasetData {
  table: Table;
  /** Column names in their natural order. */
  columnNames: string[];
  /** Deterministic content hash (same content, same hash on every machine). */
  sha256: string;
  /** Size of the hashed content. */
  bytes: number;
}

export interface BuiltinDataset {
  /** Used as `builtin:NAME`. */
  name: string;
  description: string;
  /** Licence / provenance, shown by `autoflow datasets`. */
  source: string;
  /** The label column. */
  target: string;
  /** Suggested column types, so profiling needs no guessing. */
  columnTypes: Record<string, ColumnType>;
  load(): Promise<BuiltinDatasetData>;
}

const datasets = new Map<string, BuiltinDataset>();

export function registerBuiltinDataset(dataset: BuiltinDataset): void {
  if (datasets.has(dataset.name)) throw new Error(`builtin dataset '${dataset.name}' is registered twice`);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(dataset.name)) throw new Error(`builtin dataset name '${dataset.name}' must be lower-case kebab-case`);
  datasets.set(dataset.name, dataset);
}

export function listBuiltinDatasets(): BuiltinDataset[] {
  return [...datasets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function findBuiltinDataset(name: string): BuiltinDataset | undefined {
  return datasets.get(name);
}

/** The named dataset, or a UserInputError listing the known ones. */
export function getBuiltinDataset(name: string): BuiltinDataset {
  const found = datasets.get(name);
  if (found) return found;
  const known = listBuiltinDatasets().map((d) => d.name);
  throw new UserInputError(
    `unknown builtin dataset 'builtin:${name}'${didYouMean(name, known)}; available: ${known.map((n) => `builtin:${n}`).join(', ') || '(none)'}`,
  );
}
