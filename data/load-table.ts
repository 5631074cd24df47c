/**
 * Loading a user dataset into a Table: CSV/TSV, JSON Lines, a JSON array (optionally
 * gzip-compressed) or Parquet, from a path, a file:// URI or a gs://bucket/object, or a
 * builtin dataset (`builtin:NAME`). The raw bytes are streamed once, hashed (sha256) as
 * they go by.
 */
import type { Table } from '../components/core/table.js';
import type { CellValue } from '../components/core/types.js';
import { UserInputError } from '../core/errors.js';
import { getBuiltinDataset } from './builtin/index.js';
import { readCsv, selectColumns, type RawTable } from './csv.js';
import { resolveSource } from './file-source.js';
import { readJsonArray, readJsonl } from './jsonl.js';
import { loadParquet } from './load-parquet.js';
import { openBytes } from './open-bytes.js';

import { TABLE_FORMATS, type TableFormat } from './table-formats.js';

export { TABLE_FORMATS, type TableFormat };

export interface LoadTableOptions {
  /** Overrides the format inferred from the file extension (ignored for builtin datasets). */
  format?: TableFormat;
  /** Keep only these columns, in this order; an unknown name is an error. */
  columns?: string[];
  /** Directory relative paths are resolved against (default: process.cwd()). */
  cwd?: string;
}

export interface LoadedTable {
  table: Table;
  /** Column names in file order (object key order is not reliable for names like "2024"). */
  columnNames: string[];
  /** sha256 of the raw file bytes (for builtins: of their canonical content). */
  sha256: string;
  bytes: number;
  /** `file:///abs/path`, `gs://bucket/object` or `builtin:NAME`. */
  uri: string;
  format: TableFormat | 'builtin';
}

const EXTENSIONS: Record<string, TableFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

/** The format a file name implies, and whether it is gzip-compressed. */
export function inferFormat(fileName: string): { format: TableFormat | undefined; gzip: boolean; extension: string } {
  let name = fileName.toLowerCase();
  const gzip = name.endsWith('.gz');
  if (gzip) name = name.slice(0, -3);
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? base.slice(dot) : '';
  return { format: EXTENSIONS[extension], gzip, extension };
}

function toTable(raw: RawTable): { table: Table; columnNames: string[] } {
  const columns: Record<string, CellValue[]> = {};
  raw.columnNames.forEach((name, i) => {
    columns[name] = raw.columns[i];
  });
  return { table: { nRows: raw.nRows, columns }, columnNames: raw.columnNames };
}

function checkOptions(options: LoadTableOptions): void {
  if (options.format !== undefined && !TABLE_FORMATS.includes(options.format)) {
    throw new UserInputError(`unknown data format ${JSON.stringify(options.format)}; use one of ${TABLE_FORMATS.join(', ')}`);
  }
  if (options.columns !== undefined) {
    if (!Array.isArray(options.columns) || options.columns.some((c) => typeof c !== 'string' || c === '')) {
      throw new UserInputError(`columns must be a list of non-empty column names, got ${JSON.stringify(options.columns)}`);
    }
  }
}

export async function loadTable(source: string, options: LoadTableOptions = {}): Promise<LoadedTable> {
  checkOptions(options);
  const resolved = resolveSource(source, options.cwd);

  if (resolved.kind === 'builtin') {
    const dataset = getBuiltinDataset(resolved.name);
    const data = await dataset.load();
    const picked = selectColumns(data.columnNames, options.columns, resolved.uri);
    const raw: RawTable = {
      columnNames: picked.map((i) => data.columnNames[i]),
      columns: picked.map((i) => data.table.columns[data.columnNames[i]]),
      nRows: data.table.nRows,
    };
    return { ...toTable(raw), sha256: data.sha256, bytes: data.bytes, uri: resolved.uri, format: 'builtin' };
  }

  const inferred = inferFormat(resolved.kind === 'gcs' ? resolved.object : resolved.absPath);
  const format = options.format ?? inferred.format;
  // Opened first: "it is a folder" or "it does not exist" explains more than "no extension".
  const opened = await openBytes(resolved);
  try {
    if (!format) {
      throw new UserInputError(
        `cannot tell the format of ${resolved.display} from its extension${inferred.extension ? ` '${inferred.extension}'` : ' (it has none)'}; ` +
          `use .csv, .tsv, .jsonl, .ndjson, .json (optionally .gz), .parquet or .pq, or give the format explicitly`,
      );
    }
    const gzip = inferred.gzip || opened.gzipEncoded;
    if (format === 'parquet') {
      const { raw, sha256, bytes } = await loadParquet(opened, { gzip, columns: options.columns });
      return { ...toTable(raw), sha256, bytes, uri: resolved.uri, format };
    }
    const reader = opened.read({ gzip });
    const readOpts = { display: resolved.display, columns: options.columns };
    let raw: RawTable;
    switch (format) {
      case 'csv':
      case 'tsv':
        raw = await readCsv(reader.chunks, { ...readOpts, delimiter: format === 'tsv' ? '\t' : 'auto' });
        break;
      case 'jsonl':
        raw = await readJsonl(reader.chunks, readOpts);
        break;
      case 'json':
        raw = await readJsonArray(reader.chunks, readOpts);
        break;
    }
    const { sha256, bytes } = reader.digest();
    return { ...toTable(raw), sha256, bytes, uri: resolved.uri, format };
  } finally {
    await opened.close();
  }
}
