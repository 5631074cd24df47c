/**
 * The fast paths of an ask give what the plain definitions give: bandwidths from a typed-array
 * sort equal those of a comparator sort of the indices (ties by index), and the good/bad split
 * by partial selection equals the one a full sort of the trials gives.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/random.js';
import { bandwidths } from '../../../search-spaces/tpe/parzen-estimator.js';
import { splitTrials } from '../../../search-spaces/tpe/sampler.js';
import type { TrialRecord } from '../../../search-spaces/types.js';

/** The definition: sort indices by (value, index), neighbour distances, endpoint rule, clip. */
function referenceBandwidths(mus: number[], low: number, high: number, considerEndpoints: boolean, considerMagicClip: boolean): number[] {
  const n = mus.length;
  const order = mus.map((_, i) => i).sort((a, b) => mus[a] - mus[b] || a - b);
  const sorted = [low, ...order.map((i) => mus[i]), high];
  const s: number[] = [];
  for (let j = 1; j <= n; j++) s.push(Math.max(sorted[j] - sorted[j - 1], sorted[j + 1] - sorted[j]));
  if (!considerEndpoints && n >= 2) {
    s[0] = sorted[2] - sorted[1];
    s[n - 1] = sorted[n] - sorted[n - 1];
  }
  const minSigma = considerMagicClip ? (high - low) / Math.min(100, 1 + (n + 1)) : 1e-12;
  const out = new Array<number>(n);
  order.forEach((i, j) => (out[i] = Math.min(Math.max(s[j], minSigma), high - low)));
  return out;
}

describe('TPE fast paths', () => {
  it('bandwidths equal the comparator-sort definition, ties and all', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + Math.floor(rng() * 300);
      // Every third case is heavily tied (a few distinct values), as discrete parameters are.
      const distinct = trial % 3 === 0 ? 1 + Math.floor(rng() * 4) : 0;
      const mus = Array.from({ length: n }, () => (distinct ? Math.floor(rng() * distinct) : rng() * 10));
      for (const endpoints of [true, false]) for (const clip of [true, false]) expect(bandwidths(mus, -1, 11, endpoints, clip)).toEqual(referenceBandwidths(mus, -1, 11, endpoints, clip));
    }
  });

  it('splits good and bad trials as a full sort would, with ties broken by trial number', () => {
    const rng = createRng(5);
    const history: TrialRecord[] = Array.from({ length: 400 }, (_, i) => ({
      number: i,
      params: {},
      state: i % 17 === 0 ? 'running' : 'complete',
      value: Math.round(rng() * 50) / 10, // many equal values
    }));
    for (const direction of ['minimize', 'maximize'] as const) {
      for (const nBelow of [0, 1, 7, 25, 399, 500]) {
        const { below, above } = splitTrials(history, nBelow, direction, true);
        const sign = direction === 'minimize' ? 1 : -1;
        const complete = history.filter((t) => t.state === 'complete').sort((a, b) => sign * (a.value! - b.value!) || a.number - b.number);
        const expectedBelow = complete.slice(0, nBelow).map((t) => t.number).sort((a, b) => a - b);
        expect(below.map((t) => t.number)).toEqual(expectedBelow);
        expect(above.length + below.length).toBe(history.length);
      }
    }
  });
});
