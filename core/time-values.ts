/**
 * Reading a column as points in time, for out-of-time splits and for profiling. Two kinds of
 * column are time-like:
 *   - ISO-like dates and datetimes as text: `2024-03-01`, `2024/03/01`, `2024-03-01T09:30`,
 *     `2024-03-01 09:30:15.250Z`, `2024-03-01T09:30:15+09:00`. A datetime without a zone is
 *     read as UTC: within one column that keeps the order its writer meant.
 *   - numbers (or decimal text): epoch seconds, epoch milliseconds or any ordinal (a week
 *     number, a batch counter). Only the order matters for a split, so the unit is only
 *     guessed for display (`describeTime`).
 * A column mixing the two, or holding anything else, is not time-like. Pure functions of the
 * cells, with no clock and no locale: the same column always reads the same.
 */

/** A table cell (components' CellValue restated: core/ imports nothing of the project). */
export type TimeCell = string | number | null | undefined;

export type TimeKind = 'date' | 'datetime' | 'number';

/** How numbers in a time column are shown: guessed from their magnitude. */
export type NumberUnit = 'epoch-seconds' | 'epoch-milliseconds' | 'plain';

export interface TimeColumn {
  kind: TimeKind;
  unit?: NumberUnit;
  /** One value per row, comparable with `<`: milliseconds since 1970 for dates, the number itself otherwise; NaN where missing. */
  times: Float64Array;
  missing: number;
  /** Smallest and largest time (NaN when every row is missing). */
  min: number;
  max: number;
}

export interface NotTimeLike {
  /** Non-missing values that are not times of the column's kind. */
  bad: number;
  /** Up to 3 of them, as written. */
  examples: string[];
  nonMissing: number;
  /** What the bad values are, in words: "neither ISO dates nor numbers", "numbers among dates". */
  reason: string;
}

const DATE = /^(\d{4})([-/])(\d{2})\2(\d{2})$/;
const DATETIME = /^(\d{4})([-/])(\d{2})\2(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DAY_MS = 86_400_000;
/** Distinct strings whose parse is remembered while reading one column. */
const MEMO_CAP = 100_000;

function isBlank(v: TimeCell): v is null | undefined | '' {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Milliseconds since 1970 of a calendar day (proleptic Gregorian, UTC), or NaN for an
 * impossible one (2023-02-30). Plain arithmetic (days from the civil date), no Date object:
 * a million cells read in well under a second.
 */
function dayMs(year: number, month: number, day: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && leap ? 29 : MONTH_DAYS[month - 1])) return NaN;
  // Years counted from March, so that the leap day ends a year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return (era * 146_097 + dayOfEra - 719_468) * DAY_MS;
}

/** An ISO-like date or datetime string as milliseconds since 1970 (UTC), with its kind; null if it is not one. */
export function parseIsoTime(text: string): { ms: number; kind: 'date' | 'datetime' } | null {
  const s = text.trim();
  const date = DATE.exec(s);
  if (date) {
    const ms = dayMs(Number(date[1]), Number(date[3]), Number(date[4]));
    return Number.isNaN(ms) ? null : { ms, kind: 'date' };
  }
  const m = DATETIME.exec(s);
  if (!m) return null;
  const day = dayMs(Number(m[1]), Number(m[3]), Number(m[4]));
  const [hour, minute, second] = [Number(m[5]), Number(m[6]), Number(m[7] ?? 0)];
  if (Number.isNaN(day) || hour > 23 || minute > 59 || second > 59) return null;
  const fraction = m[8] ? Number(`0.${m[8]}`) * 1000 : 0;
  let offset = 0;
  if (m[10]) {
    const [oh, om] = [Number(m[11]), Number(m[12])];
    if (oh > 23 || om > 59) return null;
    offset = (m[10] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return { ms: day + ((hour * 60 + minute) * 60 + second) * 1000 + fraction - offset, kind: 'datetime' };
}

/** A cell as a finite number (numbers, or decimal text such as ` 1700000000 `), else null. */
function parseNumberCell(v: TimeCell): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || !NUMBER.test(v.trim())) return null;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : null;
}

/**
 * Epoch seconds and milliseconds of the years 2001-2286 have 10 and 13 digits; a column whose
 * every value has the same such magnitude is shown as dates. Anything else is a plain number.
 */
function guessUnit(min: number, max: number): NumberUnit {
  if (min >= 1e9 && max < 1e10) return 'epoch-seconds';
  if (min >= 1e12 && max < 1e13) return 'epoch-milliseconds';
  return 'plain';
}

/**
 * Reads a column as times. `numbers: false` accepts only ISO-like text (what profiling may
 * infer on its own: a column of numbers is far more often a quantity than a time).
 * Returns the column, or why it is not time-like (also when every value is missing).
 */
export function readTimeColumn(values: readonly TimeCell[], opts: { numbers: boolean }): TimeColumn | NotTimeLike {
  const times = new Float64Array(values.length);
  let missing = 0;
  let iso = 0;
  let numeric = 0;
  let datetimes = 0;
  const bad: string[] = [];
  let badCount = 0;
  let min = Infinity;
  let max = -Infinity;
  const memo = new Map<string, ReturnType<typeof parseIsoTime>>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isBlank(v)) {
      times[i] = NaN;
      missing++;
      continue;
    }
    let parsed: ReturnType<typeof parseIsoTime> = null;
    if (typeof v === 'string') {
      // Dates repeat (a day holds many rows): each distinct text is parsed once, up to a cap.
      parsed = memo.get(v) ?? null;
      if (parsed === null && !memo.has(v)) {
        parsed = parseIsoTime(v);
        if (memo.size < MEMO_CAP) memo.set(v, parsed);
      }
    }
    const n = parsed ? null : opts.numbers ? parseNumberCell(v) : null;
    if (parsed) {
      iso++;
      if (parsed.kind === 'datetime') datetimes++;
      times[i] = parsed.ms;
    } else if (n !== null) {
      numeric++;
      times[i] = n;
    } else {
      badCount++;
      if (bad.length < 3) bad.push(String(v));
      times[i] = NaN;
      continue;
    }
    if (times[i] < min) min = times[i];
    if (times[i] > max) max = times[i];
  }
  const nonMissing = values.length - missing;
  if (nonMissing === 0) return { bad: 0, examples: [], nonMissing, reason: 'every value is missing' };
  if (badCount > 0) return { bad: badCount, examples: bad, nonMissing, reason: opts.numbers ? 'neither ISO dates nor numbers' : 'not ISO dates or datetimes' };
  if (iso > 0 && numeric > 0) {
    // Dates and numbers cannot be put in one order: neither is "the" unit of the other.
    const minority = iso < numeric ? 'dates' : 'numbers';
    const examples = values.filter((v) => !isBlank(v) && (minority === 'dates') === (typeof v === 'string' && parseIsoTime(v) !== null)).slice(0, 3).map(String);
    return { bad: Math.min(iso, numeric), examples, nonMissing, reason: minority === 'dates' ? 'dates among numbers' : 'numbers among dates' };
  }
  const kind: TimeKind = numeric > 0 ? 'number' : datetimes > 0 ? 'datetime' : 'date';
  return { kind, ...(kind === 'number' ? { unit: guessUnit(min, max) } : {}), times, missing, min, max };
}

export function isTimeColumn(read: TimeColumn | NotTimeLike): read is TimeColumn {
  return 'times' in read;
}

/** A time of a column, for messages and profiles: `2024-03-01`, `2024-03-01T09:30:00.000Z`, or the number. */
export function describeTime(column: Pick<TimeColumn, 'kind' | 'unit'>, time: number): string {
  if (Number.isNaN(time)) return '(missing)';
  const ms = column.kind === 'number' ? (column.unit === 'epoch-seconds' ? time * 1000 : column.unit === 'epoch-milliseconds' ? time : NaN) : time;
  if (Number.isNaN(ms)) return String(time);
  const iso = new Date(ms).toISOString();
  // Whole days read as dates; a number column keeps its value beside the date it stands for.
  const shown = column.kind === 'date' || (column.kind === 'number' && ms % DAY_MS === 0) ? iso.slice(0, 10) : iso;
  return column.kind === 'number' ? `${time} (${shown})` : shown;
}
