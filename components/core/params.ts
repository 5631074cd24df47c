/**
 * Declarative parameter schemas, the scikit-learn "parameter constraints" idea:
 * each component declares its parameters once; validation, defaults, the CLI's catalogue
 * and the default search space are all derived from that one table.
 */
import type { Distribution } from '../../search-spaces/types.js';
import { closestName } from '../../core/closest-name.js';

interface ParamBase {
  description: string;
  /** The range the default search space explores; absent = not searched by default. */
  search?: Distribution;
}

export type ParamSchema =
  | (ParamBase & { type: 'int'; default: number; min?: number; max?: number })
  | (ParamBase & { type: 'float'; default: number; min?: number; max?: number; exclusiveMin?: boolean })
  | (ParamBase & { type: 'enum'; default: string; choices: string[] })
  | (ParamBase & { type: 'bool'; default: boolean })
  | (ParamBase & { type: 'string'; default: string })
  | (ParamBase & { type: 'numberMap'; default: Record<string, number> });

export type ParamSchemaTable = Record<string, ParamSchema>;

export type ResolvedParams = Record<string, unknown>;

/** Keys every block config may carry besides its parameters. */
const STRUCTURAL_KEYS = new Set(['kind', 'column']);

/**
 * Fills defaults and checks every value against the schema.
 * `path` prefixes messages (`classifier__C must be > 0`), matching the search-space paths.
 * Returns the problems instead of throwing so a spec can report all of them at once.
 */
export function resolveParams(
  schema: ParamSchemaTable,
  raw: Record<string, unknown>,
  path: string,
): { params: ResolvedParams; problems: string[] } {
  const problems: string[] = [];
  const params: ResolvedParams = {};
  for (const key of Object.keys(raw)) {
    if (STRUCTURAL_KEYS.has(key)) continue;
    if (!(key in schema)) {
      const known = Object.keys(schema);
      const hint = closestName(key, known);
      problems.push(
        `${path}__${key}: unknown parameter${hint ? ` (did you mean "${hint}"?)` : ''}; known: ${known.join(', ') || 'none'}`,
      );
    }
  }
  for (const [key, s] of Object.entries(schema)) {
    const value = key in raw ? raw[key] : s.default;
    const where = `${path}__${key}`;
    const problem = checkValue(s, value);
    if (problem) problems.push(`${where}: ${problem}`);
    params[key] = value;
  }
  return { params, problems };
}

function checkValue(s: ParamSchema, value: unknown): string | undefined {
  switch (s.type) {
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `expected a finite number, got ${JSON.stringify(value)}`;
      if (s.type === 'int' && !Number.isInteger(value)) return `expected an integer, got ${value}`;
      if (s.min !== undefined) {
        const exclusive = s.type === 'float' && s.exclusiveMin;
        if (exclusive ? value <= s.min : value < s.min) return `must be ${exclusive ? '>' : '>='} ${s.min}, got ${value}`;
      }
      if (s.max !== undefined && value > s.max) return `must be <= ${s.max}, got ${value}`;
      return undefined;
    }
    case 'enum':
      return typeof value === 'string' && s.choices.includes(value)
        ? undefined
        : `expected one of ${s.choices.map((c) => JSON.stringify(c)).join(', ')}, got ${JSON.stringify(value)}`;
    case 'bool':
      return typeof value === 'boolean' ? undefined : `expected true or false, got ${JSON.stringify(value)}`;
    case 'string':
      return typeof value === 'string' ? undefined : `expected a string, got ${JSON.stringify(value)}`;
    case 'numberMap':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return `expected an object of numbers, got ${JSON.stringify(value)}`;
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'number' || !Number.isFinite(v)) return `entry "${k}" must be a finite number, got ${JSON.stringify(v)}`;
      }
      return undefined;
  }
}

