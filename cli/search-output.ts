/** How a search looks in the terminal: one line per finished trial, a leaderboard at the end. */
import pc from 'picocolors';
import type { LeaderboardEntry, SearchProgress, SearchResult } from '../workflows/types.js';

/** Parameters shown per trial line; wide tables (a transform per column) would fill the terminal. */
export const MAX_SHOWN_PARAMS = 12;

/**
 * `name=value` pairs, the classifier and its parameters first (they matter most), then the
 * feature blocks', at most `max` of them with the count of the rest (the full set is in
 * `autoflow status --json` and the report).
 */
export function formatParams(params: Record<string, unknown>, max = MAX_SHOWN_PARAMS): string {
  const entries = Object.entries(params);
  const ordered = [...entries.filter(([k]) => k.startsWith('classifier')), ...entries.filter(([k]) => !k.startsWith('classifier'))];
  const shown = ordered
    .slice(0, max)
    .map(([k, v]) => `${k.replace(/^features__/, '').replace(/^classifier__/, '')}=${typeof v === 'number' ? Number(v.toPrecision(3)) : v}`);
  return ordered.length > max ? `${shown.join(' ')} (+${ordered.length - max} more)` : shown.join(' ');
}

/** `finishedAfter`: entries of `p.finished` after `f`, so each line of a burst counts its own place. */
export function trialLine(p: SearchProgress, f: SearchProgress['finished'][number], entry: LeaderboardEntry | undefined, finishedAfter = 0): string {
  const done = p.trialsDone + p.trialsFailed + p.trialsPruned - finishedAfter;
  const counter = pc.dim(`[${String(done).padStart(String(p.maxTrials).length)}/${p.maxTrials}]`);
  if (f.state === 'pruned') return `${counter} trial ${String(f.trialNumber).padStart(3)} ${pc.yellow('pruned')} at ${Math.round((f.fidelity ?? 0) * 100)}% of the data: ${p.metric}=${f.value?.toFixed(4)}`;
  if (f.state !== 'complete') return `${counter} trial ${String(f.trialNumber).padStart(3)} ${pc.red(f.state)}: ${f.error ?? ''}`;
  const isBest = p.best?.trialNumber === f.trialNumber;
  const value = `${p.metric}=${f.value!.toFixed(4)}`;
  const best = p.best ? pc.dim(` best ${p.best.value.toFixed(4)}`) : '';
  // Trials outside the leaderboard carry their parameters in the progress they finished in.
  const shownParams = entry?.params ?? f.params;
  const params = shownParams ? pc.dim(` ${formatParams(shownParams)}`) : '';
  const time = entry ? pc.dim(` ${entry.fitSeconds.toFixed(1)}s`) : '';
  return `${counter} trial ${String(f.trialNumber).padStart(3)} ${isBest ? pc.green(value) : value}${best}${time}${params}`;
}

export function leaderboardTable(entries: LeaderboardEntry[], metric: string): string {
  // The fold mean beside the validation score when the best trials were re-scored.
  const folds = entries.find((e) => e.rescored)?.rescored?.values.length;
  const cv = (e: LeaderboardEntry) => (folds ? [e.rescored ? e.rescored.mean.toFixed(4) : '-'] : []);
  const rows = entries.map((e, i) => [String(i + 1), String(e.trialNumber), e.value.toFixed(4), ...cv(e), `${e.fitSeconds.toFixed(1)}s`, formatParams(e.params)]);
  return alignedTable(['rank', 'trial', metric, ...(folds ? [`${folds}-fold`] : []), 'fit', 'params'], rows);
}

/** Columns padded to their widest cell, the last left ragged; a bold header. */
function alignedTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ');
  return [pc.bold(line(header)), ...rows.map(line)].join('\n');
}

/** The front members with every objective, the registered one marked. */
export function frontTable(front: LeaderboardEntry[], objectives: string[], selected: number): string {
  const rows = front.map((e) => [e.trialNumber === selected ? `${e.trialNumber} *` : String(e.trialNumber), ...objectives.map((m) => (e.metrics[m] === undefined ? '-' : String(Number(e.metrics[m].toPrecision(4))))), formatParams(e.params)]);
  return alignedTable(['trial', ...objectives, 'params'], rows);
}

export function summaryText(result: SearchResult, uiLink?: string): string {
  const lines = [
    '',
    pc.bold(`Leaderboard (${result.trials} trials, ${result.prunedTrials} pruned, ${result.failedTrials} failed; stop: ${result.stopReason})`),
    leaderboardTable(result.leaderboard, result.metric),
    '',
    // The winner may not be the best validation score: re-scored on folds, or named by a select rule.
    `${result.winner && result.winner.trialNumber !== result.winner.bestValidationTrial ? 'Chosen' : 'Best'} trial ${result.bestTrial}: validation ${result.metric} ${result.bestValue.toFixed(4)}`,
    ...(result.front && result.objectives ? ['', pc.bold(`Pareto front (${result.front.length} trials)`), frontTable(result.front, result.objectives.map((o) => o.metric), result.bestTrial), ''] : []),
    ...(result.winner ? [`Winner: ${result.winner.reason}`] : []),
    ...(result.registered ? [`${result.registered.kind === 'ensemble' ? `Ensemble of trials ${result.registered.ensemble!.members.map((m) => `${m.trialNumber} (${m.weight.toFixed(2)})`).join(', ')}` : 'Single trial'}: ${result.registered.reason}`] : []),
    `Refitted on train+validation, test split: ${Object.entries(result.testMetrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}`,
    ...(result.decision ? [`Labels: ${result.decision.description}`, ...result.decision.warnings.map((w) => pc.yellow(`warning: ${w}`))] : []),
  ];
  if (result.model) lines.push(pc.green(`Registered ${result.model.name} version ${result.model.version} (${result.model.uri})`));
  if (uiLink) lines.push(`Temporal UI: ${uiLink}`);
  return lines.join('\n');
}

/** The machine-readable summary printed by `--json`. */
export function summaryJson(result: SearchResult, wallSeconds: number, uiLink?: string, data?: { columnTypes: Record<string, string>; dataWarnings?: string[] }) {
  return {
    searchId: result.searchId,
    experiment: result.experiment,
    // The columns the search used and what profiling noted (ignored identifiers, ...), when known.
    ...(data ? { columns: data.columnTypes, dataWarnings: data.dataWarnings ?? [] } : {}),
    metric: result.metric,
    direction: result.direction,
    bestScore: result.bestValue,
    bestTrial: result.bestTrial,
    bestParams: result.bestParams,
    bestPipeline: result.bestPipeline,
    trials: result.trials,
    failedTrials: result.failedTrials,
    prunedTrials: result.prunedTrials,
    testMetrics: result.testMetrics,
    model: result.model ?? null,
    // Ensemble or best single trial, why, and the members with their weights (null when ensembles are off).
    registered: result.registered ?? null,
    // The stored decision rule (how served labels follow from probabilities) and any warning about it.
    decision: result.decision ?? null,
    // How the winner was chosen when the best trials were re-scored on k folds (null when rescore is off).
    winner: result.winner ?? null,
    // Several objectives: what they are and the Pareto front (null with one objective).
    objectives: result.objectives ?? null,
    front: result.front ?? null,
    stopReason: result.stopReason,
    wallSeconds,
    temporalUi: uiLink ?? null,
  };
}
