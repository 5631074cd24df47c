/**
 * The one table of component kinds: name -> factory + parameter schema.
 * Each component file ends with `defineComponent(definition)` (./define-component.ts: params
 * typed from the schema), which registers it here; a new component is one file plus one
 * import line in components/index.ts. `registerComponent` takes an already erased definition.
 */
import { UserInputError } from '../../core/errors.js';
import { closestName } from '../../core/closest-name.js';
import type { ClassifierComponentDefinition, ComponentDefinition, FeatureComponentDefinition } from './types.js';

const table = new Map<string, ComponentDefinition>();

export function registerComponent(definition: ComponentDefinition): void {
  if (table.has(definition.kind)) throw new Error(`component kind "${definition.kind}" is registered twice`);
  if (definition.kind.includes('__')) throw new Error(`component kind "${definition.kind}" must not contain "__"`);
  table.set(definition.kind, definition);
}

export function listComponents(): ComponentDefinition[] {
  return [...table.values()].sort((a, b) => a.role.localeCompare(b.role) || a.kind.localeCompare(b.kind));
}

export function findComponent(kind: string): ComponentDefinition | undefined {
  return table.get(kind);
}

function unknownKind(kind: unknown, role: string, where: string): UserInputError {
  const known = listComponents().filter((c) => c.role === role).map((c) => c.kind);
  const hint = typeof kind === 'string' ? closestName(kind, known) : undefined;
  return new UserInputError(
    `${where}: unknown ${role} component ${JSON.stringify(kind)}${hint ? ` (did you mean "${hint}"?)` : ''}; known: ${known.join(', ')}`,
  );
}

export function getFeatureComponent(kind: unknown, where: string): FeatureComponentDefinition {
  const def = typeof kind === 'string' ? table.get(kind) : undefined;
  if (!def || def.role !== 'feature') throw unknownKind(kind, 'feature', where);
  return def;
}

export function getClassifierComponent(kind: unknown, where: string): ClassifierComponentDefinition {
  const def = typeof kind === 'string' ? table.get(kind) : undefined;
  if (!def || def.role !== 'classifier') throw unknownKind(kind, 'classifier', where);
  return def;
}
