/**
 * Cell parsing shared by the tabular encoders added with issue 3 (quantile_bins, frequency,
 * target_encoding), with one rule each for missing and bad values:
 *  - numeric: null, '', whitespace, NaN and non-numeric strings are missing; +-Infinity is a
 *    UserInputError naming the encoder and row (no imputation makes it meaningful);
 *  - categorical: null and empty/whitespace strings are missing (their own category
 *    MISSING_CATEGORY, as in onehot); numbers and their strings are one category (7 and "7").
 */
import { UserInputError } from '../../core/errors.js';
import type { CellValue } from '../core/types.js';
import { MISSING_CATEGORY } from './onehot.js';

export { MISSING_CATEGORY };

export function parseNumericCell(cell: CellValue, row: number, where: string): number | null {
  let v: number;
  if (typeof cell === 'number') v = cell;
  else if (typeof cell === 'string' && cell.trim() !== '') v = Number(cell);
  else return null;
  if (Number.isNaN(v)) return null;
  if (!Number.isFinite(v)) throw new UserInputError(`${where}: row ${row + 1} holds ${JSON.stringify(String(cell))}, which is infinite; clean or drop it`);
  return v;
}

export function categoryKey(cell: CellValue): string {
  if (cell === null || cell === undefined) return MISSING_CATEGORY;
  if (typeof cell === 'number') return Number.isNaN(cell) ? MISSING_CATEGORY : String(cell);
  return cell.trim() === '' ? MISSING_CATEGORY : cell;
}
