/**
 * Median pruning (Optuna's MedianPruner, Google Vizier's median stopping rule): stop a trial
 * whose best intermediate value so far is worse than the median of the values that completed
 * trials reported at the same step.
 */
import type { Direction } from '../types.js';
import { checkNumber, isBetter, reports, reportsWith, type Pruner } from './pruner.js';

export interface MedianPrunerOptions {
  /** No pruning until this many trials have completed (default 5). */
  nStartupTrials?: number;
  /** No pruning before this step (default 0). */
  nWarmupSteps?: number;
  /** Only judge every intervalSteps-th integer step after the warm-up (default 1). */
  intervalSteps?: number;
  /** Need at least this many completed trials that reported at the step (default 1). */
  nMinTrials?: number;
  /** Compare against this percentile instead of the median (default 50; best = 0 side). */
  percentile?: number;
}

/** Linear-interpolated percentile (numpy's default) of finite values; NaN when empty. */
export function percentile(values: readonly number[], q: number): number {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (q / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export function createMedianPruner(options: MedianPrunerOptions = {}): Pruner {
  const nStartupTrials = checkNumber('nStartupTrials', options.nStartupTrials ?? 5, 0, true);
  const nWarmupSteps = checkNumber('nWarmupSteps', options.nWarmupSteps ?? 0, 0);
  const intervalSteps = checkNumber('intervalSteps', options.intervalSteps ?? 1, 1, true);
  const nMinTrials = checkNumber('nMinTrials', options.nMinTrials ?? 1, 1, true);
  const q = checkNumber('percentile', options.percentile ?? 50, 0);
  if (q > 100) throw new Error(`percentile must be <= 100, got ${q}`);
  return {
    name: 'median',
    shouldPrune(trialNumber: number, step: number, value: number, history, direction: Direction) {
      const completed = history.filter((t) => t.state === 'complete' && t.number !== trialNumber);
      if (completed.length === 0 || completed.length < nStartupTrials) return false;
      if (step < nWarmupSteps) return false;
      if (intervalSteps > 1 && Number.isInteger(step - nWarmupSteps) && (step - nWarmupSteps) % intervalSteps !== 0) return false;
      const self = history.find((t) => t.number === trialNumber);
      let best = NaN;
      for (const [s, v] of reportsWith(self, step, value)) {
        if (s > step || Number.isNaN(v)) continue;
        if (Number.isNaN(best) || isBetter(v, best, direction)) best = v;
      }
      if (Number.isNaN(best)) return true;
      const atStep: number[] = [];
      for (const t of completed) {
        const hit = reports(t).find(([s]) => s === step);
        if (hit) atStep.push(hit[1]);
      }
      if (atStep.length < nMinTrials) return false;
      const p = percentile(atStep, direction === 'minimize' ? q : 100 - q);
      if (Number.isNaN(p)) return false;
      return direction === 'minimize' ? best > p : best < p;
    },
  };
}
