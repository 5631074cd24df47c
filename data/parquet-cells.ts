/**
 * Parquet values as cells, the way the other readers represent them: numbers as numbers,
 * strings as strings, booleans as 'true'/'false' (as a CSV holds them), dates as
 * YYYY-MM-DD and timestamps as ISO 8601 text, missing values as null.
 */
import type { SchemaElement, SchemaTree } from 'hyparquet';
import type { CellValue } from '../components/core/types.js';
import { UserInputError } from '../core/errors.js';

/** Logical types hyparquet decodes to something that is not a plain cell. */
const UNSUPPORTED_LOGICAL = new Set(['BSON', 'INTERVAL', 'GEOMETRY', 'GEOGRAPHY', 'VARIANT', 'FILE', 'TIME', 'MAP', 'LIST']);
const UNSUPPORTED_CONVERTED = new Set(['BSON', 'INTERVAL', 'TIME_MILLIS', 'TIME_MICROS', 'MAP', 'MAP_KEY_VALUE', 'LIST']);

function describeType(el: SchemaElement): string {
  return el.logical_type?.type ?? el.converted_type ?? el.type ?? 'group';
}

/** Why a top-level column cannot become cells (e.g. "nested type LIST"), or undefined. */
export function unsupportedColumnType(column: SchemaTree): string | undefined {
  const el = column.element;
  if (column.children.length > 0) return `nested type ${el.logical_type?.type ?? el.converted_type ?? 'STRUCT'}`;
  if (el.repetition_type === 'REPEATED') return `repeated type ${el.type}`;
  if (el.logical_type && UNSUPPORTED_LOGICAL.has(el.logical_type.type)) return `type ${describeType(el)}`;
  if (el.converted_type && UNSUPPORTED_CONVERTED.has(el.converted_type)) return `type ${el.converted_type}`;
  // Fixed-length bytes without an annotation (hyparquet leaves them as bytes) are binary.
  if (el.type === 'FIXED_LEN_BYTE_ARRAY' && !el.logical_type && !el.converted_type) return 'type FIXED_LEN_BYTE_ARRAY (binary)';
  return undefined;
}

function isDateOnly(el: SchemaElement): boolean {
  return el.logical_type?.type === 'DATE' || el.converted_type === 'DATE';
}

export function parquetCell(v: unknown, el: SchemaElement, where: () => string): CellValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
      return v;
    // NaN is how pandas and Arrow writers often store a missing float.
    case 'number':
      return Number.isNaN(v) ? null : v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new UserInputError(`${where()}: integer ${v} cannot be represented exactly as a number (beyond ±2^53); store it as a string or a double`);
      }
      return Number(v);
  }
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    const iso = v.toISOString();
    return isDateOnly(el) ? iso.slice(0, 10) : iso;
  }
  if (v instanceof Uint8Array) throw new UserInputError(`${where()}: binary value of type ${describeType(el)} is not supported`);
  // JSON logical type: hyparquet parses it; kept as JSON text, as the JSON Lines reader keeps nested values.
  return JSON.stringify(v);
}
