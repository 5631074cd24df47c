/**
 * Profiling: infers each feature column's type, summarises it, and checks the label.
 * A DataProfile is small JSON (it travels through Temporal): value lists are capped and
 * long values are cut.
 */
import type { Table } from '../components/core/table.js';
import type { CellValue, ColumnType } from '../components/core/types.js';
import { UserInputError } from '../core/errors.js';
import { didYouMean, listNames, listRows, quoteValue } from '../core/names.js';
import { describeTime, isTimeColumn, parseIsoTime, readTimeColumn, type NumberUnit, type TimeKind } from '../core/time-values.js';
import { validateLabels, type ClassCount } from './validate-labels.js';

export type ColumnRole = ColumnType | 'ignore';
export const COLUMN_ROLES: readonly ColumnRole[] = ['text', 'numeric', 'categorical', 'ignore'];

export interface NumericSummary {
  min: number;
  max: number;
  mean: number;
  std: number;
  /** Non-missing values that are not numbers (they become null in `coerceColumns`). */
  unparsable: number;
  /** Up to 3 of them, cut to 40 characters. */
  unparsableExamples: string[];
}

export interface ColumnProfile {
  name: string;
  type: ColumnRole;
  /** True when the type was inferred rather than given in `columnTypes`. */
  inferred: boolean;
  missing: number;
  /** Distinct non-missing values, counted up to UNIQUE_CAP. */
  unique: number;
  uniqueCapped: boolean;
  numeric?: NumericSummary;
  /** Lengths of non-missing values, in UTF-16 code units. */
  text?: { avgLength: number; maxLength: number };
  /** Most frequent values (categorical columns), at most TOP_VALUES, each cut to 80 characters. Approximate when uniqueCapped. */
  topValues?: { value: string; count: number }[];
  /** A column of times: ISO dates or datetimes, or (only for a `timeColumns` column) numbers. Earliest and latest as text. */
  time?: { kind: TimeKind; unit?: NumberUnit; min: string; max: string };
}

export interface DataProfile {
  nRows: number;
  target: { name: string; classes: ClassCount[] };
  /** Every column except the target, in table order. */
  columns: ColumnProfile[];
  /** Things worth a look that are not errors (at most MAX_WARNINGS). */
  warnings: string[];
}

export interface ProfileOptions {
  target: string;
  columnTypes?: Record<string, ColumnRole>;
  /** Names the dataset in messages. */
  source?: string;
  /** Columns a pipeline reads by name: inferred, but never ignored as identifiers or dates. */
  readColumns?: readonly string[];
  /** Columns that hold the time rows are split by (`split.by`): read as times, numbers included, and never a feature. */
  timeColumns?: readonly string[];
}

export const UNIQUE_CAP = 10_000;
export const TOP_VALUES = 10;
const MAX_VALUE_LENGTH = 80;
const MAX_WARNINGS = 20;
/** Share of non-missing values that must be numbers for a column to be inferred numeric. */
export const NUMERIC_SHARE = 0.95;
/** Average length above which a string column is text. */
export const TEXT_AVG_LENGTH = 30;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Spellings of "no value" that count as missing in numeric columns. */
const NA_TOKENS = new Set(['na', 'n/a', 'nan', 'null', 'none', '?', '-', '--']);

/** Missing: null, or a string of only whitespace. */
export function isMissing(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/**
 * A cell as a finite number: numbers as they are, decimal strings (`12`, `-3.5e2`, ` 7 `)
 * parsed. Hex, `Infinity`, thousands separators and the like are not numbers.
 */
export function parseNumber(v: CellValue | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (!NUMBER.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** A spelling of "no value" (`NA`, `n/a`, `null`, `-`, …) that numeric columns read as missing. */
export function isNaToken(v: CellValue): boolean {
  return typeof v === 'string' && NA_TOKENS.has(v.trim().toLowerCase());
}

function cut(s: string, max = MAX_VALUE_LENGTH): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}

interface ColumnScan {
  nonMissing: number;
  naTokens: number;
  numbers: number;
  min: number;
  max: number;
  mean: number;
  m2: number;
  totalLength: number;
  maxLength: number;
  withSpace: number;
  counts: Map<string, number>;
  capped: boolean;
  unparsableExamples: string[];
  /** Every row has a number, each an integer larger than the row before's: a row number or auto-increment id. */
  rowCounter: boolean;
}

function scanColumn(values: readonly CellValue[], nRows: number): ColumnScan {
  const s: ColumnScan = {
    nonMissing: 0,
    naTokens: 0,
    numbers: 0,
    min: Infinity,
    max: -Infinity,
    mean: 0,
    m2: 0,
    totalLength: 0,
    maxLength: 0,
    withSpace: 0,
    counts: new Map(),
    capped: false,
    unparsableExamples: [],
    rowCounter: nRows > 0,
  };
  let previous = -Infinity;
  const ws = /\s/;
  for (let i = 0; i < nRows; i++) {
    const v = values[i];
    if (isMissing(v)) {
      s.rowCounter = false;
      continue;
    }
    s.nonMissing++;
    const text = typeof v === 'string' ? v : String(v);
    s.totalLength += text.length;
    if (text.length > s.maxLength) s.maxLength = text.length;
    if (ws.test(text.trim())) s.withSpace++;
    const count = s.counts.get(text);
    if (count !== undefined) s.counts.set(text, count + 1);
    else if (s.counts.size < UNIQUE_CAP) s.counts.set(text, 1);
    else s.capped = true;
    const n = parseNumber(v);
    if (s.rowCounter) {
      s.rowCounter = n !== null && Number.isInteger(n) && n > previous;
      previous = n ?? previous;
    }
    if (n !== null) {
      s.numbers++;
      if (n < s.min) s.min = n;
      if (n > s.max) s.max = n;
      const delta = n - s.mean;
      s.mean += delta / s.numbers;
      s.m2 += delta * (n - s.mean);
    } else if (isNaToken(v)) {
      s.naTokens++;
    } else if (s.unparsableExamples.length < 3) {
      s.unparsableExamples.push(cut(text, 40));
    }
  }
  return s;
}

/** Below this many rows a column of distinct values is not evidence of an identifier. */
const MIN_ROWS_FOR_IDENTIFIER = 20;

/**
 * Why an inferred column looks like a row identifier (an order id, a row number, a seller
 * handle unique to each row), or undefined. Such a column only lets a model memorise the
 * training rows: a categorical with a different value in every row, or integers that go up
 * by row in every row. Real numeric features with distinct values (prices, amounts) are kept.
 */
function identifierReason(s: ColumnScan, type: ColumnRole): string | undefined {
  if (s.nonMissing < MIN_ROWS_FOR_IDENTIFIER) return undefined;
  if (type === 'categorical' && !s.capped && s.counts.size === s.nonMissing) return 'a different value in every row (an identifier?)';
  if (type === 'numeric' && s.rowCounter) return 'increasing whole numbers, one per row (a row number or id?)';
  return undefined;
}

function inferType(s: ColumnScan): ColumnRole {
  if (s.nonMissing === 0) return 'ignore';
  const candidates = s.nonMissing - s.naTokens;
  if (candidates > 0 && s.numbers / candidates >= NUMERIC_SHARE) return 'numeric';
  if (s.totalLength / s.nonMissing > TEXT_AVG_LENGTH) return 'text';
  const unique = s.counts.size;
  if (unique >= 10 && unique / s.nonMissing > 0.5 && s.withSpace / s.nonMissing > 0.5) return 'text';
  return 'categorical';
}

/**
 * The column's time summary, or undefined. Without `numbers` only ISO-like text counts: a
 * column of numbers is far more often a quantity (a price, a count) than a time. A quick look
 * at the first value spares reading every text column in full.
 */
function timeSummary(values: readonly CellValue[], numbers: boolean): ColumnProfile['time'] {
  const first = values.find((v) => !isMissing(v));
  if (!numbers && (typeof first !== 'string' || parseIsoTime(first) === null)) return undefined;
  const read = readTimeColumn(values, { numbers });
  if (!isTimeColumn(read)) return undefined;
  return { kind: read.kind, ...(read.unit ? { unit: read.unit } : {}), min: describeTime(read, read.min), max: describeTime(read, read.max) };
}

function topValues(counts: Map<string, number>): { value: string; count: number }[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, TOP_VALUES)
    .map(([value, count]) => ({ value: cut(value), count }));
}

function checkColumnTypes(table: Table, target: string, columnTypes: Record<string, ColumnRole> | undefined, source?: string): void {
  if (columnTypes === undefined) return;
  const where = source ? `${source}: ` : '';
  if (columnTypes === null || typeof columnTypes !== 'object' || Array.isArray(columnTypes)) {
    throw new UserInputError(`${where}column types must be an object mapping column names to types, got ${JSON.stringify(columnTypes)}`);
  }
  const names = Object.keys(table.columns);
  const problems: string[] = [];
  for (const [name, type] of Object.entries(columnTypes)) {
    if (!Object.hasOwn(table.columns, name)) {
      problems.push(`${where}column type given for unknown column '${name}'${didYouMean(name, names)}; columns: ${listNames(names)}`);
    } else if (!COLUMN_ROLES.includes(type)) {
      problems.push(`${where}column '${name}': unknown type ${JSON.stringify(type)}; use one of ${COLUMN_ROLES.join(', ')}`);
    } else if (name === target && type !== 'categorical') {
      problems.push(`${where}column '${name}' is the label column; it cannot have type '${type}'`);
    }
  }
  if (problems.length) throw new UserInputError(problems);
}

export function profileTable(table: Table, opts: ProfileOptions): DataProfile {
  const labels = validateLabels(table, opts.target, { source: opts.source });
  checkColumnTypes(table, opts.target, opts.columnTypes, opts.source);
  const warnings: string[] = [];
  const warn = (message: string): void => {
    if (warnings.length < MAX_WARNINGS) warnings.push(message);
  };

  const columns: ColumnProfile[] = [];
  for (const [name, values] of Object.entries(table.columns)) {
    if (name === opts.target) continue;
    const given = opts.columnTypes?.[name];
    const scan = scanColumn(values, table.nRows);
    let type = given ?? inferType(scan);
    const splitTime = opts.timeColumns?.includes(name) ?? false;
    // Dates as features memorise the past: one-hot days never recur, and a number for the date
    // extrapolates a trend past the training period. Used only when the spec asks for it.
    const time = splitTime || type !== 'numeric' ? timeSummary(values, splitTime) : undefined;
    const inferredDate = time !== undefined && given === undefined && !splitTime && !opts.readColumns?.includes(name);
    if (splitTime) type = 'ignore';
    if (inferredDate) {
      warn(
        `column '${name}' holds ${time.kind === 'date' ? 'dates' : 'datetimes'} (${time.min} .. ${time.max}); it is not used as a feature, since past dates do not recur in new rows; ` +
          `to hold out the newest rows use split: { by: ${name} }, to use it anyway give it a type under 'columns'`,
      );
      type = 'ignore';
    }
    const identifier = given === undefined && !splitTime && !inferredDate && !opts.readColumns?.includes(name) ? identifierReason(scan, type) : undefined;
    if (identifier) {
      warn(`column '${name}' is ignored: ${identifier}, which cannot generalise to new rows; give it a type under 'columns' to use it anyway`);
      type = 'ignore';
    }
    const profile: ColumnProfile = {
      name,
      type,
      inferred: given === undefined,
      missing: table.nRows - scan.nonMissing,
      unique: scan.counts.size,
      uniqueCapped: scan.capped,
      ...(time ? { time } : {}),
    };
    if (scan.nonMissing === 0) {
      warn(`column '${name}' is empty in every row; it is ignored`);
      if (given !== undefined && given !== 'ignore') profile.type = 'ignore';
      columns.push(profile);
      continue;
    }
    if (type === 'numeric') {
      const unparsable = scan.nonMissing - scan.numbers - scan.naTokens;
      profile.numeric = {
        min: scan.numbers ? scan.min : 0,
        max: scan.numbers ? scan.max : 0,
        mean: scan.mean,
        std: scan.numbers > 1 ? Math.sqrt(scan.m2 / (scan.numbers - 1)) : 0,
        unparsable,
        unparsableExamples: scan.unparsableExamples,
      };
      if (scan.numbers === 0) {
        throw new UserInputError(
          `${opts.source ? `${opts.source}: ` : ''}column '${name}' is declared numeric but none of its values are numbers` +
            (scan.unparsableExamples.length ? ` (e.g. ${scan.unparsableExamples.map((e) => quoteValue(e)).join(', ')})` : ''),
        );
      }
      if (unparsable > 0) {
        warn(
          `column '${name}': ${unparsable} of ${scan.nonMissing} values are not numbers ` +
            `(e.g. ${scan.unparsableExamples.map((e) => quoteValue(e)).join(', ')}); they are treated as missing`,
        );
      }
    } else if (type === 'text') {
      profile.text = { avgLength: round(scan.totalLength / scan.nonMissing), maxLength: scan.maxLength };
    } else if (type === 'categorical') {
      profile.topValues = topValues(scan.counts);
      if (scan.counts.size === scan.nonMissing && scan.nonMissing >= MIN_ROWS_FOR_IDENTIFIER) {
        warn(`column '${name}' has a different value in every row; if it is an identifier, give it type 'ignore'`);
      }
    }
    if (type !== 'ignore' && scan.counts.size === 1) {
      warn(`column '${name}' has the same value in every non-missing row (${quoteValue([...scan.counts.keys()][0])}); it carries little information`);
    }
    columns.push(profile);
  }

  const small = labels.classes.filter((c) => c.count < 3);
  if (small.length) {
    warn(
      `label column '${opts.target}': ${small.length === 1 ? 'class' : 'classes'} ` +
        `${small.slice(0, 5).map((c) => `${quoteValue(c.label)} (${c.count})`).join(', ')}${small.length > 5 ? ', ...' : ''} ` +
        'have fewer than 3 rows and cannot appear in train, validation and test alike',
    );
  }
  return { nRows: table.nRows, target: { name: opts.target, classes: labels.classes }, columns, warnings };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The type of every profiled column, for `coerceColumns` and pipeline building. */
export function profileColumnTypes(profile: DataProfile): Record<string, ColumnRole> {
  return Object.fromEntries(profile.columns.map((c) => [c.name, c.type]));
}

export interface CoercionReport {
  /** Non-missing values that could not be converted (now null). */
  unparsable: number;
  /** The first 5 such rows, 1-based data rows. */
  rows: number[];
  examples: string[];
}

export interface CoerceResult {
  table: Table;
  /** Per numeric column with unconvertible values. */
  problems: Record<string, CoercionReport>;
}

/**
 * Converts cells to their column's type, returning a new table (the input is not modified):
 * numeric -> finite numbers (missing, NA spellings and unparsable values -> null, the last
 * recorded); categorical -> trimmed strings; text -> strings; blank -> null. Columns typed
 * 'ignore' or not named in `types` are passed through unchanged.
 */
export function coerceColumns(table: Table, types: Record<string, ColumnRole>): CoerceResult {
  const columns: Record<string, CellValue[]> = {};
  const problems: Record<string, CoercionReport> = {};
  for (const [name, values] of Object.entries(table.columns)) {
    const type = Object.hasOwn(types, name) ? types[name] : undefined;
    if (type === undefined || type === 'ignore') {
      columns[name] = values;
      continue;
    }
    const out = new Array<CellValue>(table.nRows);
    if (type === 'numeric') {
      const report: CoercionReport = { unparsable: 0, rows: [], examples: [] };
      for (let i = 0; i < table.nRows; i++) {
        const v = values[i];
        const n = parseNumber(v);
        out[i] = n;
        if (n === null && !isMissing(v) && !isNaToken(v)) {
          report.unparsable++;
          if (report.rows.length < 5) report.rows.push(i + 1);
          if (report.examples.length < 3) report.examples.push(cut(String(v), 40));
        }
      }
      if (report.unparsable > 0) problems[name] = report;
    } else {
      for (let i = 0; i < table.nRows; i++) {
        const v = values[i];
        if (isMissing(v)) out[i] = null;
        else if (typeof v === 'number') out[i] = Number.isFinite(v) ? String(v) : null;
        else out[i] = type === 'categorical' ? (v as string).trim() : v;
      }
    }
    columns[name] = out;
  }
  return { table: { nRows: table.nRows, columns }, problems };
}

/** One line per coerced column with problems, for logs and warnings. */
export function describeCoercionProblems(problems: Record<string, CoercionReport>): string[] {
  return Object.entries(problems).map(
    ([name, r]) =>
      `column '${name}': ${r.unparsable} ${r.unparsable === 1 ? 'value is' : 'values are'} not numbers and became missing ` +
      `(rows ${listRows(r.rows, r.unparsable)}; e.g. ${r.examples.map((e) => quoteValue(e)).join(', ')})`,
  );
}
