/** Small helpers for naming things in error messages. */
import { closestName } from './closest-name.js';

/** `" (did you mean 'label'?)"` or an empty string. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const hint = closestName(name, [...candidates]);
  return hint !== undefined ? ` (did you mean '${hint}'?)` : '';
}

/** A comma-separated list, cut after `max` entries. */
export function listNames(names: readonly string[], max = 20): string {
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, ... (${names.length - max} more)` : shown;
}

/** Row numbers for messages: the first `max`, then how many more. Rows are 1-based data rows. */
export function listRows(rows: readonly number[], total: number, max = 5): string {
  const shown = rows.slice(0, max).join(', ');
  return total > max ? `${shown} and ${total - max} more` : shown;
}

/** A value quoted for a message, cut to a readable length. */
export function quoteValue(value: unknown, maxLength = 40): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${s.length > maxLength ? `${s.slice(0, maxLength)}...` : s}'`;
}
