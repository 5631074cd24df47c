import { describe, expect, it } from 'vitest';
import { erf, erfc, logGaussMass, logNdtr, logNdtrExact, ndtr, ndtri, ndtriExp, truncNormPpf } from '../../../search-spaces/tpe/distributions.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('TPE special functions', () => {
  it('erfc / erf match reference values', () => {
    const ref: [number, number][] = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [2, 0.004677734981047266],
      [2.5, 0.000406952017444959],
      [3, 2.209049699858544e-5],
      [5, 1.5374597944280349e-12],
      [10, 2.088487583762545e-45],
      [-1, 1.8427007929497148],
    ];
    for (const [x, v] of ref) expect(rel(erfc(x), v), `erfc(${x})`).toBeLessThan(1e-12);
    expect(rel(erf(0.1), 0.1124629160182849)).toBeLessThan(1e-13);
    expect(rel(erf(-3), -0.9999779095030014)).toBeLessThan(1e-14);
  });

  it('log ndtr is accurate in both tails', () => {
    expect(rel(ndtr(-1.96), 0.024997895148220435)).toBeLessThan(1e-12);
    expect(rel(logNdtr(-40), -804.6084420137538)).toBeLessThan(1e-12);
    expect(rel(logNdtr(-5), Math.log(2.866515718791939e-7))).toBeLessThan(1e-12);
    expect(rel(logNdtr(8), -6.220960574271785e-16)).toBeLessThan(1e-6);
    expect(logNdtr(0)).toBeCloseTo(Math.log(0.5), 14);
  });

  it('the interpolated log ndtr matches the exact one everywhere', () => {
    let worst = 0;
    for (let x = -45; x <= 12; x += 0.0137) {
      const exact = logNdtrExact(x);
      const err = Math.abs(logNdtr(x) - exact) / Math.max(Math.abs(exact), 1e-300);
      if (x < 6) worst = Math.max(worst, err); // beyond, both are ~1e-10 and relative error is meaningless
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('ndtri inverts ndtr, also from log probabilities', () => {
    expect(rel(ndtri(0.975), 1.959963984540054)).toBeLessThan(1e-12);
    expect(rel(ndtri(1e-10), -6.361340902404056)).toBeLessThan(1e-12);
    for (const p of [1e-300, 1e-50, 1e-5, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-12]) {
      const x = ndtri(p);
      expect(rel(ndtr(x), p), `p=${p}`).toBeLessThan(1e-9);
    }
    expect(rel(ndtriExp(-1000), -44.58)).toBeLessThan(1e-3);
    expect(rel(ndtriExp(logNdtr(-30)), -30)).toBeLessThan(1e-12);
    expect(rel(ndtriExp(logNdtr(6)), 6)).toBeLessThan(1e-6);
  });

  it('gauss mass is stable in tails and centre', () => {
    expect(Math.exp(logGaussMass(-1, 1))).toBeCloseTo(0.6826894921370859, 14);
    expect(rel(logGaussMass(30, 31), logNdtr(-30) + Math.log1p(-Math.exp(logNdtr(-31) - logNdtr(-30))))).toBeLessThan(1e-12);
    expect(rel(Math.exp(logGaussMass(0.1, 0.1 + 1e-8)), 1e-8 * Math.exp(-0.005) / Math.sqrt(2 * Math.PI))).toBeLessThan(1e-6);
    expect(logGaussMass(1, 1)).toBe(-Infinity);
  });

  it('truncated normal quantiles stay in the interval and invert the truncated CDF', () => {
    for (const [a, b] of [[-1, 1], [-0.2, 50], [3, 4], [-60, -59], [-100, 0.5]]) {
      for (const q of [0, 0.01, 0.5, 0.99, 0.999999]) {
        const x = truncNormPpf(q, a, b);
        expect(x >= a && x <= b, `${a},${b},${q}`).toBe(true);
        if (q > 0) {
          const got = Math.exp(logGaussMass(a, x) - logGaussMass(a, b));
          expect(Math.abs(got - q), `${a},${b},${q}`).toBeLessThan(1e-7);
        }
      }
    }
  });
});
