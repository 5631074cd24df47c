/**
 * The spec's `objectives` and `select`: a multi-objective search.
 *   objectives: [pr_auc, predict_ms_per_1k]      the first a quality metric (also `metric`), then costs
 *   select: { best: pr_auc, constraints: [{ metric: predict_ms_per_1k, max: 50 }] }
 * Without `objectives` the search has one objective, `metric`. With several, the sampler is
 * motpe unless the spec names an objective-agnostic one (random, qmc, grid); ensembles,
 * re-scoring and pruning, which rank by one score, are not available.
 */
import { closestName } from '../core/closest-name.js';
import { isMetricName, METRICS } from '../components/metrics/classification.js';
import type { Objective, SelectRule } from '../workflows/pareto-front.js';
import type { ExperimentSpec } from './experiment-spec.js';

/** Trial metrics a search can constrain or optimise besides the classification metrics: costs, lower is better. */
export const COST_METRICS = ['model_bytes', 'predict_ms_per_1k'] as const;
export const TRIAL_METRICS: readonly string[] = [...Object.keys(METRICS), ...COST_METRICS];

const MAX_OBJECTIVES = 4;
/** Samplers that do not rank trials by one value and so serve any number of objectives. */
const OBJECTIVE_AGNOSTIC = ['random', 'qmc', 'grid'];

export interface ResolvedObjectives {
  objectives: Objective[] | null;
  select: SelectRule | null;
  /** The sampler to use when the spec names none. */
  defaultSampler?: string;
  problems: string[];
}

const directionOf = (metric: string) => (isMetricName(metric) ? METRICS[metric].direction : 'minimize');

function unknownMetric(where: string, name: unknown, known: readonly string[]): string {
  const hint = typeof name === 'string' ? closestName(name, [...known]) : undefined;
  return `${where}: unknown metric ${JSON.stringify(name)}${hint ? ` (did you mean "${hint}"?)` : ''}; known: ${known.join(', ')}`;
}

export function resolveObjectives(spec: ExperimentSpec, samplerName: string | undefined): ResolvedObjectives {
  const problems: string[] = [];
  const raw: unknown = spec.objectives;
  if (raw === undefined) {
    if (spec.select !== undefined) problems.push('select: only a search with several objectives has a Pareto front to select from; add objectives: [metric, ...]');
    if (samplerName === 'motpe') problems.push('sampler: motpe optimises several objectives; add objectives: [metric, cost, ...] or use tpe');
    return { objectives: null, select: null, problems };
  }
  if (!Array.isArray(raw) || raw.length < 2 || raw.length > MAX_OBJECTIVES) {
    problems.push(`objectives: expected a list of 2 to ${MAX_OBJECTIVES} metric names (one objective: use metric), got ${JSON.stringify(raw)}`);
    return { objectives: null, select: null, problems };
  }
  raw.forEach((name, i) => {
    if (typeof name !== 'string' || !TRIAL_METRICS.includes(name)) problems.push(unknownMetric(`objectives[${i}]`, name, TRIAL_METRICS));
    else if (raw.indexOf(name) !== i) problems.push(`objectives[${i}]: ${name} is listed twice`);
  });
  const first = raw[0];
  if (typeof first === 'string' && TRIAL_METRICS.includes(first) && !isMetricName(first)) {
    problems.push(`objectives[0]: the first objective is the model's quality metric (one of ${Object.keys(METRICS).join(', ')}), got the cost ${first}; list costs after it`);
  }
  if (spec.metric !== undefined && spec.metric !== first) problems.push(`metric: "${spec.metric}" differs from objectives[0] "${String(first)}"; with objectives, the first one is the metric (drop metric or make them equal)`);
  if (samplerName !== undefined && samplerName !== 'motpe' && !OBJECTIVE_AGNOSTIC.includes(samplerName)) {
    problems.push(`sampler: ${samplerName} optimises one objective; with ${raw.length} objectives use motpe (the default) or one of ${OBJECTIVE_AGNOSTIC.join(', ')}`);
  }
  for (const [key, what] of [['ensemble', 'an ensemble multiplies size and latency'], ['rescore', 're-scoring ranks by one score'], ['pruner', 'pruning compares one score']] as const) {
    const v = spec[key];
    if (v !== undefined && v !== false && v !== null) problems.push(`${key}: not available with several objectives (${what}); remove it or use one objective`);
  }
  const objectives = raw.filter((n): n is string => typeof n === 'string').map((metric) => ({ metric, direction: directionOf(metric) }));
  const select = resolveSelect(spec.select, raw.filter((n): n is string => typeof n === 'string'), problems);
  return { objectives: problems.length ? null : objectives, select, defaultSampler: 'motpe', problems };
}

function resolveSelect(raw: unknown, objectives: string[], problems: string[]): SelectRule {
  const rule: SelectRule = { best: objectives[0], constraints: [] };
  if (raw === undefined) return rule;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`select: expected { best, constraints }, got ${JSON.stringify(raw)}`);
    return rule;
  }
  const given = raw as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (key === 'best' || key === 'constraints') continue;
    const hint = closestName(key, ['best', 'constraints']);
    problems.push(`select.${key}: unknown field${hint ? ` (did you mean "${hint}"?)` : ''}; fields: best, constraints`);
  }
  if (given.best !== undefined) {
    if (typeof given.best !== 'string' || !objectives.includes(given.best)) problems.push(`select.best: must be one of the objectives (${objectives.join(', ')}), got ${JSON.stringify(given.best)}`);
    else rule.best = given.best;
  }
  if (given.constraints !== undefined) {
    if (!Array.isArray(given.constraints)) problems.push(`select.constraints: expected a list of { metric, max | min }, got ${JSON.stringify(given.constraints)}`);
    else
      given.constraints.forEach((c: unknown, i: number) => {
        const constraint = selectConstraint(c, `select.constraints[${i}]`, problems);
        if (constraint) rule.constraints.push(constraint);
      });
  }
  return rule;
}

function selectConstraint(raw: unknown, where: string, problems: string[]): SelectRule['constraints'][number] | undefined {
  const item = (raw ?? {}) as Record<string, unknown>;
  if (typeof item.metric !== 'string' || !TRIAL_METRICS.includes(item.metric)) {
    problems.push(unknownMetric(`${where}.metric`, item.metric, TRIAL_METRICS));
    return undefined;
  }
  if (item.max === undefined && item.min === undefined) {
    problems.push(`${where}: give max or min for ${item.metric}`);
    return undefined;
  }
  const bad = (['max', 'min'] as const).filter((k) => item[k] !== undefined && !(typeof item[k] === 'number' && Number.isFinite(item[k])));
  for (const k of bad) problems.push(`${where}.${k}: must be a number, got ${JSON.stringify(item[k])}`);
  if (bad.length) return undefined;
  return { metric: item.metric, ...(item.max !== undefined ? { max: item.max as number } : {}), ...(item.min !== undefined ? { min: item.min as number } : {}) };
}
