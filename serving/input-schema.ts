/**
 * What a served model accepts: the pipeline's input columns (for an ensemble, the union of
 * its members') and, from the component table, the JSON types each column may hold. Requests are checked against it before the pipeline
 * sees them, so a client learns which record and field is wrong instead of getting a 500.
 */
import { getFeatureComponent } from '../components/core/component-table.js';
import type { Pipeline } from '../components/core/pipeline.js';
import type { ColumnType } from '../components/core/types.js';
import { isMissing, isNaToken, parseNumber } from '../data/profile.js';

export type JsonCellType = 'string' | 'number';

export interface InputColumn {
  name: string;
  /** Column types of the blocks reading it (text, numeric, categorical). */
  columnTypes: ColumnType[];
  /** JSON types a value may have; null is always accepted as "missing". */
  accepts: JsonCellType[];
}

export interface FieldError {
  /** `records[3].title`, `records`, … */
  field: string;
  message: string;
}

const JSON_TYPES: Record<ColumnType, JsonCellType[]> = { text: ['string'], numeric: ['number'], categorical: ['string', 'number'] };

export function inputSchema(pipeline: Pipeline): InputColumn[] {
  const byColumn = new Map<string, Set<ColumnType>>();
  // Every block of every member of an ensemble: the request must satisfy them all.
  for (const { name, column, kind } of pipeline.inputBlocks) {
    const set = byColumn.get(column) ?? new Set<ColumnType>();
    // A kind the component table does not know could not have been loaded, so this cannot throw here.
    for (const t of getFeatureComponent(kind, `features__${name}__kind`).accepts) set.add(t);
    byColumn.set(column, set);
  }
  return [...byColumn].map(([name, types]) => {
    const columnTypes = [...types];
    // A column read by several blocks must satisfy all of them.
    const accepts = (['string', 'number'] as JsonCellType[]).filter((j) => columnTypes.every((t) => JSON_TYPES[t].includes(j)));
    return { name, columnTypes, accepts: accepts.length ? accepts : ['string', 'number'] };
  });
}

/** At most this many field errors are listed; the total is still reported. */
export const MAX_FIELD_ERRORS = 50;

/**
 * Checks a parsed request body `{ records: [{ column: value }, …] }`.
 * Returns the records as the pipeline should see them (see `checkRecord`), or every problem
 * found (capped at MAX_FIELD_ERRORS) with the total count.
 */
export function validatePredictBody(
  body: unknown,
  schema: InputColumn[],
): { records: Record<string, unknown>[] } | { errors: FieldError[]; errorCount: number } {
  if (!isPlainObject(body)) return fail([{ field: '(body)', message: `expected a JSON object like {"records": [{${schema.map((c) => JSON.stringify(c.name)).join(': …, ')}: …}]}` }]);
  const records = body.records;
  if (!Array.isArray(records)) return fail([{ field: 'records', message: records === undefined ? 'missing: expected an array of records' : `expected an array of records, got ${jsonType(records)}` }]);
  if (records.length === 0) return fail([{ field: 'records', message: 'is empty: send at least one record' }]);
  const errors: FieldError[] = [];
  let errorCount = 0;
  const checked: Record<string, unknown>[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const result = checkRecord(records[i], schema);
    if ('record' in result) checked[i] = result.record;
    else {
      for (const p of result.problems) {
        errorCount++;
        if (errors.length < MAX_FIELD_ERRORS) errors.push({ field: p.field ? `records[${i}].${p.field}` : `records[${i}]`, message: p.message });
      }
    }
  }
  return errorCount ? { errors, errorCount } : { records: checked };
}

/**
 * One record checked against the schema and read the way training read its data file: a
 * numeric column takes numbers, decimal strings ("3.5", as CSV-born JSON has them) and the
 * missing-value spellings (`""`, `NA`, `null`, …); a text column takes numbers as their
 * digits. Anything else is a problem naming the field. `field` is the column name, or ''
 * for the record itself. Fields the model does not read are passed through untouched.
 */
export function checkRecord(record: unknown, schema: InputColumn[]): { record: Record<string, unknown> } | { problems: FieldError[] } {
  if (!isPlainObject(record)) return { problems: [{ field: '', message: `expected an object, got ${jsonType(record)}` }] };
  const problems: FieldError[] = [];
  let out = record;
  const set = (name: string, value: unknown) => {
    if (out === record) out = { ...record };
    out[name] = value;
  };
  for (const column of schema) {
    const value = record[column.name];
    if (value === undefined) {
      problems.push({ field: column.name, message: `missing: the model reads "${column.name}" (${column.columnTypes.join('/')})` });
      continue;
    }
    if (value === null) continue;
    const numericOnly = !column.accepts.includes('string');
    const textOnly = !column.accepts.includes('number');
    if (typeof value === 'string' && numericOnly) {
      const n = parseNumber(value);
      if (n !== null) set(column.name, n);
      else if (isMissing(value) || isNaToken(value)) set(column.name, null);
      else problems.push({ field: column.name, message: `expected a number (or null), got the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}` });
    } else if (typeof value === 'number' && !Number.isFinite(value)) {
      problems.push({ field: column.name, message: 'expected a finite number' });
    } else if (typeof value === 'number' && textOnly) {
      set(column.name, String(value));
    } else if (typeof value !== 'string' && typeof value !== 'number') {
      problems.push({ field: column.name, message: `expected ${column.accepts.map((a) => `a ${a}`).join(' or ')} (or null), got ${jsonType(value)}` });
    }
  }
  return problems.length ? { problems } : { record: out };
}

function fail(errors: FieldError[]) {
  return { errors, errorCount: errors.length };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
