/**
 * JSON Lines (one object per line, blank lines skipped) and JSON (an array of objects)
 * readers. Lines are split on raw bytes, so multi-byte characters across chunk
 * boundaries are safe and no line is ever decoded twice.
 */
import type { CellValue } from '../components/core/types.js';
import { UserInputError } from '../core/errors.js';
import type { RawTable } from './csv.js';
import { didYouMean, listNames } from '../core/names.js';

/** JSON values become cells: numbers and strings as they are, booleans as 'true'/'false', nested values as JSON text. */
export function toCell(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return JSON.stringify(v);
}

function describeJsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

const MAX_PROBLEMS = 5;
const MAX_KEYS_REMEMBERED = 1000;

/** Accumulates records into columns; new keys become columns backfilled with null. */
class ColumnBuilder {
  readonly names: string[] = [];
  readonly columns: CellValue[][] = [];
  private readonly index = new Map<string, number>();
  /** Keys seen but not requested (for suggestions), when a column list is fixed. */
  private readonly otherKeys = new Set<string>();
  private readonly seenRequested = new Set<string>();
  nRows = 0;

  constructor(private readonly requested?: readonly string[]) {
    if (requested) for (const name of new Set(requested)) this.addColumn(name);
  }

  private addColumn(name: string): number {
    const i = this.names.length;
    this.names.push(name);
    this.columns.push(new Array<CellValue>(this.nRows).fill(null));
    this.index.set(name, i);
    return i;
  }

  add(record: Record<string, unknown>): void {
    const { names, columns } = this;
    if (this.requested) {
      for (let c = 0; c < names.length; c++) {
        const v = record[names[c]];
        if (v !== undefined) this.seenRequested.add(names[c]);
        columns[c].push(toCell(v));
      }
      if (this.otherKeys.size < MAX_KEYS_REMEMBERED) {
        for (const key in record) if (!this.index.has(key)) this.otherKeys.add(key);
      }
    } else {
      for (let c = 0; c < names.length; c++) columns[c].push(toCell(record[names[c]]));
      for (const key in record) {
        if (!this.index.has(key)) {
          const i = this.addColumn(key);
          columns[i][this.nRows] = toCell(record[key]);
        }
      }
    }
    this.nRows++;
  }

  finish(where: string): RawTable {
    if (this.requested) {
      const missing = this.names.filter((n) => !this.seenRequested.has(n));
      if (missing.length) {
        const known = [...this.seenRequested, ...this.otherKeys];
        throw new UserInputError(
          missing.map((name) => `${where} has no column '${name}' in any record${didYouMean(name, known)}; columns: ${listNames(known)}`),
        );
      }
    }
    return { columnNames: this.names, columns: this.columns, nRows: this.nRows };
  }
}

export async function readJsonl(
  chunks: AsyncIterable<Buffer>,
  opts: { display: string; columns?: readonly string[] },
): Promise<RawTable> {
  const where = opts.display;
  const builder = new ColumnBuilder(opts.columns);
  const problems: string[] = [];
  let lineNo = 0;

  const handleLine = (buf: Buffer): void => {
    lineNo++;
    let end = buf.length;
    if (end > 0 && buf[end - 1] === 0x0d) end--;
    let text = buf.toString('utf8', 0, end);
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const msg = (e as Error).message;
      problems.push(`${where} line ${lineNo}: not valid JSON: ${msg.length > 160 ? `${msg.slice(0, 160)}...` : msg}`);
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`${where} line ${lineNo}: expected a JSON object, got ${describeJsonType(value)}`);
      return;
    }
    builder.add(value as Record<string, unknown>);
  };

  let pending: Buffer[] = [];
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, nl);
      handleLine(pending.length ? Buffer.concat([...pending, piece]) : piece);
      pending = [];
      start = nl + 1;
      if (problems.length >= MAX_PROBLEMS) break;
    }
    if (problems.length >= MAX_PROBLEMS) break;
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length && problems.length < MAX_PROBLEMS) handleLine(Buffer.concat(pending));

  if (problems.length) throw new UserInputError(problems);
  if (builder.nRows === 0) throw new UserInputError(`${where} contains no records (only blank lines)`);
  return builder.finish(where);
}

/** Largest string V8 can build (about 512 MiB): bigger .json files must be JSON Lines. */
const MAX_STRING_LENGTH = 0x1fffffe8;

export async function readJsonArray(
  chunks: AsyncIterable<Buffer>,
  opts: { display: string; columns?: readonly string[] },
): Promise<RawTable> {
  const where = opts.display;
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > MAX_STRING_LENGTH) {
      throw new UserInputError(`${where} is too large to read as one JSON document (over 512 MiB); convert it to JSON Lines (.jsonl)`);
    }
    parts.push(chunk);
  }
  let text = Buffer.concat(parts, size).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new UserInputError(`${where} is blank`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UserInputError(`${where}: not valid JSON: ${(e as Error).message.slice(0, 200)}`);
  }
  if (!Array.isArray(value)) {
    throw new UserInputError(`${where}: expected a JSON array of records (objects), got ${describeJsonType(value)}`);
  }
  const builder = new ColumnBuilder(opts.columns);
  const problems: string[] = [];
  value.forEach((record, i) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      if (problems.length < MAX_PROBLEMS) problems.push(`${where} record ${i + 1}: expected a JSON object, got ${describeJsonType(record)}`);
    } else if (problems.length === 0) builder.add(record as Record<string, unknown>);
  });
  if (problems.length) throw new UserInputError(problems);
  if (builder.nRows === 0) throw new UserInputError(`${where} contains no records (an empty array)`);
  return builder.finish(where);
}
