/**
 * Probability calibration of decision scores (scikit-learn's CalibratedClassifierCV parts):
 *  - sigmoid (Platt 1999): P(y=1 | s) = 1 / (1 + exp(A s + B)), fitted by Newton's method
 *    with backtracking (Lin, Lin & Weng 2007) on Platt's smoothed targets
 *    (N+ + 1)/(N+ + 2) and 1/(N- + 2), which keep A and B finite on separable scores;
 *  - isotonic: a non-decreasing step function fitted by pool-adjacent-violators, predicted
 *    by linear interpolation between block means and clipped outside the training range.
 */

export interface SigmoidCalibrator {
  a: number;
  b: number;
}

export interface IsotonicCalibrator {
  /** Ascending knots (distinct scores) and their fitted probabilities. */
  x: number[];
  y: number[];
}

/** One fitted calibrator per score column, all of one method. */
export type Calibration = { method: 'sigmoid'; sigmoid: SigmoidCalibrator[] } | { method: 'isotonic'; isotonic: IsotonicCalibrator[] };

/** Weighted Platt scaling of scores s against binary targets. */
export function fitSigmoid(scores: Float64Array, positive: Uint8Array, weights?: Float64Array): SigmoidCalibrator {
  const n = scores.length;
  let nPos = 0;
  let nNeg = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    if (positive[i]) nPos += w;
    else nNeg += w;
  }
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  const t = Float64Array.from(positive, (p) => (p ? hi : lo));
  let a = 0;
  let b = Math.log((nNeg + 1) / (nPos + 1));
  const sigma = 1e-12;
  const objective = (A: number, B: number): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const w = weights ? weights[i] : 1;
      const fApB = scores[i] * A + B;
      // -[t log p + (1-t) log(1-p)] with p = 1/(1+exp(fApB)), written without overflow.
      f += w * (fApB >= 0 ? t[i] * fApB + Math.log1p(Math.exp(-fApB)) : (t[i] - 1) * fApB + Math.log1p(Math.exp(fApB)));
    }
    return f;
  };
  let f = objective(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < n; i++) {
      const w = weights ? weights[i] : 1;
      const fApB = scores[i] * a + b;
      let p: number;
      let q: number;
      if (fApB >= 0) {
        const e = Math.exp(-fApB);
        p = e / (1 + e);
        q = 1 / (1 + e);
      } else {
        const e = Math.exp(fApB);
        p = 1 / (1 + e);
        q = e / (1 + e);
      }
      const d2 = w * p * q;
      h11 += scores[i] * scores[i] * d2;
      h22 += d2;
      h21 += scores[i] * d2;
      const d1 = w * (t[i] - p);
      g1 += scores[i] * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    let moved = false;
    while (step >= 1e-10) {
      const na = a + step * dA;
      const nb = b + step * dB;
      const nf = objective(na, nb);
      if (nf < f + 1e-4 * step * gd) {
        a = na;
        b = nb;
        f = nf;
        moved = true;
        break;
      }
      step /= 2;
    }
    if (!moved) break;
  }
  return { a, b };
}

export function applySigmoid(c: SigmoidCalibrator, s: number): number {
  const z = c.a * s + c.b;
  if (z >= 0) {
    const e = Math.exp(-z);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(z));
}

/** Weighted isotonic (non-decreasing) regression of binary targets on scores. */
export function fitIsotonic(scores: Float64Array, positive: Uint8Array, weights?: Float64Array): IsotonicCalibrator {
  const order = Array.from(scores.keys()).sort((i, j) => scores[i] - scores[j] || i - j);
  // Tied scores first become one point (their weighted mean target), as scikit-learn does.
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  for (const i of order) {
    const w = weights ? weights[i] : 1;
    const last = xs.length - 1;
    if (last >= 0 && xs[last] === scores[i]) {
      ys[last] = (ys[last] * ws[last] + w * positive[i]) / (ws[last] + w);
      ws[last] += w;
    } else {
      xs.push(scores[i]);
      ys.push(positive[i]);
      ws.push(w);
    }
  }
  // Pool adjacent violators over blocks [start, end) with mean value and weight.
  const blockStart: number[] = [];
  const blockValue: number[] = [];
  const blockWeight: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    blockStart.push(i);
    blockValue.push(ys[i]);
    blockWeight.push(ws[i]);
    while (blockValue.length > 1 && blockValue[blockValue.length - 2] >= blockValue[blockValue.length - 1]) {
      const v = blockValue.pop()!;
      const w = blockWeight.pop()!;
      blockStart.pop();
      const k = blockValue.length - 1;
      blockValue[k] = (blockValue[k] * blockWeight[k] + v * w) / (blockWeight[k] + w);
      blockWeight[k] += w;
    }
  }
  const fitted = new Array<number>(xs.length);
  for (let k = 0; k < blockStart.length; k++) {
    const end = k + 1 < blockStart.length ? blockStart[k + 1] : xs.length;
    for (let i = blockStart[k]; i < end; i++) fitted[i] = blockValue[k];
  }
  // Keep only the knots where the value changes (and the ends), enough for interpolation.
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const interior = i > 0 && i < xs.length - 1 && fitted[i - 1] === fitted[i] && fitted[i + 1] === fitted[i];
    if (!interior) {
      x.push(xs[i]);
      y.push(fitted[i]);
    }
  }
  return { x, y };
}

export function applyIsotonic(c: IsotonicCalibrator, s: number): number {
  const { x, y } = c;
  if (x.length === 0) return 0.5;
  if (s <= x[0]) return y[0];
  if (s >= x[x.length - 1]) return y[y.length - 1];
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= s) lo = mid;
    else hi = mid;
  }
  const t = (s - x[lo]) / (x[hi] - x[lo]);
  return y[lo] + t * (y[hi] - y[lo]);
}
