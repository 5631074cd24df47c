/**
 * Streaming CSV/TSV reader (RFC 4180 quoting via csv-parse). Cells stay raw strings; an
 * empty field becomes null (missing). Typing happens later, in profiling.
 *
 * Row numbers in messages are 1-based data rows (the header is not counted); the line is
 * the physical line in the file where the row starts, for jumping there in an editor.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError } from 'csv-parse';
import type { CellValue } from '../components/core/types.js';
import { UserInputError } from '../components/core/errors.js';
import { didYouMean, listNames } from './names.js';

export interface RawTable {
  columnNames: string[];
  columns: CellValue[][];
  nRows: number;
}

export interface CsvOptions {
  delimiter: ',' | '\t';
  /** Keep only these columns, in this order. */
  columns?: readonly string[];
  /** How messages name the file. */
  display: string;
}

interface CsvRecord {
  record: string[];
  info: { lines: number; records: number; empty_lines: number };
}

function countNewlines(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) {
    for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) n++;
  }
  return n;
}

export function checkHeader(names: readonly string[], where: string): string[] {
  const seen = new Map<string, number>();
  const problems: string[] = [];
  const out = names.map((raw, i) => {
    const name = raw.trim();
    return name === '' ? `column_${i + 1}` : name;
  });
  out.forEach((name, i) => {
    const first = seen.get(name);
    if (first !== undefined) {
      problems.push(`${where} header: duplicate column name '${name}' (columns ${first + 1} and ${i + 1})`);
    } else seen.set(name, i);
  });
  if (problems.length) throw new UserInputError(problems);
  return out;
}

/** Picks the requested columns out of the header; unknown names get a near-miss suggestion. */
export function selectColumns(available: readonly string[], requested: readonly string[] | undefined, where: string): number[] {
  if (!requested) return available.map((_, i) => i);
  const index = new Map(available.map((n, i) => [n, i]));
  const problems: string[] = [];
  const picked: number[] = [];
  for (const name of new Set(requested)) {
    const i = index.get(name);
    if (i === undefined) {
      problems.push(`${where} has no column '${name}'${didYouMean(name, available)}; columns: ${listNames(available)}`);
    } else picked.push(i);
  }
  if (problems.length) throw new UserInputError(problems);
  return picked;
}

export async function readCsv(chunks: AsyncIterable<Buffer>, opts: CsvOptions): Promise<RawTable> {
  const where = opts.display;
  const parser = parse({
    delimiter: opts.delimiter,
    bom: true,
    info: true,
    // Field counts are checked here, to name the row and the line.
    relax_column_count: true,
    // A stray quote inside an unquoted field (`5" screen`) is kept literally.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
  });
  const feeding = pipeline(Readable.from(chunks), parser);
  feeding.catch(() => undefined); // errors surface through the loop below

  let header: string[] | undefined;
  let picked: number[] = [];
  let columns: CellValue[][] = [];
  let nRows = 0;
  let lastLine = 0;
  let lastEmptyLines = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<CsvRecord>) {
      lastLine = info.lines;
      lastEmptyLines = info.empty_lines;
      if (!header) {
        header = checkHeader(record, where);
        picked = selectColumns(header, opts.columns, where);
        columns = picked.map(() => []);
        continue;
      }
      if (record.length !== header.length) {
        const line = info.lines - countNewlines(record);
        throw new UserInputError(
          `${where} row ${nRows + 1} (line ${line}): expected ${header.length} fields, got ${record.length}`,
        );
      }
      for (let c = 0; c < picked.length; c++) {
        const v = record[picked[c]];
        columns[c].push(v === '' ? null : v);
      }
      nRows++;
    }
  } catch (e) {
    if (e instanceof UserInputError) throw e;
    const err = e as CsvError & { empty_lines?: number };
    if (err?.code === 'CSV_QUOTE_NOT_CLOSED') {
      const line = lastLine + 1 + Math.max(0, (err.empty_lines ?? lastEmptyLines) - lastEmptyLines);
      const what = header ? `row ${nRows + 1} (line ${line})` : `header (line ${line})`;
      throw new UserInputError(`${where} ${what}: unterminated quoted field: a '"' opens a field that is never closed before the end of the file`);
    }
    if (typeof err?.code === 'string' && err.code.startsWith('CSV_')) {
      throw new UserInputError(`${where} row ${nRows + 1} (near line ${lastLine + 1}): ${err.message}`);
    }
    throw e;
  }
  if (!header) throw new UserInputError(`${where} has no header row (the file is blank)`);
  if (nRows === 0) throw new UserInputError(`${where} has a header but no data rows`);
  return { columnNames: picked.map((i) => header![i]), columns, nRows };
}
