/** Small seeded problems for the classifier tests (no timing, no files). */
import { getClassifierComponent, getFeatureComponent, type Classifier, type DenseMatrix, type FeatureExtractor } from '../../../../components/index.js';
import { mulberry32 } from '../../../../core/random.js';

/** The core generator from a raw seed, so the toy problems are the same on every run. */
export const rng = mulberry32;

export function dense(rows: number[][]): DenseMatrix {
  return { kind: 'dense', rows: rows.length, cols: rows[0].length, values: Float64Array.from(rows.flat()) };
}

/** XOR of the signs of the first two of `d` uniform features: no linear model can learn it. */
export function xor(n: number, seed: number, d = 4): { X: DenseMatrix; y: Int32Array } {
  const r = rng(seed);
  const rows: number[][] = [];
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: d }, () => r() * 2 - 1);
    rows.push(row);
    y[i] = row[0] * row[1] > 0 ? 1 : 0;
  }
  return { X: dense(rows), y };
}

/** K Gaussian blobs in d dimensions with `perClass` rows each (or the given counts). */
export function blobs(counts: number[], seed: number, d = 3, spread = 0.6): { X: DenseMatrix; y: Int32Array } {
  const r = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const rows: number[][] = [];
  const labels: number[] = [];
  counts.forEach((count, k) => {
    const center = Array.from({ length: d }, (_, j) => (j === k % d ? 2 : 0) + (k >= d ? -2 : 0));
    for (let i = 0; i < count; i++) {
      rows.push(center.map((c) => c + spread * normal()));
      labels.push(k);
    }
  });
  return { X: dense(rows), y: Int32Array.from(labels) };
}

export function accuracy(proba: Float64Array, y: Int32Array, K: number): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k] > proba[i * K + best]) best = k;
    if (best === y[i]) ok++;
  }
  return ok / y.length;
}

/** Mean predicted probability of class k over the rows whose label is k. */
export function meanProbaOfClass(proba: Float64Array, y: Int32Array, K: number, k: number): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== k) continue;
    s += proba[i * K + k];
    n++;
  }
  return s / n;
}

export function defaultsOf(kind: string): Record<string, unknown> {
  const def = getClassifierComponent(kind, 'test');
  return Object.fromEntries(Object.entries(def.params).map(([k, s]) => [k, s.default]));
}

export function classifier(kind: string, params: Record<string, unknown> = {}): Classifier {
  return getClassifierComponent(kind, 'test').create({ ...defaultsOf(kind), ...params });
}

export function loadClassifier(kind: string, params: Record<string, unknown>, state: unknown): Classifier {
  return getClassifierComponent(kind, 'test').load({ ...defaultsOf(kind), ...params }, JSON.parse(JSON.stringify(state)));
}

export function extractor(kind: string, params: Record<string, unknown> = {}): FeatureExtractor {
  const def = getFeatureComponent(kind, 'test');
  return def.create({ ...Object.fromEntries(Object.entries(def.params).map(([k, s]) => [k, s.default])), ...params });
}

export function loadExtractor(kind: string, params: Record<string, unknown>, state: unknown): FeatureExtractor {
  const def = getFeatureComponent(kind, 'test');
  return def.load({ ...Object.fromEntries(Object.entries(def.params).map(([k, s]) => [k, s.default])), ...params }, JSON.parse(JSON.stringify(state)));
}
