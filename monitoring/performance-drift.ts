/**
 * Performance drift: how the champion does on the new labelled batch against how it did on
 * its own test split when it was registered. Overall (the search metric, the decision
 * metric, accuracy: the stored test figures) and per class (recall, precision, F1 against the
 * champion's test split, when it is still readable). A drop is a level only when it passes
 * the threshold and is beyond chance: drop > z x the standard error of the difference (z for a
 * 1% family-wise rate over all comparisons), both
 * sides' errors from a bootstrap over rows, so a class with 20 test rows needs a large drop.
 */
import { createRng } from '../core/random.js';
import { levelOf, thresholdsFor, type DriftLevel, type DriftThresholds } from './drift-levels.js';
import { bootstrap, metricDirection, metricValue, spread, type Predictions } from './holdout-metrics.js';

/**
 * False alarm rate of the whole comparison (all metrics, overall and per class together): each
 * drop must pass z at FAMILY_ALPHA / m for m comparisons (Bonferroni). Why: with four classes
 * there are 14 comparisons, and at 0.5% each a batch where nothing changed is flagged one time
 * in fifteen.
 */
export const FAMILY_ALPHA = 0.01;

/** The one-sided standard normal quantile for an upper tail p (Abramowitz & Stegun 26.2.23, error < 4.5e-4). */
export function upperZ(p: number): number {
  const t = Math.sqrt(-2 * Math.log(p));
  return t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
}

export interface MetricDrift {
  metric: string;
  class?: string;
  reference: number;
  current: number;
  /** How much worse the current figure is (in the metric's units; negative = better). */
  drop: number;
  /** Standard error of the difference. */
  se: number;
  level: DriftLevel;
  rows: { reference?: number; current: number };
}

export interface PerformanceInput {
  /** The champion's predictions on the new batch. */
  current: Predictions;
  /** The champion's predictions on its own test split, when readable. */
  reference?: Predictions;
  /** The test metrics stored with the champion, by metric name (without the test_ prefix). */
  stored: Record<string, number>;
  /** Overall metrics to compare (the search metric, the decision metric...). */
  metrics: string[];
  thresholds: DriftThresholds;
  seed?: number;
}

export function performanceDrift(input: PerformanceInput): MetricDrift[] {
  const rng = createRng(input.seed ?? 0);
  const { current, reference, thresholds } = input;
  const perClass = reference ? current.classes.filter((c) => reference.classes.includes(c)).flatMap((c) => ['recall', 'precision', 'f1'].map((m) => ({ name: `${m}:${c}`, cls: c }))) : [];
  const overall = [...new Set(input.metrics)].map((name) => ({ name, cls: undefined as string | undefined }));
  const all = [...overall, ...perClass];
  const names = all.map((m) => m.name);
  const [curBoot] = bootstrap([current], names, rng);
  const refBoot = reference ? bootstrap([reference], names, rng)[0] : undefined;
  const out: MetricDrift[] = [];
  const z = upperZ(FAMILY_ALPHA / Math.max(1, all.length));
  all.forEach(({ name, cls }, m) => {
    const cur = metricValue(name, current);
    const ref = cls === undefined ? (input.stored[name] ?? (reference ? metricValue(name, reference) : NaN)) : metricValue(name, reference!);
    if (!Number.isFinite(cur) || !Number.isFinite(ref)) return;
    const drop = metricDirection(name) === 'maximize' ? ref - cur : cur - ref;
    const seCur = spread(curBoot[m]);
    // Without the reference rows, its error is taken as the current one's (same order of rows).
    const seRef = refBoot ? spread(refBoot[m]) : seCur;
    const se = Math.sqrt((Number.isFinite(seCur) ? seCur ** 2 : 0) + (Number.isFinite(seRef) ? seRef ** 2 : 0));
    const level = levelOf(drop, drop > z * se, thresholdsFor(thresholds, 'performance', cls));
    out.push({ metric: name, ...(cls !== undefined ? { class: cls } : {}), reference: ref, current: cur, drop, se, level, rows: { ...(reference ? { reference: reference.yTrue.length } : {}), current: current.yTrue.length } });
  });
  return out;
}
