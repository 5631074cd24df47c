/**
 * The class of a label cell, shared by every layer that reads labels (validation, splits,
 * dataset preparation, monitoring, training). In core/ so that data/ and components/ agree
 * on what counts as the same class without importing each other.
 */

/** A label cell as tables hold it (the same union as components' CellValue, restated: core/ imports nothing). */
export type LabelValue = string | number | null;

/** The class a label cell belongs to: its text, trimmed; null when missing. Numbers and their text are the same class. */
export function labelKey(value: LabelValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  const key = value.trim();
  return key === '' ? null : key;
}
