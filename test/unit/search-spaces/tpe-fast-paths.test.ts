/**
 * The fast paths of an ask give what the plain definitions give: bandwidths from a typed-array
 * sort equal those of a comparator sort of the indices (ties by index), the good/bad split
 * by partial selection equals the one a full sort of the trials gives, and the mixture's fused
 * density loop (kernels dropped early) gives the very bits of adding whole columns.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/random.js';
import { Rng } from '../../../search-spaces/rng.js';
import type { Mixture } from '../../../search-spaces/tpe/distributions.js';
import { bandwidths, buildParzenEstimator, defaultWeights } from '../../../search-spaces/tpe/parzen-estimator.js';
import { splitTrials } from '../../../search-spaces/tpe/sampler.js';
import type { Distribution, TrialRecord } from '../../../search-spaces/types.js';
import { choiceIndex, numericObservation } from '../../../search-spaces/values.js';

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

/** The definition: every column's log densities added into one vector per point, then log-sum-exp. */
function referenceLogPdf(m: Mixture, weights: number[], xs: number[][]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return xs.map((x) => {
    const acc = new Float64Array(weights.map((w) => Math.log(w / total)));
    m.columns.forEach((c, d) => c.addLogPdf(x[d], acc));
    const max = Math.max(...acc.filter((a) => !Number.isNaN(a)), -Infinity);
    if (max === -Infinity) return -Infinity;
    let sum = 0;
    for (const a of acc) if (a - max > -40) sum += Math.exp(a - max);
    return max + Math.log(sum);
  });
}

describe('TPE fast paths', () => {
  it('mixture densities equal the column-by-column definition bit for bit', () => {
    const dims: Distribution[] = [
      { type: 'float', low: 0, high: 1 },
      { type: 'float', low: 1e-4, high: 1, log: true },
      { type: 'int', low: 1, high: 12 },
      { type: 'categorical', choices: ['a', 'b', 'c'] },
      { type: 'float', low: -5, high: 10, step: 0.5 },
    ];
    const rng = Rng.fromSeed(3);
    for (const [n, pick, priorWeight] of [[1000, [0, 1, 0, 0, 1, 0], 1], [300, [0, 1, 2, 3, 4], 1], [40, [2, 3], 1], [500, [0], 0], [0, [0, 1], 1], [200, [3, 0, 4], 0.3]] as const) {
      const space = pick.map((i) => dims[i]);
      const point = () => space.map((d) => (d.type === 'categorical' ? choiceIndex(d, d.choices[rng.nextInt(d.choices.length)]) : numericObservation(d, d.low + rng.nextFloat() * (d.high - d.low))!));
      // Observations clustered (as a search's are) and spread: kernels near and far.
      const obs = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? point() : space.map((d) => (d.type === 'categorical' ? 0 : numericObservation(d, d.low + (0.3 + 0.01 * rng.nextFloat()) * (d.high - d.low))!))));
      for (const clip of [true, false]) {
        const params = { priorWeight, considerMagicClip: clip, considerEndpoints: false, weights: defaultWeights };
        const m = buildParzenEstimator(space, obs, params);
        const weights = n === 0 ? [1] : [...defaultWeights(n), priorWeight];
        const xs = [...m.sample(rng, 40), ...Array.from({ length: 10 }, point)];
        expect(m.logPdf(xs)).toEqual(referenceLogPdf(m, weights, xs));
      }
    }
  });


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

  it('bandwidths from a remembered sort (values added and removed between asks) equal the definition', () => {
    const rng = createRng(23);
    for (const distinct of [0, 5]) {
      const key = {};
      const draw = () => (distinct ? Math.floor(rng() * distinct) - 2 : rng() * 10 - 1); // ties and -0 with `distinct`
      let mus = Array.from({ length: 100 }, draw);
      for (let step = 0; step < 150; step++) {
        const r = rng();
        if (r < 0.1) mus = Array.from({ length: 60 + Math.floor(rng() * 200) }, draw); // a different list
        else {
          mus = [...mus];
          for (let k = Math.floor(rng() * 3); k > 0; k--) mus.splice(Math.floor(rng() * mus.length), 1);
          for (let k = Math.floor(rng() * 3); k > 0; k--) mus.splice(Math.floor(rng() * (mus.length + 1)), 0, draw());
          for (let k = 1 + Math.floor(rng() * 3); k > 0; k--) mus.push(r < 0.15 ? -0 : draw());
        }
        expect(bandwidths(mus, -3, 11, false, true, key)).toEqual(referenceBandwidths(mus, -3, 11, false, true));
      }
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
