import type { CellValue } from './types.js';

/** A columnar table: what data loaders produce and pipelines consume. */
export interface Table {
  nRows: number;
  columns: Record<string, CellValue[]>;
}

export function selectTableRows(table: Table, rowIndex: ArrayLike<number>): Table {
  const columns: Record<string, CellValue[]> = {};
  for (const [name, values] of Object.entries(table.columns)) {
    const out = new Array<CellValue>(rowIndex.length);
    for (let i = 0; i < rowIndex.length; i++) out[i] = values[rowIndex[i]];
    columns[name] = out;
  }
  return { nRows: rowIndex.length, columns };
}

/** A JSON value as a cell: missing -> null, numbers and strings as they are, anything else as its string. */
export function toCellValue(v: unknown): CellValue {
  return v === undefined || v === null ? null : typeof v === 'number' || typeof v === 'string' ? v : String(v);
}

/** Builds a table from record objects (JSONL, HTTP requests), keeping only the named columns. */
export function tableFromRecords(records: readonly Record<string, unknown>[], columnNames: string[]): Table {
  const columns: Record<string, CellValue[]> = {};
  for (const name of columnNames) {
    columns[name] = records.map((r) => toCellValue(r[name]));
  }
  return { nRows: records.length, columns };
}
