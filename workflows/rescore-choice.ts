/**
 * The honest winner (pure; runs in the workflow). After a long search the best validation
 * score is partly luck: the top trials were re-scored on k folds (./rescore-types.ts), and
 * the winner is the best mean over the folds. A candidate whose paired fold-by-fold deficit
 * to it is within one standard error (Breiman's one-standard-error rule) is a tie; among
 * ties a model at least twice as fast to fit wins, since it costs less to retrain and serve
 * for the same expected score.
 */
import type { Direction } from '../search-spaces/types.js';
import type { RescoredTrial, WinnerChoice } from './rescore-types.js';

/** A tie is replaced only by a candidate at least this many times faster to fit. */
const FASTER_BY = 2;

const shown = (v: number) => Number(v.toPrecision(4));

/** Mean and standard error of the paired differences a - b over folds both scored. */
function pairedDeficit(a: readonly number[], b: readonly number[], sign: number): { mean: number; se: number } {
  const d: number[] = [];
  for (let f = 0; f < Math.min(a.length, b.length); f++) if (Number.isFinite(a[f]) && Number.isFinite(b[f])) d.push(sign * (a[f] - b[f]));
  if (d.length < 2) return { mean: d[0] ?? Infinity, se: 0 };
  const mean = d.reduce((s, x) => s + x, 0) / d.length;
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1));
  return { mean, se: sd / Math.sqrt(d.length) };
}

/**
 * `rescored` in validation rank order (best validation score first). Candidates whose
 * re-scoring failed are absent; with none left, the validation winner stands.
 */
export function chooseWinner(rescored: readonly RescoredTrial[], bestValidationTrial: number, direction: Direction, metric: string): WinnerChoice {
  const usable = rescored.filter((r) => Number.isFinite(r.mean));
  if (usable.length === 0) return { trialNumber: bestValidationTrial, bestValidationTrial, reason: 're-scoring gave no usable fold scores; the best validation score wins' };
  const sign = direction === 'maximize' ? 1 : -1;
  // Best mean; equal means keep validation rank order (the array order).
  const top = usable.reduce((a, b) => (sign * b.mean > sign * a.mean ? b : a));
  const k = top.values.length;
  const ties = usable.filter((r) => {
    if (r === top) return true;
    const { mean, se } = pairedDeficit(top.values, r.values, sign);
    return mean <= se;
  });
  const fastest = ties.reduce((a, b) => (b.fitSeconds < a.fitSeconds ? b : a));
  const winner = fastest !== top && fastest.fitSeconds * FASTER_BY <= top.fitSeconds ? fastest : top;
  const cv = (r: RescoredTrial) => `trial ${r.trialNumber}: ${k}-fold mean ${metric} ${shown(r.mean)}`;
  let reason: string;
  if (winner !== top) {
    reason = `${cv(winner)}, within one standard error of the best mean (${cv(top)}) and ${shown(top.fitSeconds / Math.max(winner.fitSeconds, 1e-9))}x faster to fit`;
  } else if (winner.trialNumber !== bestValidationTrial) {
    const v = usable.find((r) => r.trialNumber === bestValidationTrial);
    reason = `${cv(winner)}, the best of ${usable.length} re-scored trials; the best validation score (trial ${bestValidationTrial}) re-scored ${v ? shown(v.mean) : 'with no result'}`;
  } else {
    reason = `${cv(winner)}, the best of ${usable.length} re-scored trials and also the best validation score`;
  }
  return { trialNumber: winner.trialNumber, bestValidationTrial, reason };
}
