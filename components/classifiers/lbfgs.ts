/**
 * Limited-memory BFGS (Nocedal & Wright, "Numerical Optimization", algorithms 7.4/7.5) with
 * a strong-Wolfe line search (algorithms 3.5/3.6, cubic interpolation). The Wolfe curvature
 * condition keeps s'y > 0, so the inverse-Hessian approximation stays positive definite and
 * every accepted step decreases f.
 */

/** Returns f(x) and writes the gradient into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIter: number;
  /** Converged when the largest absolute gradient component is <= gtol (scipy's pgtol). */
  gtol: number;
  /** Converged when one iteration lowers f by <= ftol relative to max(|f|, 1). */
  ftol?: number;
  /** Number of (s, y) correction pairs kept. */
  memory?: number;
  /** Polled before every iteration; true stops with the current iterate. */
  shouldStop?: () => boolean;
  onIteration?: (iteration: number, f: number) => void;
}

export type LbfgsStop = 'gtol' | 'ftol' | 'maxIter' | 'stopped' | 'lineSearch';

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  /** Largest absolute gradient component at x. */
  gradMax: number;
  iterations: number;
  stop: LbfgsStop;
  /** f after each iteration, starting with f(x0). */
  history: number[];
}

/** scipy's default for sklearn's lbfgs: 64 machine epsilons. */
const DEFAULT_FTOL = 64 * Number.EPSILON;

export function minimizeLbfgs(objective: Objective, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const m = options.memory ?? 10;
  const ftol = options.ftol ?? DEFAULT_FTOL;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let xNext = new Float64Array(n);
  let gNext = new Float64Array(n);
  let f = objective(x, g);
  const history = [f];
  const memory = new CorrectionMemory(n, m);
  const direction = new Float64Array(n);
  const done = (stop: LbfgsStop, iterations: number): LbfgsResult => ({ x, f, gradMax: maxAbs(g), iterations, stop, history });
  if (maxAbs(g) <= options.gtol) return done('gtol', 0);

  for (let iter = 1; iter <= options.maxIter; iter++) {
    if (options.shouldStop?.()) return done('stopped', iter - 1);
    memory.direction(g, direction);
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Numerical trouble made the quasi-Newton direction uphill: restart from steepest descent.
      memory.clear();
      for (let i = 0; i < n; i++) direction[i] = -g[i];
      slope = -dot(g, g);
    }
    // Without curvature information the first step is scaled to unit length, as scipy does.
    const firstStep = memory.size === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const step = wolfeLineSearch(objective, x, f, slope, direction, firstStep, xNext, gNext);
    if (!step) {
      if (memory.size === 0) return done('lineSearch', iter - 1);
      memory.clear();
      iter--;
      continue;
    }
    memory.push(x, xNext, g, gNext);
    const previous = f;
    [x, xNext] = [xNext, x];
    [g, gNext] = [gNext, g];
    f = step.f;
    history.push(f);
    options.onIteration?.(iter, f);
    if (maxAbs(g) <= options.gtol) return done('gtol', iter);
    if (previous - f <= ftol * Math.max(Math.abs(previous), Math.abs(f), 1)) return done('ftol', iter);
  }
  return done('maxIter', options.maxIter);
}

/** The last m steps s = x' - x and gradient changes y = g' - g, in a ring buffer. */
class CorrectionMemory {
  private readonly s: Float64Array[] = [];
  private readonly y: Float64Array[] = [];
  private readonly rho: number[] = [];
  private readonly alpha: number[];
  private newest = -1;
  size = 0;

  constructor(
    private readonly n: number,
    private readonly m: number,
  ) {
    this.alpha = new Array<number>(m).fill(0);
  }

  clear(): void {
    this.size = 0;
    this.newest = -1;
  }

  push(x: Float64Array, xNext: Float64Array, g: Float64Array, gNext: Float64Array): void {
    const slot = (this.newest + 1) % this.m;
    if (this.s.length <= slot) {
      this.s.push(new Float64Array(this.n));
      this.y.push(new Float64Array(this.n));
      this.rho.push(0);
    }
    const s = this.s[slot];
    const y = this.y[slot];
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < this.n; i++) {
      s[i] = xNext[i] - x[i];
      y[i] = gNext[i] - g[i];
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    // A pair without positive curvature would break positive definiteness: skip it. Its slot
    // held the oldest pair when the ring was full, so that pair is dropped too.
    if (!(sy > Number.EPSILON * yy)) {
      if (this.size === this.m) this.size--;
      return;
    }
    this.rho[slot] = 1 / sy;
    this.newest = slot;
    this.size = Math.min(this.size + 1, this.m);
  }

  /** out = -H g by the two-loop recursion, with H0 = (s'y / y'y) I from the newest pair. */
  direction(g: Float64Array, out: Float64Array): void {
    const n = this.n;
    out.set(g);
    for (let k = 0; k < this.size; k++) {
      const slot = (this.newest - k + this.m) % this.m;
      const a = this.rho[slot] * dot(this.s[slot], out);
      this.alpha[slot] = a;
      const y = this.y[slot];
      for (let i = 0; i < n; i++) out[i] -= a * y[i];
    }
    if (this.size > 0) {
      const y = this.y[this.newest];
      const gamma = 1 / (this.rho[this.newest] * dot(y, y));
      for (let i = 0; i < n; i++) out[i] *= gamma;
    }
    for (let k = this.size - 1; k >= 0; k--) {
      const slot = (this.newest - k + this.m) % this.m;
      const b = this.rho[slot] * dot(this.y[slot], out);
      const s = this.s[slot];
      const c = this.alpha[slot] - b;
      for (let i = 0; i < n; i++) out[i] += c * s[i];
    }
    for (let i = 0; i < n; i++) out[i] = -out[i];
  }
}

const C1 = 1e-4;
const C2 = 0.9;
const MAX_EVALUATIONS = 50;

interface Trial {
  a: number;
  f: number;
  slope: number;
}

/**
 * Finds a step a along d with f(x + a d) <= f0 + c1 a slope0 and |f'(a)| <= c2 |slope0|.
 * On success xOut/gOut hold the accepted point and its gradient. Returns undefined if no
 * step decreasing f was found within the evaluation budget.
 */
function wolfeLineSearch(
  objective: Objective,
  x: Float64Array,
  f0: number,
  slope0: number,
  d: Float64Array,
  firstStep: number,
  xOut: Float64Array,
  gOut: Float64Array,
): { f: number } | undefined {
  let evaluations = 0;
  let last: Trial | undefined;
  const evaluate = (a: number): Trial => {
    evaluations++;
    for (let i = 0; i < x.length; i++) xOut[i] = x[i] + a * d[i];
    const f = objective(xOut, gOut);
    last = { a, f, slope: dot(gOut, d) };
    return last;
  };
  const sufficientDecrease = (t: Trial) => Number.isFinite(t.f) && t.f <= f0 + C1 * t.a * slope0;
  const curvature = (t: Trial) => Math.abs(t.slope) <= -C2 * slope0;
  /** xOut/gOut hold the last evaluated point: re-evaluate when accepting an earlier one. */
  const accept = (t: Trial) => ({ f: t === last ? t.f : evaluate(t.a).f });

  let previous: Trial = { a: 0, f: f0, slope: slope0 };
  let a = firstStep;
  let lo: Trial;
  let hi: Trial;
  // Bracketing phase: grow the step until it overshoots the minimum along d.
  for (;;) {
    const t = evaluate(a);
    if (!sufficientDecrease(t) || (previous.a > 0 && t.f >= previous.f)) {
      lo = previous;
      hi = t;
      break;
    }
    if (curvature(t)) return { f: t.f };
    if (t.slope >= 0) {
      lo = t;
      hi = previous;
      break;
    }
    if (evaluations >= MAX_EVALUATIONS) return accept(t);
    previous = t;
    a *= 2;
  }
  // Zoom phase: shrink [lo, hi], which brackets a point satisfying both conditions.
  while (evaluations < MAX_EVALUATIONS && Math.abs(hi.a - lo.a) > 1e-12 * Math.max(lo.a, hi.a)) {
    const t = evaluate(interpolate(lo, hi));
    if (!sufficientDecrease(t) || t.f >= lo.f) {
      hi = t;
      continue;
    }
    if (curvature(t)) return { f: t.f };
    if (t.slope * (hi.a - lo.a) >= 0) hi = lo;
    lo = t;
  }
  // Out of budget: the best point seen still decreases f, which is enough to make progress.
  return lo.a > 0 ? accept(lo) : undefined;
}

/** Minimiser of the cubic through both trials' values and slopes, kept well inside the interval. */
function interpolate(p: Trial, q: Trial): number {
  const d1 = p.slope + q.slope - (3 * (p.f - q.f)) / (p.a - q.a);
  const discriminant = d1 * d1 - p.slope * q.slope;
  const low = Math.min(p.a, q.a);
  const width = Math.abs(q.a - p.a);
  if (Number.isFinite(discriminant) && discriminant >= 0 && Number.isFinite(q.f)) {
    const d2 = Math.sign(q.a - p.a) * Math.sqrt(discriminant);
    const a = q.a - ((q.a - p.a) * (q.slope + d2 - d1)) / (q.slope - p.slope + 2 * d2);
    if (a >= low + 0.1 * width && a <= low + 0.9 * width) return a;
  }
  return low + width / 2;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
