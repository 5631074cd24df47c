/** Leaderboard helpers used inside the workflow (pure). */
import type { Direction, TrialRecord } from '../search-spaces/types.js';
import { isBetter } from '../search-spaces/pruners/pruner.js';
import type { LeaderboardEntry, SearchProgress } from './types.js';

/** One comparison for the sampler's pruners and the workflow's leaderboard. */
export { isBetter };

/** Best first; ties go to the earlier trial so the order is stable across replays. */
export function topEntries(entries: LeaderboardEntry[], direction: Direction, limit: number): LeaderboardEntry[] {
  return [...entries]
    .sort((x, y) => (x.value === y.value ? x.trialNumber - y.trialNumber : isBetter(x.value, y.value, direction) ? -1 : 1))
    .slice(0, limit);
}

function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    // Backticks: the UI renders markdown, and `__` in parameter paths would turn bold.
    .map(([k, v]) => `\`${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : v}\``)
    .join(' ');
}

/** Markdown shown as "current details" in the Temporal UI. */
export function renderDetails(p: SearchProgress): string {
  const lines = [
    `**${p.experiment}** — ${p.status}; ${p.trialsDone}/${p.maxTrials} trials done, ${p.trialsRunning} running, ${p.trialsPruned} pruned, ${p.trialsFailed} failed`,
    '',
  ];
  if (p.leaderboard.length > 0) {
    lines.push(`| rank | trial | ${p.metric} | params |`, '|---|---|---|---|');
    p.leaderboard.slice(0, 5).forEach((e, i) => lines.push(`| ${i + 1} | ${e.trialNumber} | ${e.value.toFixed(4)} | ${formatParams(e.params)} |`));
  }
  if (p.front && p.objectives) {
    const names = p.objectives.map((o) => o.metric);
    lines.push('', `**Pareto front**: ${p.front.length} trials`, '', `| trial | ${names.join(' | ')} |`, `|---|${names.map(() => '---').join('|')}|`);
    p.front.slice(0, 10).forEach((e) => lines.push(`| ${e.trialNumber} | ${names.map((m) => Number((e.metrics[m] ?? NaN).toPrecision(4))).join(' | ')} |`));
  }
  if (p.stopReason) lines.push('', `stop: ${p.stopReason}`);
  if (p.notice) lines.push('', `note: ${p.notice}`);
  return lines.join('\n');
}

/** How many of the last finished trials the progress query gives with their parameters. */
export const RECENT_WITH_PARAMS = 50;

/**
 * The finished-trials log with parameters on its last `recent` entries (from the trial records;
 * a record trimmed from a very long search leaves its entry without). Only for the progress
 * query: a client polling once a second after a burst of short trials still shows each one,
 * while the log itself, carried over continueAsNew, stays small.
 */
export function withRecentParams(finished: SearchProgress['finished'], history: TrialRecord[], recent = RECENT_WITH_PARAMS): SearchProgress['finished'] {
  const from = Math.max(0, finished.length - recent);
  if (from === finished.length) return finished;
  const wanted = new Set(finished.slice(from).map((f) => f.trialNumber));
  const params = new Map(history.filter((r) => wanted.has(r.number)).map((r) => [r.number, r.params]));
  return finished.map((f, i) => (i >= from && params.has(f.trialNumber) ? { ...f, params: params.get(f.trialNumber) } : f));
}

/** Above this many trials, the history carried into the next run is trimmed. */
export const MAX_CARRIED_TRIALS = 3000;
/**
 * ... or above this many bytes of JSON: records of wide spaces are large (45 dimensions: ~560
 * bytes each, so 3,000 of them came to 1.7 MB beside a 2 MB payload limit).
 */
export const MAX_CARRIED_BYTES = 1_000_000;

/**
 * Keeps the carried history within Temporal's payload limits (2 MB) however long the search:
 * the most recent trials plus the best ones, which is what the samplers learn from. Up to
 * MAX_CARRIED_TRIALS trials and MAX_CARRIED_BYTES nothing is dropped; past the byte limit the
 * recent share shrinks to what fits.
 */
export function trimHistory(history: TrialRecord[], direction: Direction, keepRecent = 2000, keepBest = 200, maxBytes = MAX_CARRIED_BYTES): TrialRecord[] {
  const bytes = JSON.stringify(history).length;
  if (history.length <= MAX_CARRIED_TRIALS && bytes <= maxBytes) return history;
  // 5% margin: records differ in size, and the best ones kept may be the larger.
  const fitting = Math.floor(0.95 * (maxBytes / bytes) * history.length);
  const best = Math.min(keepBest, Math.floor(fitting / 10));
  return keepRecentAndBest(history, direction, Math.max(1, Math.min(keepRecent, fitting - best)), best);
}

function keepRecentAndBest(history: TrialRecord[], direction: Direction, keepRecent: number, keepBest: number): TrialRecord[] {
  const recent = history.slice(-keepRecent);
  const recentNumbers = new Set(recent.map((t) => t.number));
  const best = history
    .filter((t) => t.state === 'complete' && t.value !== undefined && !recentNumbers.has(t.number))
    .sort((a, b) => (a.value === b.value ? a.number - b.number : isBetter(a.value!, b.value!, direction) ? -1 : 1))
    .slice(0, keepBest);
  return [...best, ...recent].sort((a, b) => a.number - b.number);
}

/** The first constraint a trial's metrics break, as a sentence; undefined when all hold. */
export function violatedConstraint(constraints: readonly { metric: string; max?: number; min?: number }[], metrics: Record<string, number>): string | undefined {
  for (const c of constraints) {
    const v = metrics[c.metric];
    if (v === undefined) return `constraint on ${c.metric}: the trial did not report it`;
    if (c.max !== undefined && v > c.max) return `violates constraint ${c.metric} <= ${c.max} (got ${Number(v.toPrecision(4))})`;
    if (c.min !== undefined && v < c.min) return `violates constraint ${c.metric} >= ${c.min} (got ${Number(v.toPrecision(4))})`;
  }
  return undefined;
}
