/**
 * The registry shape samplers and pruners share: one table of entries (name, description,
 * option schema, factory), read by the workflow (to build one), the spec (to validate names and
 * options before a workflow starts) and the docs generator (docs/components.md).
 *
 * Runs inside the Temporal workflow sandbox: no Node built-ins, no I/O.
 */
import { closestName } from '../core/closest-name.js';

interface OptionBase {
  description: string;
  /** How the docs show a default that is not a plain value (`1/9`, `min(ceil(0.1 n), 25)`). */
  defaultText?: string;
}

/** One option: its type, default and bounds, in the vocabulary of the component parameter schemas. */
export type OptionSchema =
  | (OptionBase & { type: 'int'; default?: number; min?: number; max?: number })
  | (OptionBase & { type: 'float'; default?: number; min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean })
  | (OptionBase & { type: 'bool'; default?: boolean })
  | (OptionBase & { type: 'enum'; default?: string; choices: readonly string[] })
  /** A list of `{ param: value }` objects (warm-start configurations). */
  | (OptionBase & { type: 'configurations' });

export type OptionSchemaTable = Readonly<Record<string, OptionSchema>>;

export interface RegistryEntry<T> {
  readonly name: string;
  /** Other names that look this entry up (`asha` for successive-halving). */
  readonly aliases?: readonly string[];
  readonly description: string;
  readonly options: OptionSchemaTable;
  /** Builds the thing from options already validated against `options` (no `name` key). */
  create(options: Record<string, unknown>): T;
}

export interface Registry<T> {
  /** What the entries are, for messages: "sampler", "pruner". */
  readonly kind: string;
  readonly entries: readonly RegistryEntry<T>[];
  /** Primary names, in table order. */
  readonly names: readonly string[];
  /** The entry under a name or alias; undefined when unknown. */
  find(name: string): RegistryEntry<T> | undefined;
  /** `unknown sampler "x" (did you mean "y"?); known samplers: a, b` */
  unknownName(name: string): string;
  /** Problems with a name and its options (empty = fine); a `name` key naming the entry is allowed. */
  validate(name: string, options?: Record<string, unknown>): string[];
  /** The thing under `name` built from `options`; throws an Error listing every problem. */
  create(name: string, options?: Record<string, unknown>): T;
}

/** Why `value` does not fit `schema`, or undefined when it does. */
export function checkOption(schema: OptionSchema, value: unknown): string | undefined {
  switch (schema.type) {
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a${schema.type === 'int' ? 'n integer' : ' number'}, got ${JSON.stringify(value)}`;
      if (schema.type === 'int' && !Number.isInteger(value)) return `must be an integer, got ${value}`;
      const exMin = schema.type === 'float' && schema.exclusiveMin === true;
      const exMax = schema.type === 'float' && schema.exclusiveMax === true;
      if (schema.min !== undefined && (exMin ? value <= schema.min : value < schema.min)) return `must be ${exMin ? '>' : '>='} ${schema.min}, got ${value}`;
      if (schema.max !== undefined && (exMax ? value >= schema.max : value > schema.max)) return `must be ${exMax ? '<' : '<='} ${schema.max}, got ${value}`;
      return undefined;
    }
    case 'bool':
      return typeof value === 'boolean' ? undefined : `must be a boolean, got ${JSON.stringify(value)}`;
    case 'enum':
      return typeof value === 'string' && schema.choices.includes(value) ? undefined : `must be one of ${schema.choices.map((c) => JSON.stringify(c)).join(', ')}, got ${JSON.stringify(value)}`;
    case 'configurations':
      return Array.isArray(value) && value.every((c) => c !== null && typeof c === 'object' && !Array.isArray(c)) ? undefined : 'must be a list of { param: value } objects';
  }
}

/** One problem with one option: an unknown key (with a near-miss hint) or a value that does not fit. */
export type OptionProblem = { key: string; unknown: true; hint?: string; known: string[] } | { key: string; unknown: false; problem: string };

/** Checks options against a schema table; callers word the problems for their context. */
export function checkOptions(schema: OptionSchemaTable, options: Record<string, unknown>): OptionProblem[] {
  const problems: OptionProblem[] = [];
  const known = Object.keys(schema);
  for (const [key, value] of Object.entries(options)) {
    const s = Object.prototype.hasOwnProperty.call(schema, key) ? schema[key] : undefined;
    if (!s) {
      problems.push({ key, unknown: true, hint: closestName(key, known), known });
      continue;
    }
    const problem = checkOption(s, value);
    if (problem) problems.push({ key, unknown: false, problem });
  }
  return problems;
}

/** `unknown option "x" (did you mean "y"?); known options: a, b` */
export function unknownOptionText(p: { key: string; hint?: string; known: readonly string[] }): string {
  return `unknown option "${p.key}"${p.hint ? ` (did you mean "${p.hint}"?)` : ''}; known options: ${p.known.join(', ') || 'none'}`;
}

export function createRegistry<T>(kind: string, entries: readonly RegistryEntry<T>[]): Registry<T> {
  const byName = new Map<string, RegistryEntry<T>>();
  for (const e of entries) {
    for (const n of [e.name, ...(e.aliases ?? [])]) {
      if (byName.has(n)) throw new Error(`${kind} "${n}" is registered twice`);
      byName.set(n, e);
    }
  }
  const names = entries.map((e) => e.name);
  const unknownName = (name: string) => {
    const hint = closestName(name, [...byName.keys()]);
    return `unknown ${kind} ${JSON.stringify(name)}${hint ? ` (did you mean "${hint}"?)` : ''}; known ${kind}s: ${names.join(', ')}`;
  };
  const validate = (name: string, options: Record<string, unknown> = {}): string[] => {
    const entry = byName.get(name);
    if (!entry) return [unknownName(name)];
    const { name: named, ...rest } = options;
    const problems: string[] = [];
    if ('name' in options && named !== name) problems.push(`${kind} ${name}: option name ${JSON.stringify(named)} does not match`);
    for (const p of checkOptions(entry.options, rest)) problems.push(`${kind} ${entry.name}: ${p.unknown ? unknownOptionText(p) : `option "${p.key}" ${p.problem}`}`);
    return problems;
  };
  return {
    kind,
    entries,
    names,
    find: (name) => byName.get(name),
    unknownName,
    validate,
    create(name, options = {}) {
      const problems = validate(name, options);
      if (problems.length > 0) throw new Error(problems.join('; '));
      const { name: _ignored, ...rest } = options;
      return byName.get(name)!.create(rest);
    },
  };
}
