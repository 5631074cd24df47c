/**
 * Turns a user's spec into a ResolvedExperiment by checking it against the data: columns,
 * labels, metric, pipeline, search space, sampler, budget and model name. Every problem is
 * collected and reported together, before any workflow starts.
 */
import { METRICS, isMetricName } from '../components/metrics/classification.js';
import { UserInputError } from '../core/errors.js';
import { closestName } from '../core/closest-name.js';
import { blocksWithNegativeOutput, validatePipelineSpec, type PipelineSpec } from '../components/core/pipeline.js';
import { findComponent } from '../components/core/component-table.js';
import type { ColumnType } from '../components/core/types.js';
import '../components/index.js';
import { loadTable, type LoadedTable } from '../data/load-table.js';
import { profileTable, type DataProfile } from '../data/profile.js';
import { validateModelName } from '../registry/model-names.js';
import { FIDELITY_OPTIONS, fidelityRungs, PRUNERS } from '../search-spaces/pruners/index.js';
import { checkOptions, unknownOptionText, type OptionSchemaTable } from '../search-spaces/registry.js';
import { SAMPLERS } from '../search-spaces/samplers.js';
import { validateSearchSpace } from '../search-spaces/validate.js';
import type { ParamValues, SearchSpace } from '../search-spaces/types.js';
import { checkConfiguration } from '../search-spaces/warm-start.js';
import type { ResolvedExperiment } from '../workflows/types.js';
import { resolveNewestData } from '../retraining/resolve-newest-data.js';
import type { ExperimentSpec, SpaceOverride } from './experiment-spec.js';
import { buildSearchSpace } from './build-search-space.js';
import { resolveSplit } from './resolve-split.js';
import { resolveDecision } from './resolve-decision.js';
import { resolveEnsemble } from './resolve-ensemble.js';
import { retrainLabelProblems } from './check-retrain.js';
import { resolveRescore } from './resolve-rescore.js';
import { resolveObjectives, TRIAL_METRICS } from './resolve-objectives.js';
import { defaultSpace, routeKindsByClassifier } from './default-space.js';

export const DEFAULT_BUDGET = { maxTrials: 20, parallelism: 2, patience: 0, trialTimeoutMinutes: 30 };
// maxWorkerCrashes: 10 because in bench/chaos (a worker SIGKILLed every 9-15 s, each living ~25 s)
// 5 still lost 2 of 24 healthy trials; a trial that really kills its worker costs 10 restarts.
// localTrialSeconds: 1 because a trial's server round trip costs ~20-30 ms (bench/orchestration):
// under a second that is a noticeable share, above it hardly any.
export const DEFAULT_EXECUTION = { heartbeatTimeoutSeconds: 60, trialAttempts: 3, maxWorkerCrashes: 10, localTrialSeconds: 1 };
/** A trial's attempts together may take this many times one attempt's limit (budget.trialTimeoutMinutes). */
export const DEFAULT_DEADLINE_ATTEMPTS = 4;

export type Task = 'text-classification' | 'tabular-classification';

/**
 * Classifier families each task searches by default, best first; kinds that are not
 * registered in this build are left out.
 */
export const TASK_CLASSIFIERS: Record<Task, string[]> = {
  'text-classification': ['logreg', 'naive_bayes', 'linear_svm'],
  'tabular-classification': ['gbt', 'logreg', 'mlp'],
};

/** The task's default classifier families: those registered in this build. */
export function taskClassifiers(task: Task): string[] {
  return registeredClassifiers(TASK_CLASSIFIERS[task]);
}

function registeredClassifiers(kinds: readonly string[]): string[] {
  return kinds.filter((kind) => findComponent(kind)?.role === 'classifier');
}

/** The classifier kinds a search-space override names: `{ choices: [...] }` or one fixed kind. */
function classifierChoices(override: unknown): unknown[] | undefined {
  if (typeof override === 'string') return [override];
  const choices = (override as { choices?: unknown } | undefined)?.choices;
  return Array.isArray(choices) ? choices : undefined;
}

function needsNonNegativeInput(kind: unknown): kind is string {
  const def = typeof kind === 'string' ? findComponent(kind) : undefined;
  return def?.role === 'classifier' && def.needsNonNegativeInput === true;
}

/**
 * Blocks that can output negative values in some trial: with the template's params or any
 * value the search gives them, judged against the data's numeric ranges.
 */
function negativeBlocks(built: { pipeline: PipelineSpec; space: SearchSpace }, profile: DataProfile): { name: string; kind: string }[] {
  const columnMin = Object.fromEntries(profile.columns.filter((c) => c.numeric).map((c) => [c.name, c.numeric!.min]));
  const searched = (block: string) => {
    const prefix = `features__${block}__`;
    const out: Record<string, readonly unknown[]> = {};
    for (const p of built.space.params) {
      if (p.name.startsWith(prefix) && p.dist.type === 'categorical') out[p.name.slice(prefix.length)] = p.dist.choices;
    }
    return out;
  };
  return blocksWithNegativeOutput(built.pipeline, { columnMin, searched });
}

/** A classifier the user chose that cannot fit on the pipeline's features, named with the blocks at fault. */
function nonNegativeInputProblems(chosen: readonly unknown[], fromSearchSpace: boolean, negative: { name: string; kind: string }[]): string[] {
  if (negative.length === 0) return [];
  const blocks = negative.map((b) => `"${b.name}" (${b.kind})`).join(', ');
  return chosen.filter(needsNonNegativeInput).map(
    (kind) =>
      `${fromSearchSpace ? 'searchSpace.classifier' : 'pipeline.classifier'}: ${kind} needs non-negative features, but block${negative.length > 1 ? 's' : ''} ${blocks} can output negative values; ` +
      `use quantile_bins or a log1p transform of a non-negative column, hashing with alternateSign: false, or leave ${kind} out`,
  );
}

export async function resolveExperiment(spec: ExperimentSpec, baseDir: string, loaded?: LoadedTable): Promise<ResolvedExperiment> {
  const data = loaded ?? (await loadTable((await resolveNewestData(spec.data.source, baseDir)).source, { format: spec.data.format, cwd: baseDir }));
  const problems: string[] = [];
  const columnNames = data.columnNames;

  if (!columnNames.includes(spec.target)) {
    const hint = closestName(spec.target, columnNames);
    throw new UserInputError(`target: column "${spec.target}" is not in ${data.uri}${hint ? ` (did you mean "${hint}"?)` : ''}; columns: ${columnNames.join(', ')}`);
  }
  for (const name of Object.keys(spec.columns ?? {})) {
    if (!columnNames.includes(name)) {
      const hint = closestName(name, columnNames);
      problems.push(`columns.${name}: no such column in ${data.uri}${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
  }
  const declared = Object.fromEntries(Object.entries(spec.columns ?? {}).filter(([name]) => columnNames.includes(name)));
  let profile: DataProfile | undefined;
  try {
    // Columns the spec's own pipeline names are kept even when they look like identifiers.
    const readColumns = Object.entries(spec.pipeline?.features ?? {}).map(([name, block]) => (typeof block?.column === 'string' ? block.column : name));
    // The split.by column orders the rows in time and is never a feature.
    const timeColumns = typeof spec.split?.by === 'string' ? [spec.split.by] : undefined;
    profile = profileTable(data.table, { target: spec.target, columnTypes: declared, source: data.uri, readColumns, timeColumns });
  } catch (e) {
    if (!(e instanceof UserInputError)) throw e;
    problems.push(...e.problems);
  }
  const classes = profile ? profile.target.classes.map((c) => c.label) : [];
  if (profile && spec.positiveLabel !== undefined && !classes.includes(spec.positiveLabel)) {
    problems.push(`positiveLabel: "${spec.positiveLabel}" is not a value of ${spec.target}; values: ${classes.slice(0, 20).join(', ')}`);
  }
  const columnTypes: Record<string, ColumnType> = {};
  for (const column of profile?.columns ?? []) {
    if (column.type !== 'ignore') columnTypes[column.name] = column.type;
  }

  const explicitSampler = typeof spec.sampler === 'string' ? spec.sampler : spec.sampler?.name;
  const multi = resolveObjectives(spec, explicitSampler);
  problems.push(...multi.problems);
  // The first objective is the metric; a cost there is reported by resolveObjectives alone.
  const firstObjective = Array.isArray(spec.objectives) && isMetricName(spec.objectives[0]) ? spec.objectives[0] : undefined;
  const metric = spec.metric ?? firstObjective ?? 'roc_auc';
  if (!isMetricName(metric)) {
    const known = Object.keys(METRICS);
    const hint = closestName(metric, known);
    problems.push(`metric: unknown metric "${metric}"${hint ? ` (did you mean "${hint}"?)` : ''}; known: ${known.join(', ')}`);
  }

  const fallback = spec.pipeline ? undefined : defaultSpace(columnTypes);
  const template = spec.pipeline ?? fallback!.pipeline;
  const pipelineProblems = validatePipelineSpec(template, columnTypes);
  // Without a profile the column types are unknown: the data's own problems (above) say why,
  // and "no feature block" or "unknown column" would only be their echo.
  if (profile) problems.push(...pipelineProblems.map((p) => `pipeline: ${p}`));
  const task = spec.task ?? (Object.values(columnTypes).includes('text') ? 'text-classification' : 'tabular-classification');
  if (!(task in TASK_CLASSIFIERS)) problems.push(`task: expected ${Object.keys(TASK_CLASSIFIERS).join(' or ')}, got "${task}"`);
  // Without a pipeline, the task's default space searches over its classifier families too.
  const defaultChoices = !fallback || !(task in TASK_CLASSIFIERS) ? undefined : registeredClassifiers(fallback.classifiers ?? TASK_CLASSIFIERS[task as Task]);
  let overrides: Record<string, SpaceOverride> = { ...fallback?.overrides, ...(defaultChoices ? { classifier: { choices: defaultChoices } } : {}), ...spec.searchSpace };
  let built = pipelineProblems.length === 0 ? buildSearchSpace(template, overrides) : undefined;
  if (built && profile && built.problems.length === 0) {
    // Classifiers that need non-negative features (naive Bayes) next to blocks that can output
    // negative ones would fail every trial they are picked for: left out of the default space,
    // a spec error when the user chose them.
    const negative = negativeBlocks(built, profile);
    const userChoices = classifierChoices(spec.searchSpace?.classifier);
    if (userChoices) problems.push(...nonNegativeInputProblems(userChoices, true, negative));
    else if (!defaultChoices) problems.push(...nonNegativeInputProblems([template.classifier?.kind], false, negative));
    else if (negative.length > 0 && defaultChoices.some(needsNonNegativeInput)) {
      overrides = { ...overrides, classifier: { choices: defaultChoices.filter((kind) => !needsNonNegativeInput(kind)) } };
      built = buildSearchSpace(template, overrides);
    }
  }
  if (built) {
    built = { ...built, space: routeKindsByClassifier(built.space, built.pipeline.classifier.kind, fallback?.kindRoutes) };
    problems.push(...built.problems);
    problems.push(...validateSearchSpace(built.space).map((p) => `searchSpace: ${p}`));
  }
  // Warm-start configurations must name parameters of this space with possible values; the
  // workflow could only fail on them later, after the search had started.
  const enqueue = typeof spec.sampler === 'object' ? (spec.sampler as { enqueue?: unknown }).enqueue : undefined;
  if (built && built.problems.length === 0 && Array.isArray(enqueue)) {
    enqueue.forEach((config, i) => {
      if (config && typeof config === 'object' && !Array.isArray(config)) problems.push(...checkConfiguration(built!.space, config as ParamValues).map((p) => `sampler.enqueue[${i}].${p}`));
    });
  }

  const samplerName = explicitSampler ?? (spec.objectives !== undefined ? multi.defaultSampler ?? 'motpe' : 'random');
  const samplerOptions = typeof spec.sampler === 'object' ? Object.fromEntries(Object.entries(spec.sampler).filter(([k]) => k !== 'name')) : undefined;
  const samplerEntry = SAMPLERS.find(samplerName);
  if (!samplerEntry) problems.push(`sampler: ${SAMPLERS.unknownName(samplerName)}`);
  else problems.push(...optionProblems('sampler', samplerEntry.options, samplerOptions ?? {}));

  const knownTrialMetrics = [...TRIAL_METRICS];
  (spec.constraints ?? []).forEach((c, i) => {
    if (!knownTrialMetrics.includes(c.metric)) {
      const hint = closestName(c.metric, knownTrialMetrics);
      problems.push(`constraints[${i}].metric: unknown metric "${c.metric}"${hint ? ` (did you mean "${hint}"?)` : ''}; known: ${knownTrialMetrics.join(', ')}`);
    }
  });
  let pruner: ResolvedExperiment['pruner'] = null;
  try {
    pruner = resolvePruner(spec.pruner);
  } catch (e) {
    if (!(e instanceof UserInputError)) throw e;
    problems.push(...e.problems);
  }

  const budget = { ...DEFAULT_BUDGET, ...spec.budget };
  const split = resolveSplit(spec, data.table, data.uri, Object.keys(columnTypes));
  problems.push(...split.problems);

  let register: ResolvedExperiment['register'] = null;
  if (spec.register !== false) {
    const model = spec.register?.model ?? spec.name;
    try {
      validateModelName(model);
      register = { model };
    } catch (e) {
      problems.push(`register.model: ${(e as Error).message}`);
    }
  }

  const decision = resolveDecision(spec.decision, classes, spec.target);
  problems.push(...decision.problems);
  const ensemble = resolveEnsemble(spec.ensemble);
  problems.push(...ensemble.problems);
  problems.push(...retrainLabelProblems(spec.retrain, classes, spec.target));
  const rescore = resolveRescore(spec.rescore);
  problems.push(...rescore.problems);

  const execution = { ...DEFAULT_EXECUTION, trialDeadlineMinutes: DEFAULT_DEADLINE_ATTEMPTS * budget.trialTimeoutMinutes, ...spec.execution };
  // The deadline spans every attempt: shorter than one attempt's limit, a crashed trial could never be retried.
  if (execution.trialDeadlineMinutes < budget.trialTimeoutMinutes)
    problems.push(`execution.trialDeadlineMinutes: must be at least budget.trialTimeoutMinutes (${budget.trialTimeoutMinutes}), got ${execution.trialDeadlineMinutes}`);

  if (problems.length > 0) throw new UserInputError(problems, `spec "${spec.name}" does not fit its data`);
  return {
    name: spec.name,
    dataUri: data.uri,
    dataFormat: spec.data.format,
    target: spec.target,
    positiveLabel: spec.positiveLabel,
    columnTypes,
    metric,
    direction: METRICS[metric as keyof typeof METRICS].direction,
    seed: spec.seed ?? 0,
    split: split.split,
    budget,
    execution,
    constraints: spec.constraints ?? [],
    sampler: { name: samplerName, options: samplerOptions },
    pruner,
    pipeline: built!.pipeline,
    space: built!.space,
    register,
    spec: structuredClone(spec),
    dataWarnings: [...(profile?.warnings ?? []), ...split.notes],
    decision: decision.decision,
    // Several objectives rank by no single score: no ensemble, no re-scoring (resolve-objectives.ts).
    ensemble: multi.objectives ? null : ensemble.ensemble,
    rescore: multi.objectives ? null : rescore.rescore,
    ...(multi.objectives ? { objectives: multi.objectives, select: multi.select! } : {}),
  };
}

/** Problems with a sampler's or pruner's options, by spec path (`sampler.gamma: must be <= 1, got 2`). */
function optionProblems(where: string, schema: OptionSchemaTable, options: Record<string, unknown>): string[] {
  return checkOptions(schema, options).map((p) => (p.unknown ? `${where}: ${unknownOptionText(p)}` : `${where}.${p.key}: ${p.problem}`));
}

/**
 * The pruner and its rungs: fractions of the training data from minResource up to 1,
 * growing by reductionFactor (1/9, 1/3, 1 by default). Names and options are checked against
 * the pruner table (search-spaces/pruners) and FIDELITY_OPTIONS; throws a UserInputError
 * listing every problem (each prefixed `pruner`).
 */
export function resolvePruner(raw: ExperimentSpec['pruner']): ResolvedExperiment['pruner'] {
  if (raw === undefined) return null;
  const { name, ...rest } = typeof raw === 'string' ? { name: raw } : raw;
  const entry = PRUNERS.find(name);
  if (!entry) throw new UserInputError(`pruner: ${PRUNERS.unknownName(name)}`);
  // The spec's minResource and reductionFactor define the rungs (fractions of the data) for
  // every pruner; a pruner that has options of those names gets them, the others do not.
  const schema = entry.name === 'none' ? entry.options : { ...entry.options, ...FIDELITY_OPTIONS };
  const problems = optionProblems('pruner', schema, rest);
  if (problems.length > 0) throw new UserInputError(problems);
  if (entry.name === 'none') return null;
  const minResource = (rest.minResource ?? FIDELITY_OPTIONS.minResource.default) as number;
  const reductionFactor = (rest.reductionFactor ?? FIDELITY_OPTIONS.reductionFactor.default) as number;
  const rungs = fidelityRungs({ minResource, maxResource: 1, reductionFactor });
  const options: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([k]) => !(k in FIDELITY_OPTIONS)));
  if ('minResource' in entry.options) options.minResource = minResource;
  if ('reductionFactor' in entry.options) options.reductionFactor = reductionFactor;
  try {
    PRUNERS.create(name, options);
  } catch (e) {
    throw new UserInputError(`pruner: ${(e as Error).message}`);
  }
  return { name, options, rungs };
}
