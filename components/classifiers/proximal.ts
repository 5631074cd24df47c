/**
 * Accelerated proximal gradient (FISTA, Beck & Teboulle 2009) for
 *   F(x) = f(x) + sum_j lambda_j |x_j|
 * with f smooth: the step size comes from a backtracking line search on f (the Lipschitz
 * estimate L doubles until the quadratic upper bound holds, and is allowed to shrink a little
 * every iteration), the prox of the L1 term is soft-thresholding, and coordinates with
 * lambda_j = 0 (intercepts) are plain gradient steps. Momentum is restarted whenever F would
 * increase (O'Donoghue & Candès' function restart), so the accepted iterates decrease F
 * monotonically. Deterministic: no randomness anywhere.
 */
import type { Objective } from './lbfgs.js';

export interface ProximalOptions {
  /** Per-coordinate L1 strength lambda_j >= 0 (0 = unpenalised). */
  l1: Float64Array;
  maxIter: number;
  /**
   * Converged when max_j |x_j - x_j'| <= tol * max_j |x_j| over one step, or when the largest
   * component of the minimum-norm subgradient of F at the iterate is <= tol.
   */
  tol: number;
  /** Polled before every iteration; true stops with the current iterate. */
  shouldStop?: () => boolean;
  onIteration?: (iteration: number, F: number) => void;
}

export type ProximalStop = 'gtol' | 'xtol' | 'maxIter' | 'stopped' | 'lineSearch';

export interface ProximalResult {
  x: Float64Array;
  /** F(x), the smooth part plus the L1 term. */
  f: number;
  /** Largest component of the minimum-norm subgradient of F at x (0 at an exact optimum). */
  gradMax: number;
  iterations: number;
  stop: ProximalStop;
  /** F after each iteration, starting with F(x0). */
  history: number[];
}

/** Backtracking gives up (stop 'lineSearch') once L exceeds this. */
const MAX_LIPSCHITZ = 1e20;

export function minimizeProximal(smooth: Objective, x0: Float64Array, options: ProximalOptions): ProximalResult {
  const n = x0.length;
  const { l1, tol, maxIter } = options;
  if (l1.length !== n) throw new Error(`proximal: ${l1.length} L1 strengths for ${n} coordinates`);

  // Accepted iterate x with its smooth value, gradient and full objective.
  let x = Float64Array.from(x0);
  let gx = new Float64Array(n);
  let fx = smooth(x, gx);
  let Fx = fx + l1Norm(l1, x);
  // Extrapolated point y, its gradient, and the trial point.
  const y = Float64Array.from(x);
  const gy = new Float64Array(n);
  let trial = new Float64Array(n);
  let gTrial = new Float64Array(n);
  const history = [Fx];
  let t = 1;
  // The normalised losses here have curvature of order one; backtracking corrects the guess.
  let L = 1;
  let momentum = false;

  const done = (stop: ProximalStop, iterations: number): ProximalResult => ({
    x,
    f: Fx,
    gradMax: subgradientMax(l1, x, gx),
    iterations,
    stop,
    history,
  });
  if (subgradientMax(l1, x, gx) <= tol) return done('gtol', 0);

  for (let iter = 1; iter <= maxIter; iter++) {
    if (options.shouldStop?.()) return done('stopped', iter - 1);
    // Smooth value and gradient at y; without momentum y = x, whose gradient is known.
    let fy: number;
    if (momentum) {
      fy = smooth(y, gy);
    } else {
      y.set(x);
      gy.set(gx);
      fy = fx;
    }
    // Backtracking: the smallest L (from a slightly shrunk guess, doubling) for which
    // f(p) <= f(y) + g'(p - y) + L/2 ||p - y||^2 with p = prox(y - g / L).
    L *= 0.8;
    let fTrial: number;
    for (;;) {
      proxStep(y, gy, l1, L, trial);
      fTrial = smooth(trial, gTrial);
      let linear = 0;
      let squares = 0;
      for (let j = 0; j < n; j++) {
        const d = trial[j] - y[j];
        linear += gy[j] * d;
        squares += d * d;
      }
      // Relative slack so rounding at the optimum cannot make the test fail forever.
      const slack = 1e-12 * Math.max(1, Math.abs(fy));
      if (Number.isFinite(fTrial) && fTrial <= fy + linear + 0.5 * L * squares + slack) break;
      L *= 2;
      if (L > MAX_LIPSCHITZ) return done('lineSearch', iter - 1);
    }
    const FTrial = fTrial + l1Norm(l1, trial);
    if (momentum && FTrial > Fx) {
      // The extrapolation overshot: drop the momentum and take a plain step from x instead.
      momentum = false;
      t = 1;
      iter--;
      continue;
    }
    // Accept: x_prev -> x, then extrapolate y = x + ((t - 1) / t') (x - x_prev).
    let change = 0;
    let size = 0;
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const beta = (t - 1) / tNext;
    for (let j = 0; j < n; j++) {
      const d = trial[j] - x[j];
      change = Math.max(change, Math.abs(d));
      size = Math.max(size, Math.abs(trial[j]));
      y[j] = trial[j] + beta * d;
    }
    t = tNext;
    momentum = beta > 0;
    [x, trial] = [trial, x];
    [gx, gTrial] = [gTrial, gx];
    fx = fTrial;
    Fx = FTrial;
    history.push(Fx);
    options.onIteration?.(iter, Fx);
    if (subgradientMax(l1, x, gx) <= tol) return done('gtol', iter);
    if (change <= tol * size) return done('xtol', iter);
  }
  return done('maxIter', maxIter);
}

/** out = prox_{lambda / L}(y - g / L): soft-thresholding, plain step where lambda_j = 0. */
function proxStep(y: Float64Array, g: Float64Array, l1: Float64Array, L: number, out: Float64Array): void {
  for (let j = 0; j < y.length; j++) {
    const v = y[j] - g[j] / L;
    const threshold = l1[j] / L;
    out[j] = v > threshold ? v - threshold : v < -threshold ? v + threshold : 0;
  }
}

function l1Norm(l1: Float64Array, x: Float64Array): number {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += l1[j] * Math.abs(x[j]);
  return s;
}

/** max_j of the smallest |g_j + lambda_j s| over subgradients s of |x_j|. */
export function subgradientMax(l1: Float64Array, x: Float64Array, g: Float64Array): number {
  let m = 0;
  for (let j = 0; j < x.length; j++) {
    const r = x[j] > 0 ? g[j] + l1[j] : x[j] < 0 ? g[j] - l1[j] : Math.max(0, Math.abs(g[j]) - l1[j]);
    m = Math.max(m, Math.abs(r));
  }
  return m;
}
