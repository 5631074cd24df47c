import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from '../../../components/classifiers/lbfgs.js';

describe('L-BFGS', () => {
  it('minimises the Rosenbrock function from the classic start', () => {
    // f(x, y) = (1 - x)^2 + 100 (y - x^2)^2, minimum 0 at (1, 1).
    const rosenbrock = (p: Float64Array, g: Float64Array) => {
      const [x, y] = p;
      g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g[1] = 200 * (y - x * x);
      return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    };
    const result = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { maxIter: 200, gtol: 1e-9, ftol: 0 });
    expect(result.stop).toBe('gtol');
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    for (let i = 1; i < result.history.length; i++) expect(result.history[i]).toBeLessThan(result.history[i - 1]);
  });

  it('solves an ill-conditioned quadratic', () => {
    // f = sum_i c_i (x_i - 1)^2 / 2 with curvatures from 1 to 1e4. scipy's L-BFGS-B (m = 10)
    // needs 1006 iterations to reach a gradient of 1e-8 here; allow a little more.
    const c = Float64Array.from({ length: 50 }, (_, i) => 10 ** ((4 * i) / 49));
    const quadratic = (x: Float64Array, g: Float64Array) => {
      let f = 0;
      for (let i = 0; i < x.length; i++) {
        g[i] = c[i] * (x[i] - 1);
        f += (c[i] * (x[i] - 1) ** 2) / 2;
      }
      return f;
    };
    const result = minimizeLbfgs(quadratic, new Float64Array(50), { maxIter: 1500, gtol: 1e-8, ftol: 0 });
    expect(result.stop).toBe('gtol');
    for (const v of result.x) expect(v).toBeCloseTo(1, 6);
  });

  it('returns at once from a stationary start', () => {
    const result = minimizeLbfgs((x, g) => (g.fill(0), 0), new Float64Array(3), { maxIter: 10, gtol: 1e-6 });
    expect(result).toMatchObject({ stop: 'gtol', iterations: 0 });
  });
});
