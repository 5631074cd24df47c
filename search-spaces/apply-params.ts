/**
 * Turns sampled parameters into a pipeline spec. Paths follow scikit-learn's `step__param`:
 *
 *   classifier                  -> classifier.kind (other classifier params dropped when the kind changes)
 *   classifier__<p>             -> classifier.<p>
 *   classifier__<kind>__<p>     -> classifier.<p> when the classifier is <kind> (a parameter
 *                                  several kinds name but search differently)
 *   features__<block>           -> that block's kind (other params dropped when the kind changes; `column` kept)
 *   features__<block>__<p>      -> that block's <p>
 *   features__<block>__<kind>__<p> -> that block's <p> when the block is <kind>
 *   combine__weights__<block>   -> combine.weights.<block>
 *
 * `classifier__kind` and `features__<block>__kind` are accepted as spellings of the kind paths.
 * Kinds are applied before the other parameters, so the order of `params` does not matter.
 * Pure: the template is not modified. Runs inside the workflow sandbox (types only from components/).
 */
import type { BlockSpec, ClassifierSpec, PipelineSpec } from '../components/core/pipeline.js';
import type { Choice, ParamValues } from './types.js';

type Parsed =
  | { target: 'classifierKind' }
  | { target: 'classifierParam'; param: string; kind?: string }
  | { target: 'blockKind'; block: string }
  | { target: 'blockParam'; block: string; param: string; kind?: string }
  | { target: 'weight'; block: string };

function parsePath(path: string): Parsed {
  const parts = path.split('__');
  const bad = () =>
    new Error(`applyParams: unknown parameter path "${path}" (expected classifier, classifier[__<kind>]__<param>, features__<block>, features__<block>[__<kind>]__<param> or combine__weights__<block>)`);
  if (parts.some((p) => p.length === 0)) throw bad();
  const [head, ...rest] = parts;
  if (head === 'classifier') {
    if (rest.length === 0) return { target: 'classifierKind' };
    if (rest.length === 1) return rest[0] === 'kind' ? { target: 'classifierKind' } : { target: 'classifierParam', param: rest[0] };
    if (rest.length === 2) return { target: 'classifierParam', kind: rest[0], param: rest[1] };
    throw bad();
  }
  if (head === 'features') {
    if (rest.length === 1) return { target: 'blockKind', block: rest[0] };
    if (rest.length === 2) return rest[1] === 'kind' ? { target: 'blockKind', block: rest[0] } : { target: 'blockParam', block: rest[0], param: rest[1] };
    if (rest.length === 3) return { target: 'blockParam', block: rest[0], kind: rest[1], param: rest[2] };
    throw bad();
  }
  if (head === 'combine' && rest.length === 2 && rest[0] === 'weights') return { target: 'weight', block: rest[1] };
  throw bad();
}

function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = cloneJson(v);
    return out as T;
  }
  return value;
}

function kindOf(path: string, value: Choice): string {
  if (typeof value !== 'string' || value.length === 0) throw new Error(`applyParams: "${path}" sets a component kind and needs a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

/** A new spec with `params` applied to a copy of `template`. Throws an Error naming the path on an unknown path shape or block. */
export function applyParams(template: PipelineSpec, params: ParamValues): PipelineSpec {
  const spec = cloneJson(template);
  spec.features = spec.features ?? {};
  const parsed = Object.keys(params).map((path) => ({ path, value: params[path], p: parsePath(path) }));

  // Pass 1: kinds, so a kind change drops the template's params before the sampled ones are set.
  for (const { path, value, p } of parsed) {
    if (p.target === 'classifierKind') {
      const kind = kindOf(path, value);
      if (spec.classifier?.kind !== kind) spec.classifier = { kind } as ClassifierSpec;
    } else if (p.target === 'blockKind') {
      const kind = kindOf(path, value);
      const old = spec.features[p.block];
      if (!old) spec.features[p.block] = { kind } as BlockSpec;
      else if (old.kind !== kind) spec.features[p.block] = (old.column !== undefined ? { kind, column: old.column } : { kind }) as BlockSpec;
    }
  }
  // Pass 2: parameters and weights.
  for (const { path, value, p } of parsed) {
    if (p.target === 'classifierParam') {
      if (!spec.classifier) throw new Error(`applyParams: "${path}" sets a classifier parameter, but the template has no classifier and no "classifier" kind was sampled`);
      // A kind-qualified value applies only to that kind (conditions keep it inactive otherwise).
      if (p.kind === undefined || spec.classifier.kind === p.kind) spec.classifier[p.param] = value;
    } else if (p.target === 'blockParam') {
      const block = spec.features[p.block];
      if (!block) throw new Error(`applyParams: "${path}": no feature block named "${p.block}" (blocks: ${Object.keys(spec.features).join(', ') || 'none'})`);
      if (p.kind === undefined || block.kind === p.kind) block[p.param] = value;
    } else if (p.target === 'weight') {
      if (!spec.features[p.block]) throw new Error(`applyParams: "${path}": no feature block named "${p.block}" (blocks: ${Object.keys(spec.features).join(', ') || 'none'})`);
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`applyParams: "${path}" is a weight and needs a finite number, got ${JSON.stringify(value)}`);
      spec.combine = { kind: 'concat', ...spec.combine, weights: { ...spec.combine?.weights, [p.block]: value } };
    }
  }
  return spec;
}
