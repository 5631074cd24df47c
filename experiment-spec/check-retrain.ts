/**
 * Checks of the spec's `retrain.promotion`, `retrain.drift` and `retrain.searchWhen`: the shape
 * when the file is read (checkRetrainPolicyShape), the labels once the data is known
 * (retrainLabelProblems). Each problem names the field, with a suggestion for near-miss names,
 * so a typo fails before a retrain starts rather than after an hour of search.
 */
import { closestName } from '../core/closest-name.js';
import { METRICS } from '../components/metrics/classification.js';

export const SEARCH_WHEN = ['always', 'drift', 'never'] as const;
export const PROMOTION_MODES = ['all', 'any-without-regression'] as const;
const PROMOTION_KEYS = ['mode', 'criteria', 'minImprovement', 'guards'];
const CRITERION_KEYS = ['metric', 'minImprovement', 'tolerance', 'confidence'];
const DRIFT_LEVEL_KINDS = ['psi', 'divergence', 'unseen', 'ngrams', 'performance'];
const DRIFT_KEYS = [...DRIFT_LEVEL_KINDS, 'labels', 'minClassRows', 'classes'];
/** Largest sensible threshold per kind: divergence (bits), token shares and metric drops are within [0, 1]; PSI and label log ratios are unbounded. */
const LEVEL_MAX: Record<string, number> = { psi: Infinity, divergence: 1, unseen: 1, ngrams: 1, performance: 1, labels: Infinity };
const PER_CLASS = /^(recall|precision|f1):(.+)$/;

/** Every name a criterion may use, for suggestions (per-class forms shown with a placeholder). */
const CRITERION_NAMES = ['search', 'decision', ...Object.keys(METRICS), 'macro_f1', 'recall:CLASS', 'precision:CLASS', 'f1:CLASS'];

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownKeys(obj: Record<string, unknown>, known: string[], prefix: string, problems: string[]): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const hint = closestName(key, known);
    problems.push(`${prefix}${key}: unknown field${hint ? ` (did you mean "${prefix}${hint}"?)` : ''}; fields: ${known.join(', ')}`);
  }
}

function oneOf(value: unknown, allowed: readonly string[], path: string, problems: string[]): void {
  if (value === undefined || (typeof value === 'string' && allowed.includes(value))) return;
  const hint = typeof value === 'string' ? closestName(value, [...allowed]) : undefined;
  problems.push(`${path}: expected ${allowed.join(' or ')}, got ${JSON.stringify(value)}${hint ? ` (did you mean "${hint}"?)` : ''}`);
}

function numberIn(value: unknown, path: string, problems: string[], min: number, max: number, openMin = false, openMax = false): void {
  if (value === undefined) return;
  const ok = typeof value === 'number' && Number.isFinite(value) && (openMin ? value > min : value >= min) && (openMax ? value < max : value <= max);
  if (!ok) problems.push(`${path}: expected a number ${openMin ? '>' : '>='} ${min}${Number.isFinite(max) ? ` and ${openMax ? '<' : '<='} ${max}` : ''}, got ${JSON.stringify(value)}`);
}

/** A criterion's metric name: known, or a near-miss suggestion. Per-class names are checked against labels later. */
function criterionNameProblem(metric: unknown, path: string): string | undefined {
  if (typeof metric !== 'string' || !metric) return `${path}: required, one of search, decision, ${Object.keys(METRICS).join(', ')}, macro_f1, recall:CLASS, precision:CLASS, f1:CLASS`;
  if (CRITERION_NAMES.includes(metric) && !metric.endsWith(':CLASS')) return undefined;
  if (PER_CLASS.test(metric)) return undefined;
  const hint = closestName(metric, CRITERION_NAMES);
  return `${path}: unknown metric "${metric}"${hint ? ` (did you mean "${hint}"?)` : ''}; known: ${CRITERION_NAMES.join(', ')}`;
}

function checkPromotion(p: unknown, problems: string[]): void {
  if (!isMapping(p)) {
    problems.push('retrain.promotion: expected a mapping with mode and criteria (or minImprovement and guards)');
    return;
  }
  unknownKeys(p, PROMOTION_KEYS, 'retrain.promotion.', problems);
  oneOf(p.mode, PROMOTION_MODES, 'retrain.promotion.mode', problems);
  numberIn(p.minImprovement, 'retrain.promotion.minImprovement', problems, 0, Infinity);
  if (p.guards !== undefined && !(Array.isArray(p.guards) && p.guards.every((g) => typeof g?.metric === 'string' && typeof g?.tolerance === 'number'))) {
    problems.push('retrain.promotion.guards: expected a list of { metric, tolerance }');
  } else if (Array.isArray(p.guards)) {
    p.guards.forEach((g: { metric: string; tolerance: number }, i) => {
      const problem = criterionNameProblem(g.metric, `retrain.promotion.guards[${i}].metric`);
      if (problem) problems.push(problem);
      numberIn(g.tolerance, `retrain.promotion.guards[${i}].tolerance`, problems, 0, Infinity);
    });
  }
  if (p.criteria === undefined) return;
  if (p.minImprovement !== undefined || p.guards !== undefined) problems.push('retrain.promotion: give criteria, or minImprovement and guards (the older form), not both');
  if (!Array.isArray(p.criteria) || p.criteria.length === 0) {
    problems.push('retrain.promotion.criteria: expected a non-empty list of { metric, minImprovement, tolerance, confidence }');
    return;
  }
  p.criteria.forEach((c: unknown, i: number) => {
    const path = `retrain.promotion.criteria[${i}]`;
    if (!isMapping(c)) {
      problems.push(`${path}: expected { metric, minImprovement, tolerance, confidence }`);
      return;
    }
    unknownKeys(c, CRITERION_KEYS, `${path}.`, problems);
    const problem = criterionNameProblem(c.metric, `${path}.metric`);
    if (problem) problems.push(problem);
    numberIn(c.minImprovement, `${path}.minImprovement`, problems, 0, Infinity);
    numberIn(c.tolerance, `${path}.tolerance`, problems, 0, Infinity);
    numberIn(c.confidence, `${path}.confidence`, problems, 0, 1, false, true);
  });
  if (!p.criteria.some((c: unknown) => isMapping(c) && c.minImprovement !== undefined)) {
    problems.push('retrain.promotion.criteria: no criterion has a minImprovement, so no challenger could ever be promoted; give one at least');
  }
}

function checkLevels(raw: Record<string, unknown>, prefix: string, problems: string[], kinds = DRIFT_LEVEL_KINDS): void {
  for (const kind of kinds) {
    const levels = raw[kind];
    if (levels === undefined) continue;
    const path = `${prefix}${kind}`;
    if (!isMapping(levels)) {
      problems.push(`${path}: expected { warning, drift }`);
      continue;
    }
    unknownKeys(levels, ['warning', 'drift'], `${path}.`, problems);
    numberIn(levels.warning, `${path}.warning`, problems, 0, LEVEL_MAX[kind], true);
    numberIn(levels.drift, `${path}.drift`, problems, 0, LEVEL_MAX[kind], true);
    if (typeof levels.warning === 'number' && typeof levels.drift === 'number' && levels.warning > levels.drift) {
      problems.push(`${path}: warning (${levels.warning}) must not exceed drift (${levels.drift})`);
    }
  }
}

function checkDrift(d: unknown, problems: string[]): void {
  if (!isMapping(d)) {
    problems.push(`retrain.drift: expected a mapping with ${DRIFT_KEYS.join(', ')}`);
    return;
  }
  unknownKeys(d, DRIFT_KEYS, 'retrain.drift.', problems);
  checkLevels(d, 'retrain.drift.', problems, [...DRIFT_LEVEL_KINDS, 'labels']);
  if (d.minClassRows !== undefined && !(Number.isInteger(d.minClassRows) && (d.minClassRows as number) >= 5)) {
    problems.push(`retrain.drift.minClassRows: expected an integer >= 5, got ${JSON.stringify(d.minClassRows)}`);
  }
  if (d.classes === undefined) return;
  if (!isMapping(d.classes)) {
    problems.push('retrain.drift.classes: expected a mapping of label to { psi, divergence, unseen, ngrams, performance }');
    return;
  }
  for (const [cls, levels] of Object.entries(d.classes)) {
    const prefix = `retrain.drift.classes.${cls}.`;
    if (!isMapping(levels)) {
      problems.push(`retrain.drift.classes.${cls}: expected { psi, divergence, unseen, performance }`);
      continue;
    }
    unknownKeys(levels, DRIFT_LEVEL_KINDS, prefix, problems);
    checkLevels(levels, prefix, problems);
  }
}

/** Shape checks of the retrain fields this module owns; `r` is the spec's `retrain` mapping. */
export function checkRetrainPolicyShape(r: Record<string, unknown>, problems: string[]): void {
  if (r.promotion !== undefined) checkPromotion(r.promotion, problems);
  if (r.drift !== undefined) checkDrift(r.drift, problems);
  oneOf(r.searchWhen, SEARCH_WHEN, 'retrain.searchWhen', problems);
}

/** Labels named in `retrain` (per-class criteria and guards, drift class overrides) that the target does not have. */
export function retrainLabelProblems(retrain: unknown, classes: readonly string[], target: string): string[] {
  if (!isMapping(retrain) || classes.length === 0) return [];
  const problems: string[] = [];
  const notALabel = (path: string, cls: string) => {
    const hint = closestName(cls, [...classes]);
    problems.push(`${path}: "${cls}" is not a label of ${target}${hint ? ` (did you mean "${hint}"?)` : ''}; labels: ${classes.slice(0, 20).join(', ')}`);
  };
  const promotion = isMapping(retrain.promotion) ? retrain.promotion : {};
  for (const list of ['criteria', 'guards'] as const) {
    const entries = promotion[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((c: unknown, i: number) => {
      const m = isMapping(c) && typeof c.metric === 'string' ? PER_CLASS.exec(c.metric) : null;
      if (m && !classes.includes(m[2])) notALabel(`retrain.promotion.${list}[${i}].metric`, m[2]);
    });
  }
  const drift = isMapping(retrain.drift) ? retrain.drift : {};
  if (isMapping(drift.classes)) for (const cls of Object.keys(drift.classes)) if (!classes.includes(cls)) notALabel(`retrain.drift.classes.${cls}`, cls);
  return problems;
}
