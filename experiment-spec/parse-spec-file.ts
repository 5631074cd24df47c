/**
 * Reads a spec file (YAML or JSON) and checks its shape, reporting every problem with the
 * file name and the field's path. Data-dependent checks come later, in resolveExperiment.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserInputError } from '../core/errors.js';
import { closestName } from '../core/closest-name.js';
import { TABLE_FORMATS } from '../data/table-formats.js';
import { PRUNER_NAMES } from '../search-spaces/pruners/index.js';
import { SAMPLER_NAMES } from '../search-spaces/samplers.js';
import { checkRetrainPolicyShape } from './check-retrain.js';
import { checkDeployShape } from './check-deploy.js';
import { BUDGET_KEYS, EXECUTION_KEYS, SPEC_KEYS, type ExperimentSpec } from './experiment-spec.js';

export async function parseSpecFile(path: string): Promise<ExperimentSpec> {
  const abs = resolve(path);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserInputError(code === 'ENOENT' ? `spec file not found: ${abs}` : `cannot read spec file ${abs}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = extname(abs).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new UserInputError(`${abs}: not valid ${extname(abs).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
  return checkSpecShape(raw, abs);
}

/** Structural checks only: types and known keys. */
export function checkSpecShape(raw: unknown, source: string): ExperimentSpec {
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UserInputError(`${source}: the spec must be a mapping of fields`);
  const spec = raw as Record<string, unknown>;
  unknownKeys(spec, SPEC_KEYS, '', problems);
  if (typeof spec.name !== 'string' || !spec.name.trim()) problems.push('name: required, a non-empty string (the experiment name)');
  const data = spec.data;
  if (typeof data === 'string') spec.data = { source: data };
  else if (typeof data !== 'object' || data === null || typeof (data as Record<string, unknown>).source !== 'string') {
    problems.push('data.source: required, a file path, file:// URI, gs://bucket/object (or pattern) or builtin:<name>');
  } else {
    unknownKeys(data as Record<string, unknown>, ['source', 'format'], 'data.', problems);
    const format = (data as Record<string, unknown>).format;
    if (format !== undefined && !TABLE_FORMATS.includes(format as never)) problems.push(`data.format: expected ${TABLE_FORMATS.slice(0, -1).join(', ')} or ${TABLE_FORMATS.at(-1)}, got ${JSON.stringify(format)}`);
  }
  if (typeof spec.target !== 'string' || !spec.target) problems.push('target: required, the name of the label column');
  if (spec.metric !== undefined && typeof spec.metric !== 'string') problems.push('metric: expected a metric name such as roc_auc');
  if (spec.seed !== undefined && !(Number.isInteger(spec.seed) && (spec.seed as number) >= 0)) problems.push(`seed: expected a non-negative integer, got ${JSON.stringify(spec.seed)}`);
  if (spec.positiveLabel !== undefined) spec.positiveLabel = String(spec.positiveLabel);
  const b = knownMapping(spec, 'budget', BUDGET_KEYS, problems);
  if (b) {
    positiveInt(b.maxTrials, 'budget.maxTrials', problems, 1);
    positiveInt(b.parallelism, 'budget.parallelism', problems, 1);
    positiveInt(b.patience, 'budget.patience', problems, 0);
    positiveNumber(b.maxMinutes, 'budget.maxMinutes', problems);
    positiveNumber(b.trialTimeoutMinutes, 'budget.trialTimeoutMinutes', problems);
  }
  if (spec.constraints !== undefined) {
    if (!Array.isArray(spec.constraints)) problems.push('constraints: expected a list of { metric, max } or { metric, min }');
    else
      spec.constraints.forEach((c: unknown, i: number) => {
        const x = c as Record<string, unknown>;
        if (typeof x?.metric !== 'string') problems.push(`constraints[${i}].metric: expected a metric name (model_bytes, predict_ms_per_1k, roc_auc, ...)`);
        if (x?.max === undefined && x?.min === undefined) problems.push(`constraints[${i}]: give max or min`);
        for (const bound of ['max', 'min']) if (x?.[bound] !== undefined && !(typeof x[bound] === 'number' && Number.isFinite(x[bound]))) problems.push(`constraints[${i}].${bound}: expected a number`);
      });
  }
  const x = knownMapping(spec, 'execution', EXECUTION_KEYS, problems);
  if (x) {
    positiveNumber(x.heartbeatTimeoutSeconds, 'execution.heartbeatTimeoutSeconds', problems);
    positiveInt(x.trialAttempts, 'execution.trialAttempts', problems, 1);
    positiveNumber(x.trialDeadlineMinutes, 'execution.trialDeadlineMinutes', problems);
    positiveInt(x.maxWorkerCrashes, 'execution.maxWorkerCrashes', problems, 1);
    const local = x.localTrialSeconds;
    if (local !== undefined && !(typeof local === 'number' && local >= 0 && Number.isFinite(local))) problems.push(`execution.localTrialSeconds: expected a number >= 0 (0 turns local trials off), got ${JSON.stringify(local)}`);
  }
  const split = spec.split;
  if (split !== undefined) {
    if (typeof split !== 'object' || split === null) problems.push('split: expected a mapping with validation and test fractions (and optionally by or group)');
    else {
      const s = split as Record<string, unknown>;
      unknownKeys(s, ['validation', 'test', 'by', 'group'], 'split.', problems);
      for (const part of ['validation', 'test']) {
        const v = s[part];
        if (v !== undefined && !(typeof v === 'number' && v > 0 && v < 0.9)) problems.push(`split.${part}: expected a fraction between 0 and 0.9, got ${JSON.stringify(v)}`);
      }
      for (const key of ['by', 'group']) {
        if (s[key] !== undefined && (typeof s[key] !== 'string' || !s[key])) problems.push(`split.${key}: expected a column name, got ${JSON.stringify(s[key])}`);
      }
      if (s.by !== undefined && s.group !== undefined) problems.push('split: give either by (out of time) or group (grouped), not both');
    }
  }
  if (spec.columns !== undefined) {
    if (typeof spec.columns !== 'object' || spec.columns === null) problems.push('columns: expected a mapping of column name to text, numeric, categorical or ignore');
    else {
      for (const [name, type] of Object.entries(spec.columns as Record<string, unknown>)) {
        if (!['text', 'numeric', 'categorical', 'ignore'].includes(type as string)) problems.push(`columns.${name}: expected text, numeric, categorical or ignore, got ${JSON.stringify(type)}`);
      }
    }
  }
  const sampler = spec.sampler;
  if (sampler !== undefined && typeof sampler !== 'string' && (typeof sampler !== 'object' || sampler === null || typeof (sampler as Record<string, unknown>).name !== 'string')) {
    problems.push(`sampler: expected a sampler name (${SAMPLER_NAMES.join(', ')}) or { name: ..., options }`);
  }
  const pruner = spec.pruner;
  if (pruner !== undefined && typeof pruner !== 'string' && (typeof pruner !== 'object' || pruner === null || typeof (pruner as Record<string, unknown>).name !== 'string')) {
    problems.push(`pruner: expected a pruner name (${PRUNER_NAMES.join(', ')}) or { name: ..., options }`);
  }
  if (spec.searchSpace !== undefined && (typeof spec.searchSpace !== 'object' || spec.searchSpace === null || Array.isArray(spec.searchSpace))) {
    problems.push('searchSpace: expected a mapping of parameter path to range, choices or fixed value');
  }
  if (spec.register !== undefined && spec.register !== false && (typeof spec.register !== 'object' || spec.register === null)) {
    problems.push('register: expected { model: NAME } or false');
  }
  if (spec.retrain !== undefined) checkRetrainShape(spec.retrain, problems);
  if (spec.deploy !== undefined) checkDeployShape(spec.deploy, problems);
  if (problems.length > 0) throw new UserInputError(problems, `${source}: invalid spec`);
  return spec as unknown as ExperimentSpec;
}

/** `spec[field]` when it is a mapping (its unknown keys reported), else undefined (a problem when present but not a mapping). */
function knownMapping(spec: Record<string, unknown>, field: string, known: string[], problems: string[]): Record<string, unknown> | undefined {
  const value = spec[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    problems.push(`${field}: expected a mapping`);
    return undefined;
  }
  unknownKeys(value as Record<string, unknown>, known, `${field}.`, problems);
  return value as Record<string, unknown>;
}

function unknownKeys(obj: Record<string, unknown>, known: string[], prefix: string, problems: string[]): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      const hint = closestName(key, known);
      problems.push(`${prefix}${key}: unknown field${hint ? ` (did you mean "${prefix}${hint}"?)` : ''}`);
    }
  }
}

function positiveInt(v: unknown, path: string, problems: string[], min: number): void {
  if (v !== undefined && !(Number.isInteger(v) && (v as number) >= min)) problems.push(`${path}: expected an integer >= ${min}, got ${JSON.stringify(v)}`);
}

function positiveNumber(v: unknown, path: string, problems: string[]): void {
  if (v !== undefined && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) problems.push(`${path}: expected a number > 0, got ${JSON.stringify(v)}`);
}

function checkRetrainShape(raw: unknown, problems: string[]): void {
  if (typeof raw !== 'object' || raw === null) {
    problems.push('retrain: expected a mapping with championAlias, validation, promotion, drift, searchWhen, webhook');
    return;
  }
  const r = raw as Record<string, unknown>;
  unknownKeys(r, ['championAlias', 'handoff', 'validation', 'promotion', 'drift', 'searchWhen', 'webhook'], 'retrain.', problems);
  if (r.championAlias !== undefined && typeof r.championAlias !== 'string') problems.push('retrain.championAlias: expected an alias name');
  if (r.handoff !== undefined && !(typeof r.handoff === 'string' && r.handoff && r.handoff !== (r.championAlias ?? 'production'))) problems.push('retrain.handoff: expected the alias a deploy watch follows (e.g. staging), other than championAlias');
  if (r.webhook !== undefined && !(typeof r.webhook === 'string' && /^https?:\/\//.test(r.webhook))) problems.push('retrain.webhook: expected an http(s) URL');
  if (r.validation !== undefined) {
    const v = r.validation as Record<string, unknown>;
    unknownKeys(v, ['labels', 'minRows', 'maxRows', 'maxMissing', 'minClassShare'], 'retrain.validation.', problems);
    if (v.labels !== undefined && !(Array.isArray(v.labels) && v.labels.length > 0)) problems.push('retrain.validation.labels: expected a list of labels');
    positiveInt(v.minRows, 'retrain.validation.minRows', problems, 0);
    positiveInt(v.maxRows, 'retrain.validation.maxRows', problems, 1);
    for (const [column, share] of Object.entries((v.maxMissing as Record<string, unknown>) ?? {})) {
      if (!(typeof share === 'number' && share >= 0 && share <= 1)) problems.push(`retrain.validation.maxMissing.${column}: expected a share between 0 and 1`);
    }
    if (v.minClassShare !== undefined && !(typeof v.minClassShare === 'number' && v.minClassShare >= 0 && v.minClassShare < 1)) problems.push('retrain.validation.minClassShare: expected a share between 0 and 1');
  }
  checkRetrainPolicyShape(r, problems);
}
