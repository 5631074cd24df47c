/**
 * Spec settings that are on by default and can be switched off or tuned, all read the same
 * way (`ensemble`, `rescore`):
 *   (absent) / true       on, with the defaults
 *   false                 off
 *   { field: n, ... }     on, with integer fields in their ranges; unknown fields named with a suggestion
 */
import { closestName } from '../core/closest-name.js';

export type IntegerFields<T> = { [K in keyof T]: { min: number; max: number } };

export function resolveSwitchable<T extends { [K in keyof T]: number }>(
  where: string,
  raw: unknown,
  defaults: T,
  ranges: IntegerFields<T>,
): { settings: T | null; problems: string[] } {
  if (raw === undefined || raw === null || raw === true) return { settings: { ...defaults }, problems: [] };
  if (raw === false) return { settings: null, problems: [] };
  const keys = Object.keys(defaults) as (keyof T & string)[];
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings: null, problems: [`${where}: expected false or { ${keys.join(', ')} }, got ${JSON.stringify(raw)}`] };
  }
  const given = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(given)) {
    if ((keys as string[]).includes(key)) continue;
    const hint = closestName(key, keys);
    problems.push(`${where}.${key}: unknown field${hint ? ` (did you mean "${hint}"?)` : ''}; fields: ${keys.join(', ')}`);
  }
  const settings = { ...defaults };
  for (const key of keys) {
    const v = given[key];
    if (v === undefined) continue;
    const { min, max } = ranges[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      problems.push(`${where}.${key}: must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
      continue;
    }
    settings[key] = v as T[typeof key];
  }
  return { settings: problems.length ? null : settings, problems };
}
