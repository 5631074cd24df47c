/**
 * Typed component definitions: a component's parameter type is inferred from its schema table,
 * so `create`, `load`, `validate` and `nonNegativeOutput` receive typed params with no casts and
 * no hand-written `...Params` interface that could drift from the schema.
 *
 *   export const TFIDF_SCHEMA = paramSchema({ analyzer: { type: 'enum', choices: ['word', 'char'], ... }, ... });
 *   export type TfidfParams = ParamsOf<typeof TFIDF_SCHEMA>;   // { analyzer: 'word' | 'char'; ... }
 *   defineComponent({ role: 'feature', kind: 'tfidf', params: TFIDF_SCHEMA, create: (params) => new Tfidf(params), ... });
 *
 * The table stores definitions with erased params (ResolvedParams). That is sound because the
 * Pipeline hands `create`/`load` only params resolved against the same definition's schema
 * (resolveParams fills every key and checks every value's type, range and choices).
 */
import { registerComponent } from './component-table.js';
import type { ParamSchema, ParamSchemaTable } from './params.js';
import type { ClassifierComponentDefinition, ComponentDefinition, FeatureComponentDefinition } from './types.js';
import type { Classifier, FeatureExtractor } from './types.js';

/** The value type one schema entry resolves to: an enum to the union of its choices. */
export type ParamValue<S extends ParamSchema> = S extends { type: 'int' | 'float' }
  ? number
  : S extends { type: 'bool' }
    ? boolean
    : S extends { type: 'enum'; choices: readonly (infer C extends string)[] }
      ? C
      : S extends { type: 'string' }
        ? string
        : S extends { type: 'numberMap' }
          ? Record<string, number>
          : never;

/**
 * The resolved params of a schema table. Every key is present: resolveParams fills each
 * parameter's default, and every schema entry has one.
 */
export type ParamsOf<S extends ParamSchemaTable> = { -readonly [K in keyof S]: ParamValue<S[K]> };

/**
 * A schema table kept with its literal types (enum choices as literal unions), checked against
 * ParamSchemaTable. Use it for a schema declared apart from its definition, so that the
 * component's params type can be derived from it with ParamsOf.
 */
export function paramSchema<const S extends ParamSchemaTable>(schema: S): S {
  return schema;
}

interface TypedDefinitionBase<S extends ParamSchemaTable> {
  kind: string;
  description: string;
  params: S;
  /** See ComponentDefinitionBase.validate. */
  validate?(params: ParamsOf<S>): string[];
}

export interface TypedFeatureDefinition<S extends ParamSchemaTable>
  extends TypedDefinitionBase<S>,
    Omit<FeatureComponentDefinition, 'params' | 'validate' | 'nonNegativeOutput' | 'create' | 'load'> {
  nonNegativeOutput(params: ParamsOf<S>, input?: { min?: number }): boolean;
  create(params: ParamsOf<S>): FeatureExtractor;
  load(params: ParamsOf<S>, state: unknown): FeatureExtractor;
}

export interface TypedClassifierDefinition<S extends ParamSchemaTable>
  extends TypedDefinitionBase<S>,
    Omit<ClassifierComponentDefinition, 'params' | 'validate' | 'create' | 'load'> {
  create(params: ParamsOf<S>): Classifier;
  load(params: ParamsOf<S>, state: unknown): Classifier;
}

export type TypedComponentDefinition<S extends ParamSchemaTable> = TypedFeatureDefinition<S> | TypedClassifierDefinition<S>;

/**
 * Adds a component to the table (as registerComponent does) with its params typed from its
 * schema, and returns the table's (erased) definition. The `const` type parameter keeps an
 * inline schema's enum choices literal.
 */
export function defineComponent<const S extends ParamSchemaTable>(definition: TypedFeatureDefinition<S>): FeatureComponentDefinition;
export function defineComponent<const S extends ParamSchemaTable>(definition: TypedClassifierDefinition<S>): ClassifierComponentDefinition;
export function defineComponent<const S extends ParamSchemaTable>(definition: TypedComponentDefinition<S>): ComponentDefinition {
  // No cast: the table's create/load/validate are methods, whose parameters TypeScript compares
  // bivariantly, and ParamsOf<S> is assignable to ResolvedParams.
  const erased: ComponentDefinition = definition;
  registerComponent(erased);
  return erased;
}
