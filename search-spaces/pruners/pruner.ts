/**
 * Pruners decide, when a running trial reports an intermediate value at a step (epoch, or a
 * fidelity such as the fraction of training data), whether to stop it. Pure functions of the
 * history: call `shouldPrune` at every report; the workflow records the value in the trial's
 * `intermediate` (keyed by step) either before or after the call, the result is the same.
 */
import type { Direction, TrialRecord } from '../types.js';

export interface Pruner {
  readonly name: string;
  shouldPrune(trialNumber: number, step: number, value: number, history: readonly TrialRecord[], direction: Direction): boolean;
}

/** A trial's reports as sorted [step, value] pairs (non-numeric step keys ignored). */
export function reports(t: TrialRecord | undefined): [number, number][] {
  const out: [number, number][] = [];
  for (const [k, v] of Object.entries(t?.intermediate ?? {})) {
    const s = Number(k);
    if (k.trim() !== '' && Number.isFinite(s)) out.push([s, v]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** The trial's reports with the current (step, value) merged in. */
export function reportsWith(t: TrialRecord | undefined, step: number, value: number): [number, number][] {
  const out = reports(t).filter(([s]) => s !== step);
  out.push([step, value]);
  return out.sort((a, b) => a[0] - b[0]);
}

export function isBetter(a: number, b: number, direction: Direction): boolean {
  return direction === 'minimize' ? a < b : a > b;
}

export function checkNumber(where: string, value: number, min: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`${where} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got ${String(value)}`);
  }
  return value;
}
