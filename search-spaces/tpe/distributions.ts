/**
 * The probability pieces of TPE: Gaussian special functions computed in log space where it
 * matters, truncated (and discretised) normal kernels, categorical kernels, and the mixture of
 * product kernels that a Parzen estimator is.
 *
 * Numeric kernels live in the transformed space: log(x) for log-scale parameters, widened by
 * half a step on each side for stepped/int parameters so that each grid value owns one cell.
 * A stepped parameter's probability of a value is the kernel mass of its cell.
 *
 * Pure math; allocation-light; no state beyond what the constructors are given.
 */
import type { Rng } from '../rng.js';
import { stepOf, transform, transformedBounds, untransform, type NumericDistribution } from '../values.js';
import { lowerBound } from '../../core/lower-bound.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const LOG_HALF = Math.log(0.5);

/** Below this, erf by its Maclaurin series; above, erfc by its continued fraction. */
const SERIES_LIMIT = 2.5;

function erfSeries(z: number): number {
  // erf(z) = 2/sqrt(pi) * sum_n (-1)^n z^(2n+1) / (n! (2n+1))
  const z2 = z * z;
  let term = z; // (-1)^n z^(2n+1) / n!
  let sum = z;
  for (let n = 1; n < 200; n++) {
    term *= -z2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/** log of the continued fraction K(z) with erfc(z) = exp(-z^2) / sqrt(pi) * K(z), z >= SERIES_LIMIT. */
function logErfcContinuedFraction(z: number): number {
  // K(z) = 1 / (z + (1/2) / (z + 1 / (z + (3/2) / (z + 2 / (z + ...))))), modified Lentz.
  const tiny = 1e-300;
  let f = z;
  let c = z;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = z + a * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = z + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return -z * z - LOG_SQRT_PI - Math.log(f);
}

/** log(erfc(z)), accurate far into the right tail (no underflow). */
export function logErfc(z: number): number {
  if (z >= SERIES_LIMIT) return logErfcContinuedFraction(z);
  if (z > -SERIES_LIMIT) return Math.log1p(-erfSeries(z));
  return Math.log(2 - Math.exp(logErfcContinuedFraction(-z)));
}

export function erfc(z: number): number {
  if (z >= SERIES_LIMIT) return Math.exp(logErfcContinuedFraction(z));
  if (z > -SERIES_LIMIT) return 1 - erfSeries(z);
  return 2 - Math.exp(logErfcContinuedFraction(-z));
}

export function erf(z: number): number {
  if (Math.abs(z) < SERIES_LIMIT) return erfSeries(z);
  return z > 0 ? 1 - erfc(z) : erfc(-z) - 1;
}

/** Standard normal CDF. */
export function ndtr(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** log of the standard normal CDF from the series / continued fraction (slow, exact to ~1e-15). */
export function logNdtrExact(x: number): number {
  if (x < 0) return LOG_HALF + logErfc(-x / Math.SQRT2);
  return Math.log1p(-0.5 * erfc(x / Math.SQRT2));
}

export function normLogPdf(x: number): number {
  return -0.5 * x * x - LOG_SQRT_2PI;
}

/**
 * logNdtr on [TABLE_LOW, 0] by cubic Hermite interpolation between exact nodes spaced 1/128
 * apart (values and derivatives pdf/cdf), relative error ~1e-12: TPE evaluates it hundreds of
 * thousands of times per ask. Built once at load, deterministically.
 */
const TABLE_LOW = -8;
const TABLE_STEPS_PER_UNIT = 128;
const TABLE_H = 1 / TABLE_STEPS_PER_UNIT;
const TABLE_N = -TABLE_LOW * TABLE_STEPS_PER_UNIT;
const tableF = new Float64Array(TABLE_N + 1);
const tableD = new Float64Array(TABLE_N + 1);
for (let i = 0; i <= TABLE_N; i++) {
  const x = TABLE_LOW + i * TABLE_H;
  const f = logNdtrExact(x);
  tableF[i] = f;
  tableD[i] = Math.exp(normLogPdf(x) - f);
}

function logNdtrLeft(x: number): number {
  // x <= 0
  if (x < TABLE_LOW) return LOG_HALF + logErfcContinuedFraction(-x / Math.SQRT2);
  const pos = (x - TABLE_LOW) * TABLE_STEPS_PER_UNIT;
  let i = Math.floor(pos);
  if (i >= TABLE_N) i = TABLE_N - 1;
  const t = pos - i;
  const f0 = tableF[i];
  const f1 = tableF[i + 1];
  const d0 = tableD[i] * TABLE_H;
  const d1 = tableD[i + 1] * TABLE_H;
  const t2 = t * t;
  const t3 = t2 * t;
  return (2 * t3 - 3 * t2 + 1) * f0 + (t3 - 2 * t2 + t) * d0 + (-2 * t3 + 3 * t2) * f1 + (t3 - t2) * d1;
}

/** log of the standard normal CDF, accurate in both tails. */
export function logNdtr(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return logNdtrLeft(x);
  if (x > 40) return 0;
  return Math.log1p(-Math.exp(logNdtrLeft(-x)));
}

/** Standard normal CDF for x <= 0 (fast path); below -8.3 it is under 1e-16 and counts as 0 next to 1. */
function ndtrLeftNegligible(x: number): number {
  return x < -8.3 ? 0 : Math.exp(logNdtrLeft(x));
}

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** log(exp(a) - exp(b)) for a >= b. */
function logDiffExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (b >= a) return -Infinity;
  return a + Math.log1p(-Math.exp(b - a));
}

/** Below this width the mass is integrated by the midpoint rule (the CDF difference would cancel). */
const NARROW = 1e-3;

/** log of the standard normal mass on [a, b], stable in both tails and in the centre. */
export function logGaussMass(a: number, b: number): number {
  if (!(b > a)) return -Infinity;
  const w = b - a;
  if (w < NARROW && Number.isFinite(w)) {
    // Midpoint rule with its second-order correction: relative error ~ w^4 (m^4) / 1000.
    const m = 0.5 * (a + b);
    return normLogPdf(m) + Math.log(w) + Math.log1p((w * w * (m * m - 1)) / 24);
  }
  if (b <= 0) return logDiffExp(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiffExp(logNdtr(-a), logNdtr(-b));
  // Central: 1 - Phi(a) - Phi(-b) with both terms <= 0.5, no cancellation against 1.
  return Math.log1p(-ndtrLeftNegligible(a) - ndtrLeftNegligible(-b));
}

/** Acklam's rational approximation of the normal quantile (relative error ~1e-9), refined by the callers. */
function ndtriApprox(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549671348850903, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const q = Math.sqrt(-2 * Math.log1p(-p));
  return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
}

/** x with logNdtr(x) = logP, for logP <= log(1/2) (the left half, where logNdtr is accurate). */
function ndtriLeftFromLog(logP: number): number {
  let x: number;
  if (logP > -700) x = Math.min(ndtriApprox(Math.exp(logP)), 0);
  else x = -Math.sqrt(-2 * (logP + LOG_SQRT_2PI)); // Gaussian tail asymptote
  // Newton on f(x) = logNdtr(x) - logP, f'(x) = pdf(x) / cdf(x).
  for (let i = 0; i < 50; i++) {
    const lc = logNdtr(x);
    const dx = (lc - logP) * Math.exp(lc - normLogPdf(x));
    x -= dx;
    if (!(Math.abs(dx) > 1e-12 * Math.max(1, Math.abs(x)))) break;
  }
  return x;
}

/** Inverse of logNdtr: x with log(Phi(x)) = logP, logP <= 0. */
export function ndtriExp(logP: number): number {
  if (logP >= 0) return Infinity;
  if (logP === -Infinity) return -Infinity;
  if (logP <= LOG_HALF) return ndtriLeftFromLog(logP);
  // Phi(x) > 1/2: solve for -x in the left tail, log(1 - Phi(x)) = log(-expm1(logP)).
  return -ndtriLeftFromLog(Math.log(-Math.expm1(logP)));
}

/** Standard normal quantile. */
export function ndtri(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p <= 0.5) return ndtriLeftFromLog(Math.log(p));
  return -ndtriLeftFromLog(Math.log1p(-p));
}

/**
 * Quantile q in [0, 1) of the standard normal truncated to [a, b] (a < b); computed on the
 * side where the CDF is accurate, clamped into [a, b].
 */
export function truncNormPpf(q: number, a: number, b: number, logMass = logGaussMass(a, b)): number {
  if (!(b > a) || logMass === -Infinity) return Math.min(Math.max(0, a), b);
  let x: number;
  if (a < 0) x = ndtriExp(logAddExp(logNdtr(a), Math.log(q) + logMass));
  else x = -ndtriExp(logAddExp(logNdtr(-b), Math.log1p(-q) + logMass));
  if (Number.isNaN(x)) x = 0;
  return Math.min(Math.max(x, a), b);
}

/** Cells narrower than this many kernel bandwidths use the midpoint rule. */
const NARROW_CELL = 0.1;

/** One dimension of a mixture: per-kernel sampling and per-kernel log densities. */
export interface KernelColumn {
  readonly size: number;
  /** A value drawn from kernel k (numeric: a valid parameter value; categorical: a choice index). */
  sample(k: number, rng: Rng): number;
  /** Adds log p(x | kernel k) for every kernel k into `out`. */
  addLogPdf(x: number, out: Float64Array): void;
}

/** One kernel per entry, continuous: log p(x | k) = -z^2/2 - log sqrt(2 pi) - logSigma[k] - logNorm[k], z = (t - mu[k]) / sigma[k]. */
export interface ContinuousKernels {
  readonly dist: NumericDistribution;
  readonly mu: Float64Array;
  readonly sigma: Float64Array;
  readonly logSigma: Float64Array;
  readonly logNorm: Float64Array;
  /** The observation kernels (all but the last, the prior) by ascending mu, when known. */
  readonly byMu?: SortedKernels;
}

/** Kernels 0..n-1 in ascending order of mu (`order`), and their mus in that order (`sorted`). */
export interface SortedKernels {
  readonly order: Int32Array;
  readonly sorted: Float64Array;
}

/**
 * Truncated normal kernels for one numeric parameter, in the transformed space.
 * `mus` and `sigmas` are transformed-space locations and bandwidths.
 */
export class NumericKernels implements KernelColumn {
  readonly size: number;
  private readonly low: number;
  private readonly high: number;
  private readonly step: number | undefined;
  /** Distinct (mu, sigma) pairs: kernels often coincide for discrete parameters. */
  // Typed arrays: the density loops over them run for every candidate and kernel.
  private readonly uMu: Float64Array;
  private readonly uSigma: Float64Array;
  private readonly uLogNorm: Float64Array;
  private readonly uLogSigma: Float64Array;
  private readonly inverse: Int32Array;
  /** Kernel k is distinct kernel k (no two coincide): densities add straight into the sums. */
  private readonly identity: boolean;
  /** One entry per distinct kernel, for addLogPdf when kernels coincide (allocated on first use). */
  private scratch: Float64Array | undefined;
  private readonly discreteCache = new Map<number, Float64Array>();

  constructor(
    private readonly dist: NumericDistribution,
    mus: ArrayLike<number>,
    sigmas: ArrayLike<number>,
    /** The kernels but the last by ascending mu, if the caller has sorted them (see ContinuousKernels). */
    private readonly byMu?: SortedKernels,
  ) {
    this.size = mus.length;
    const { low, high } = transformedBounds(dist);
    this.low = low;
    this.high = high;
    this.step = stepOf(dist);
    // Continuous kernels almost never coincide: no lookup, one kernel each (the same densities).
    const { inverse, unique } = this.step !== undefined ? distinctKernels(mus, sigmas) : { inverse: identityIndex(this.size), unique: undefined };
    this.inverse = inverse;
    // Plain loops: typed-array from/map with callbacks are several times slower in V8.
    const m = unique ? unique.length : this.size;
    this.uMu = new Float64Array(m);
    this.uSigma = new Float64Array(m);
    this.uLogSigma = new Float64Array(m);
    this.uLogNorm = new Float64Array(m);
    // Most bandwidths are the clip's minimum, the same number: its log is taken once.
    let lastSigma = NaN;
    let lastLogSigma = NaN;
    for (let u = 0; u < m; u++) {
      const k = unique ? unique[u] : u;
      const mu = mus[k];
      const sigma = sigmas[k];
      this.uMu[u] = mu;
      this.uSigma[u] = sigma;
      if (sigma !== lastSigma) {
        lastSigma = sigma;
        lastLogSigma = Math.log(sigma);
      }
      this.uLogSigma[u] = lastLogSigma;
      this.uLogNorm[u] = logGaussMass((low - mu) / sigma, (high - mu) / sigma);
    }
    this.identity = m === this.size;
  }

  /**
   * The kernels' arrays when kernel k is distinct kernel k of a continuous parameter, for
   * Mixture's fused density loop (which computes the same terms as addLogPdf); else undefined.
   */
  continuous(): ContinuousKernels | undefined {
    if (this.step !== undefined || !this.identity) return undefined;
    const byMu = this.byMu?.order.length === this.size - 1 ? this.byMu : undefined;
    return { dist: this.dist, mu: this.uMu, sigma: this.uSigma, logSigma: this.uLogSigma, logNorm: this.uLogNorm, byMu };
  }

  sample(k: number, rng: Rng): number {
    const u = this.inverse[k];
    const mu = this.uMu[u];
    const sigma = this.uSigma[u];
    const z = truncNormPpf(rng.nextFloat(), (this.low - mu) / sigma, (this.high - mu) / sigma, this.uLogNorm[u]);
    const t = Math.min(Math.max(mu + sigma * z, this.low), this.high);
    return untransform(this.dist, t);
  }

  addLogPdf(x: number, out: Float64Array): void {
    let column: Float64Array;
    if (this.step === undefined) {
      const t = transform(this.dist, x);
      const { uMu, uSigma, uLogSigma, uLogNorm } = this;
      if (this.identity) {
        // One kernel per observation (continuous): add straight into the sums, the same arithmetic.
        for (let k = 0; k < this.size; k++) {
          const z = (t - uMu[k]) / uSigma[k];
          out[k] += -0.5 * z * z - LOG_SQRT_2PI - uLogSigma[k] - uLogNorm[k];
        }
        return;
      }
      column = this.scratch ??= new Float64Array(uMu.length);
      for (let u = 0; u < uMu.length; u++) {
        const z = (t - uMu[u]) / uSigma[u];
        column[u] = -0.5 * z * z - LOG_SQRT_2PI - uLogSigma[u] - uLogNorm[u];
      }
    } else {
      // Candidates of a discrete parameter repeat: each value's column is computed once.
      let cached = this.discreteCache.get(x);
      if (!cached) {
        cached = this.discreteColumn(x);
        this.discreteCache.set(x, cached);
      }
      column = cached;
    }
    const inv = this.inverse;
    for (let k = 0; k < this.size; k++) out[k] += column[inv[k]];
  }

  /** log P(x | kernel) for every distinct kernel: the kernel mass of x's cell over the kernel's mass on the range. */
  private discreteColumn(x: number): Float64Array {
    const n = this.uMu.length;
    const column = new Float64Array(n);
    const half = this.step! / 2;
    const lo = Math.max(transform(this.dist, Math.max(x - half, this.dist.log ? Number.MIN_VALUE : -Infinity)), this.low);
    const hi = Math.min(transform(this.dist, x + half), this.high);
    const mid = 0.5 * (lo + hi);
    const width = hi - lo;
    const logWidth = Math.log(width);
    for (let u = 0; u < n; u++) {
      const mu = this.uMu[u];
      const sigma = this.uSigma[u];
      const w = width / sigma;
      if (w <= NARROW_CELL) {
        // A cell narrow next to the kernel: corrected midpoint rule, relative error ~ w^4 m^4 / 1920.
        const m = (mid - mu) / sigma;
        column[u] = -0.5 * m * m - LOG_SQRT_2PI + logWidth - this.uLogSigma[u] + Math.log1p((w * w * (m * m - 1)) / 24) - this.uLogNorm[u];
      } else column[u] = logGaussMass((lo - mu) / sigma, (hi - mu) / sigma) - this.uLogNorm[u];
    }
    return column;
  }
}

function identityIndex(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) out[k] = k;
  return out;
}

/** Distinct (mu, sigma) pairs: `unique` holds the first kernel of each, `inverse` each kernel's pair. */
function distinctKernels(mus: ArrayLike<number>, sigmas: ArrayLike<number>): { inverse: Int32Array; unique: number[] } {
  const inverse = new Int32Array(mus.length);
  const seen = new Map<number, Map<number, number>>();
  const unique: number[] = [];
  for (let k = 0; k < mus.length; k++) {
    let bySigma = seen.get(mus[k]);
    if (!bySigma) seen.set(mus[k], (bySigma = new Map()));
    let u = bySigma.get(sigmas[k]);
    if (u === undefined) {
      u = unique.length;
      bySigma.set(sigmas[k], u);
      unique.push(k);
    }
    inverse[k] = u;
  }
  return { inverse, unique };
}

/**
 * Categorical kernels: kernel k puts weight 1 on its observed choice plus a prior share
 * `priorWeight / nKernels` on every choice (normalised); the last kernel is the uniform prior.
 * `observed` holds one choice index per observation kernel.
 */
export class CategoricalKernels implements KernelColumn {
  readonly size: number;
  private readonly logHit: number;
  private readonly logMiss: number;
  private readonly logUniform: number;
  private readonly hitProb: number;

  constructor(
    private readonly nChoices: number,
    private readonly observed: readonly number[],
    priorWeight: number,
  ) {
    this.size = observed.length + 1;
    const fill = priorWeight / this.size;
    const rowSum = nChoices * fill + 1;
    this.hitProb = (fill + 1) / rowSum;
    this.logHit = Math.log(this.hitProb);
    this.logMiss = Math.log(fill / rowSum);
    this.logUniform = -Math.log(nChoices);
  }

  sample(k: number, rng: Rng): number {
    if (k >= this.observed.length) return rng.nextInt(this.nChoices);
    const hit = this.observed[k];
    if (this.nChoices === 1) return 0;
    // P(hit) = hitProb; the rest spread evenly over the other choices.
    const u = rng.nextFloat();
    if (u < this.hitProb) return hit;
    const other = Math.min(Math.floor(((u - this.hitProb) / (1 - this.hitProb)) * (this.nChoices - 1)), this.nChoices - 2);
    return other >= hit ? other + 1 : other;
  }

  addLogPdf(x: number, out: Float64Array): void {
    const n = this.observed.length;
    for (let k = 0; k < n; k++) out[k] += this.observed[k] === x ? this.logHit : this.logMiss;
    out[n] += this.logUniform;
  }
}

/** A mixture of product kernels: weight w_k, and kernel k is independent across the columns. */
export class Mixture {
  private readonly logWeights: Float64Array;
  private readonly cumulative: Float64Array;
  private plan: DensityPlan | undefined;
  readonly size: number;

  constructor(
    weights: readonly number[],
    readonly columns: readonly KernelColumn[],
  ) {
    this.size = weights.length;
    for (const c of columns) if (c.size !== this.size) throw new Error(`mixture: column has ${c.size} kernels, expected ${this.size}`);
    let total = 0;
    for (const w of weights) total += w;
    this.logWeights = new Float64Array(this.size);
    this.cumulative = new Float64Array(this.size);
    let acc = 0;
    for (let k = 0; k < this.size; k++) {
      this.logWeights[k] = Math.log(weights[k] / total);
      acc += weights[k] / total;
      this.cumulative[k] = acc;
    }
  }

  private pickKernel(rng: Rng): number {
    const u = rng.nextFloat() * this.cumulative[this.size - 1];
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** `n` draws, each a vector with one entry per column. */
  sample(rng: Rng, n: number): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < n; i++) {
      const k = this.pickKernel(rng);
      out.push(this.columns.map((c) => c.sample(k, rng)));
    }
    return out;
  }

  /**
   * log density (log probability for discrete columns) of each vector: log sum_k exp(acc_k),
   * acc_k = log w_k + the columns' log p(x_d | k) added in column order, and kernels more than
   * 40 below the largest acc_k left out of the sum (exp(-40) < 1e-17: no effect on it).
   *
   * Kernel by kernel, column by column, with the same arithmetic in the same order as adding
   * whole columns into a vector (so the same bits), but a kernel is dropped as soon as an upper
   * bound on its final acc_k falls more than 41 below the best acc_k known: it could not have
   * entered the sum nor been the largest. With 1,000 kernels in 6 dimensions most kernels are
   * far from a candidate in the first dimension or two, and this loop was a third of an ask;
   * those far in the first column are not even visited (KernelWindow).
   */
  logPdf(xs: readonly (readonly number[])[]): number[] {
    const plan = (this.plan ??= densityPlan(this.columns, this.size, this.logWeights));
    return xs.map((x) => this.logPdfOne(x, plan));
  }

  private logPdfOne(x: readonly number[], plan: DensityPlan): number {
    const { fast, t, buffers, bound, rest, acc } = plan;
    const nCols = this.columns.length;
    const K = this.size;
    // Per candidate: transformed values of fast columns, whole columns of the others.
    for (let d = 0; d < nCols; d++) {
      const f = fast[d];
      if (f) t[d] = transform(f.dist, x[d]);
      else {
        const buf = buffers[d]!;
        buf.fill(0);
        this.columns[d].addLogPdf(x[d], buf);
        let m = -Infinity;
        for (let k = 0; k < K; k++) if (buf[k] > m) m = buf[k];
        bound[d] = m;
      }
    }
    // rest[d]: upper bound on what the columns after d can still add.
    rest[nCols - 1] = 0;
    for (let d = nCols - 2; d >= 0; d--) rest[d] = rest[d + 1] + bound[d + 1];
    // The last kernel (the prior, broad) first: its acc_k is a floor for the largest one.
    const floor = this.kernelAcc(K - 1, x, plan, -Infinity);
    let max = -Infinity;
    let nKept = 0;
    const nNear = plan.window ? nearKernels(plan.window, t[0], floor - DROP_MARGIN, bound[0], rest[0], K) : -1;
    for (let i = 0, n = nNear < 0 ? K : nNear; i < n; i++) {
      const k = nNear < 0 ? i : plan.window!.near[i];
      const a = this.kernelAcc(k, x, plan, (floor > max ? floor : max) - DROP_MARGIN);
      if (Number.isNaN(a)) continue; // dropped, or a NaN acc_k, which never counts either
      acc[nKept++] = a;
      if (a > max) max = a;
    }
    if (max === -Infinity) return -Infinity;
    let sum = 0;
    for (let i = 0; i < nKept; i++) {
      const d = acc[i] - max;
      if (d > -40) sum += Math.exp(d); // exp(-40) < 1e-17: no effect on the sum
    }
    return max + Math.log(sum);
  }

  /** acc_k, or NaN once an upper bound on it is below `threshold`. */
  private kernelAcc(k: number, x: readonly number[], plan: DensityPlan, threshold: number): number {
    const { fast, t, buffers, rest } = plan;
    let a = this.logWeights[k];
    for (let d = 0; d < fast.length; d++) {
      const f = fast[d];
      if (f) {
        const z = (t[d] - f.mu[k]) / f.sigma[k];
        a += -0.5 * z * z - LOG_SQRT_2PI - f.logSigma[k] - f.logNorm[k];
      } else a += buffers[d]![k];
      if (a + rest[d] < threshold) return NaN;
    }
    return a;
  }
}

/** Below the best acc_k known by this much (40 + slack for rounding in the bounds), a kernel is dropped. */
const DROP_MARGIN = 41;

/** Fewer observation kernels than this: every candidate visits them all. */
const WINDOW_MIN = 64;

/**
 * Column 0's observation kernels by mu, to visit only those near a candidate: a kernel whose mu
 * is farther than R from the candidate's value has, whatever its sigma (<= sigmaMax) and weight
 * (<= logWeightMax), an acc_k bound below the drop threshold, so kernelAcc would drop it.
 */
interface KernelWindow {
  byMu: SortedKernels;
  sigmaMax: number;
  logWeightMax: number;
  /** Indices of the kernels visited for the current candidate, ascending. */
  near: Int32Array;
  /** Scratch: 1 for the kernels near the current candidate while they are collected, else 0. */
  marks: Uint8Array;
}

/**
 * The kernels to visit for a candidate whose column-0 value is t0, ascending into window.near
 * (the prior kernel, last, always among them), and their count; -1 to visit all (no usable
 * bound, or too many near for the window to pay).
 */
function nearKernels(window: KernelWindow, t0: number, threshold: number, bound0: number, rest0: number, size: number): number {
  // acc_k <= logWeight_k + (-z^2/2 + bound0) + rest0 with |z| >= |t0 - mu_k| / sigmaMax; the +1
  // keeps rounding in these sums from mattering (they are far smaller than 1).
  const q = 2 * (window.logWeightMax + bound0 + rest0 - threshold + 1);
  if (!(q < Infinity) || !Number.isFinite(t0)) return -1;
  const r = window.sigmaMax * Math.sqrt(Math.max(q, 0)) * (1 + 1e-9);
  const { order, sorted } = window.byMu;
  const lo = lowerBound(sorted, t0 - r);
  const hi = upperBound(sorted, t0 + r);
  if (2 * (hi - lo) > size) return -1;
  // Ascending without sorting: mark the near ones, then collect the marks in index order (branch-free).
  const { near, marks } = window;
  for (let i = lo; i < hi; i++) marks[order[i]] = 1;
  let m = 0;
  for (let k = 0; k < size - 1; k++) {
    near[m] = k;
    m += marks[k];
    marks[k] = 0;
  }
  near[m] = size - 1;
  return m + 1;
}


/** First index with sorted[i] > v. */
function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function kernelWindow(c: ContinuousKernels, logWeights: Float64Array, size: number): KernelWindow | undefined {
  if (!c.byMu || size - 1 < WINDOW_MIN) return undefined;
  let sigmaMax = -Infinity;
  let logWeightMax = -Infinity;
  for (let k = 0; k < size - 1; k++) {
    if (Number.isNaN(c.sigma[k]) || Number.isNaN(logWeights[k])) return undefined;
    if (c.sigma[k] > sigmaMax) sigmaMax = c.sigma[k];
    if (logWeights[k] > logWeightMax) logWeightMax = logWeights[k];
  }
  if (!(sigmaMax > 0 && sigmaMax < Infinity)) return undefined;
  return { byMu: c.byMu, sigmaMax, logWeightMax, near: new Int32Array(size), marks: new Uint8Array(size) };
}

/** Per-mixture scratch and bounds for logPdf, built on its first call. */
interface DensityPlan {
  /** Per column: its continuous kernels (computed inline), or undefined (whole column via addLogPdf). */
  fast: (ContinuousKernels | undefined)[];
  /** Transformed candidate value per fast column. */
  t: Float64Array;
  buffers: (Float64Array | undefined)[];
  /** Upper bound on a column's log p(x | k) over k. */
  bound: Float64Array;
  /** Upper bound on what the columns after column d add, per candidate. */
  rest: Float64Array;
  /** Kept kernels' acc_k, in kernel order. */
  acc: Float64Array;
  /** Set when column 0 is continuous with sorted kernels: visit only kernels near the candidate. */
  window: KernelWindow | undefined;
}

function densityPlan(columns: readonly KernelColumn[], size: number, logWeights: Float64Array): DensityPlan {
  const n = columns.length;
  const fast = columns.map((c) => (c instanceof NumericKernels ? c.continuous() : undefined));
  const bound = new Float64Array(n);
  fast.forEach((f, d) => {
    if (!f) return;
    // -z^2/2 <= 0: the term is at most -log sqrt(2 pi) - logSigma - logNorm.
    let m = -Infinity;
    for (let k = 0; k < size; k++) {
      const b = -LOG_SQRT_2PI - f.logSigma[k] - f.logNorm[k];
      if (Number.isNaN(b)) {
        m = Infinity; // no usable bound: never drop
        break;
      }
      if (b > m) m = b;
    }
    bound[d] = m;
  });
  return {
    fast,
    t: new Float64Array(n),
    buffers: fast.map((f) => (f ? undefined : new Float64Array(size))),
    bound,
    rest: new Float64Array(n),
    acc: new Float64Array(size),
    window: fast[0] ? kernelWindow(fast[0], logWeights, size) : undefined,
  };
}
