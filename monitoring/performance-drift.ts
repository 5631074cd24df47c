/**
 * Performance drift: how the champion does on the new labelled batch against how it did on
 * its own test split when it was registered. Overall (the search metric, the decision
 * metric, accuracy: the stored test figures) and per class (recall, precision, F1 against the
 * champion's test split, when it is still readable). A drop is a level only when it passes
 * the threshold and is beyond chance: drop > Z x the standard error of the difference, both
 * sides' errors from a bootstrap over rows, so a class with 20 test rows needs a large drop.
 */
import { createRng } from '../core/random.js';
import { levelOf, thresholdsFor, type DriftLevel, type DriftThresholds } from './drift-levels.js';
import { bootstrap, metricDirection, metricValue, spread, type Predictions } from './holdout-metrics.js';

/** One-sided z for a 0.5% false alarm rate per comparison. */
const Z = 2.58;

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
  all.forEach(({ name, cls }, m) => {
    const cur = metricValue(name, current);
    const ref = cls === undefined ? (input.stored[name] ?? (reference ? metricValue(name, reference) : NaN)) : metricValue(name, reference!);
    if (!Number.isFinite(cur) || !Number.isFinite(ref)) return;
    const drop = metricDirection(name) === 'maximize' ? ref - cur : cur - ref;
    const seCur = spread(curBoot[m]);
    // Without the reference rows, its error is taken as the current one's (same order of rows).
    const seRef = refBoot ? spread(refBoot[m]) : seCur;
    const se = Math.sqrt((Number.isFinite(seCur) ? seCur ** 2 : 0) + (Number.isFinite(seRef) ? seRef ** 2 : 0));
    const level = levelOf(drop, drop > Z * se, thresholdsFor(thresholds, 'performance', cls));
    out.push({ metric: name, ...(cls !== undefined ? { class: cls } : {}), reference: ref, current: cur, drop, se, level, rows: { ...(reference ? { reference: reference.yTrue.length } : {}), current: current.yTrue.length } });
  });
  return out;
}
