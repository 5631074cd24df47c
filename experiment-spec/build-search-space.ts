/**
 * Derives the search space from the pipeline template and the component schemas, then applies
 * the spec's overrides (narrow a range, fix a value, exclude a parameter, choose among kinds).
 * Parameters the user fixed in the pipeline template are not searched.
 */
import { findComponent, listComponents } from '../components/core/component-table.js';
import { type ParamSchema } from '../components/core/params.js';
import { closestName } from '../core/closest-name.js';
import type { PipelineSpec } from '../components/core/pipeline.js';
import type { ComponentDefinition } from '../components/core/types.js';
import type { Choice, Distribution, ParamSpace, SearchSpace } from '../search-spaces/types.js';
import type { SpaceOverride } from './experiment-spec.js';

interface Candidate {
  path: string;
  /** The slot (`classifier`, `features__title`) and the component parameter's name. */
  slotPath: string;
  name: string;
  schema: ParamSchema;
  dist: Distribution;
  /** Kinds of the owning slot for which the parameter exists (for the condition). */
  kinds: string[];
  /** The slot's kind parameter path when the kind itself is searched. */
  kindPath?: string;
}

export interface BuiltSpace {
  space: SearchSpace;
  pipeline: PipelineSpec;
  problems: string[];
}

function schemaDistribution(schema: ParamSchema): Distribution | undefined {
  if (schema.search) return schema.search;
  return undefined;
}

function overrideDistribution(path: string, schema: ParamSchema | undefined, o: SpaceOverride, problems: string[]): Distribution | undefined {
  if (typeof o !== 'object' || o === null) return undefined;
  if ('choices' in o) {
    if (!Array.isArray(o.choices) || o.choices.length === 0) problems.push(`searchSpace.${path}: choices must be a non-empty list`);
    return { type: 'categorical', choices: o.choices as Choice[] };
  }
  if ('low' in o && 'high' in o) {
    if (schema && schema.type !== 'int' && schema.type !== 'float') {
      problems.push(`searchSpace.${path}: a ${schema.type} parameter takes { choices: [...] }, not a range`);
      return undefined;
    }
    const type = schema?.type === 'int' ? 'int' : 'float';
    return { type, low: o.low, high: o.high, ...(o.log !== undefined ? { log: o.log } : {}), ...(o.step !== undefined ? { step: o.step } : {}) };
  }
  problems.push(`searchSpace.${path}: expected { low, high[, log, step] }, { choices: [...] }, a fixed value or null`);
  return undefined;
}

export function buildSearchSpace(template: PipelineSpec, overrides: Record<string, SpaceOverride> = {}): BuiltSpace {
  const problems: string[] = [];
  const pipeline: PipelineSpec = structuredClone(template);
  const params: ParamSpace[] = [];
  const candidates = new Map<string, Candidate>();
  const used = new Set<string>();

  const addSlot = (slotPath: string, slot: { kind: string; [k: string]: unknown }, role: ComponentDefinition['role']) => {
    let kinds = [slot.kind];
    const kindOverride = overrides[slotPath];
    let kindPath: string | undefined;
    if (kindOverride !== undefined) {
      used.add(slotPath);
      if (typeof kindOverride === 'object' && kindOverride !== null && 'choices' in kindOverride) {
        kinds = kindOverride.choices.map(String);
        const known = listComponents().filter((c) => c.role === role).map((c) => c.kind);
        for (const k of kinds) {
          const def = findComponent(k);
          if (!def || def.role !== role) {
            const hint = closestName(k, known);
            problems.push(`searchSpace.${slotPath}: unknown ${role} component "${k}"${hint ? ` (did you mean "${hint}"?)` : ''}; known: ${known.join(', ')}`);
          }
        }
        kindPath = slotPath;
        params.push({ name: slotPath, dist: { type: 'categorical', choices: kinds } });
      } else if (typeof kindOverride === 'string') {
        kinds = [kindOverride];
        slot.kind = kindOverride;
      } else {
        problems.push(`searchSpace.${slotPath}: expected { choices: [kinds...] } or one kind name`);
      }
    }
    // Same-named parameters of the kinds a slot can take share one search parameter only when
    // they are searched alike (classWeight in logreg, gbt and mlp). Otherwise each kind gets
    // its own, `<slot>__<kind>__<param>`: gbt's learningRate (0.01-0.3) and mlp's Adam
    // learningRate (1e-4-1e-2) must not share a range.
    const byName = new Map<string, { kind: string; schema: ParamSchema; dist: Distribution | undefined }[]>();
    for (const kind of kinds) {
      const def = findComponent(kind);
      if (!def || def.role !== role) continue;
      for (const [name, schema] of Object.entries(def.params)) {
        // A value written in the template for this kind is the user's choice: not searched.
        if (kind === slot.kind && name in slot) continue;
        const list = byName.get(name) ?? [];
        list.push({ kind, schema, dist: schemaDistribution(schema) });
        byName.set(name, list);
      }
    }
    for (const [name, entries] of byName) {
      // An override of the shared name (`classifier__C: {low, high}`) searches every kind alike.
      const shared = `${slotPath}__${name}` in overrides || entries.every((e) => JSON.stringify(e.dist) === JSON.stringify(entries[0].dist));
      const groups = shared ? [{ path: `${slotPath}__${name}`, entries }] : entries.map((e) => ({ path: `${slotPath}__${e.kind}__${name}`, entries: [e] }));
      for (const { path, entries: group } of groups) {
        const { schema, dist } = group[0];
        if (!dist && !(path in overrides)) continue;
        candidates.set(path, { path, slotPath, name, schema, dist: dist ?? { type: 'categorical', choices: [] }, kinds: group.map((e) => e.kind), kindPath });
      }
    }
  };

  for (const [block, spec] of Object.entries(pipeline.features ?? {})) addSlot(`features__${block}`, spec, 'feature');
  if (pipeline.classifier) addSlot('classifier', pipeline.classifier, 'classifier');

  for (const [path, override] of Object.entries(overrides)) {
    if (used.has(path)) continue;
    const candidate = candidates.get(path);
    if (!candidate) {
      if (/^combine__weights__/.test(path)) {
        const dist = overrideDistribution(path, undefined, override, problems);
        if (dist) params.push({ name: path, dist });
        continue;
      }
      const hint = closestName(path, [...candidates.keys()]);
      problems.push(`searchSpace.${path}: unknown parameter path${hint ? ` (did you mean "${hint}"?)` : ''}; searchable: ${[...candidates.keys()].join(', ') || 'none'}`);
      continue;
    }
    if (override === null) {
      candidates.delete(path);
    } else if (typeof override !== 'object') {
      // A fixed value: written into the template (when its kind is the template's) and not searched.
      candidates.delete(path);
      const { slotPath, name } = candidate;
      const slot = slotPath === 'classifier' ? pipeline.classifier : pipeline.features[slotPath.slice('features__'.length)];
      if (slot && candidate.kinds.includes(slot.kind)) slot[name] = override;
      else problems.push(`searchSpace.${path}: can only be fixed for the template's own component kind`);
    } else {
      const dist = overrideDistribution(path, candidate.schema, override, problems);
      if (dist) candidate.dist = dist;
    }
  }

  for (const c of candidates.values()) {
    const param: ParamSpace = { name: c.path, dist: c.dist };
    if (c.kindPath) param.condition = { param: c.kindPath, in: c.kinds };
    params.push(param);
  }
  return { space: { params }, pipeline, problems };
}

