/**
 * Asynchronous successive halving (ASHA, Li et al. 2020; Optuna's SuccessiveHalvingPruner).
 *
 * Rungs sit at steps minResource * reductionFactor^(minEarlyStoppingRate + k), e.g. fractions
 * 1/9, 1/3, 1 of the training data or epochs 1, 3, 9, 27. When a trial first reports at or past
 * a rung, it competes with every other trial that reached that rung (its value there = its
 * first report at or past the rung step, any state): it continues only if it is in the best
 * 1/reductionFactor of them (the single best when fewer than reductionFactor competed).
 * Asynchronous: early trials are judged against whoever got there before them.
 */
import type { Direction, TrialRecord } from '../types.js';
import { checkNumber, reports, reportsWith, type Pruner } from './pruner.js';

export interface SuccessiveHalvingOptions {
  /** Step of the first rung (default 1). */
  minResource?: number;
  /** Keep the best 1/reductionFactor at each rung (default 3; >= 2). */
  reductionFactor?: number;
  /** Skip the first rungs: the first rung is at minResource * reductionFactor^rate (default 0). */
  minEarlyStoppingRate?: number;
  /** Never prune at a rung until this many other trials have reached it (default 0). */
  bootstrapCount?: number;
}

export interface FidelityRungOptions {
  minResource: number;
  maxResource: number;
  reductionFactor?: number;
  minEarlyStoppingRate?: number;
}

function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * The rung steps from minResource up to maxResource, maxResource included:
 * fidelityRungs({ minResource: 1/9, maxResource: 1 }) -> [0.111111111111, 0.333333333333, 1];
 * fidelityRungs({ minResource: 1, maxResource: 27 }) -> [1, 3, 9, 27].
 * Values are rounded to 12 significant digits so they can serve as report keys.
 */
export function fidelityRungs(options: FidelityRungOptions): number[] {
  const eta = checkNumber('reductionFactor', options.reductionFactor ?? 3, 2);
  const min = options.minResource;
  const max = options.maxResource;
  if (!(min > 0) || !Number.isFinite(min)) throw new Error(`minResource must be a number > 0, got ${String(min)}`);
  if (!(max >= min) || !Number.isFinite(max)) throw new Error(`maxResource must be a number >= minResource (${min}), got ${String(max)}`);
  const rate = checkNumber('minEarlyStoppingRate', options.minEarlyStoppingRate ?? 0, 0, true);
  const out: number[] = [];
  for (let k = rate; ; k++) {
    const r = tidy(min * eta ** k);
    if (r >= max * (1 - 1e-9)) break;
    out.push(r);
  }
  out.push(max);
  return out;
}

/** The step of rung k. */
function rungStep(o: Required<SuccessiveHalvingOptions>, k: number): number {
  return tidy(o.minResource * o.reductionFactor ** (o.minEarlyStoppingRate + k));
}

/** A trial's value at a rung: its first report at or past the rung step. */
function valueAtRung(rep: readonly [number, number][], step: number): { step: number; value: number } | undefined {
  for (const [s, v] of rep) if (s >= step * (1 - 1e-12)) return { step: s, value: v };
  return undefined;
}

/** Whether `value` is among the best 1/eta of `competing` (which includes it). */
export function isPromotable(value: number, competing: readonly number[], eta: number, direction: Direction): boolean {
  const sorted = competing.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return true;
  const idx = Math.max(Math.floor(sorted.length / eta) - 1, 0);
  return direction === 'minimize' ? value <= sorted[idx] : value >= sorted[sorted.length - 1 - idx];
}

export function createSuccessiveHalvingPruner(options: SuccessiveHalvingOptions = {}): Pruner {
  const o: Required<SuccessiveHalvingOptions> = {
    minResource: options.minResource ?? 1,
    reductionFactor: checkNumber('reductionFactor', options.reductionFactor ?? 3, 2),
    minEarlyStoppingRate: checkNumber('minEarlyStoppingRate', options.minEarlyStoppingRate ?? 0, 0, true),
    bootstrapCount: checkNumber('bootstrapCount', options.bootstrapCount ?? 0, 0, true),
  };
  if (!(o.minResource > 0) || !Number.isFinite(o.minResource)) throw new Error(`minResource must be a number > 0, got ${String(o.minResource)}`);
  return {
    name: 'successive-halving',
    shouldPrune(trialNumber, step, value, history, direction) {
      const self = history.find((t) => t.number === trialNumber);
      const mine = reportsWith(self, step, value);
      const others = history.filter((t) => t.number !== trialNumber).map((t) => reports(t));
      for (let k = 0; ; k++) {
        const rs = rungStep(o, k);
        if (rs > step * (1 + 1e-12)) return false;
        const at = valueAtRung(mine, rs);
        // Judge only the rungs this report reaches for the first time; earlier ones were judged before.
        if (!at || at.step !== step) continue;
        if (Number.isNaN(value)) return true;
        const competing: number[] = [];
        for (const rep of others) {
          const v = valueAtRung(rep, rs);
          if (v) competing.push(v.value);
        }
        if (competing.length < o.bootstrapCount) return false;
        competing.push(value);
        if (!isPromotable(value, competing, o.reductionFactor, direction)) return true;
      }
    },
  };
}

/** Convenience for records: the trials that reached rung step `rungStep`, with their value there. */
export function rungValues(history: readonly TrialRecord[], rungStepValue: number): { number: number; value: number }[] {
  const out: { number: number; value: number }[] = [];
  for (const t of history) {
    const v = valueAtRung(reports(t), rungStepValue);
    if (v) out.push({ number: t.number, value: v.value });
  }
  return out;
}
