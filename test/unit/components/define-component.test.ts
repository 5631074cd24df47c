/**
 * defineComponent infers a component's params from its schema table. The type checks here run
 * under `tsc -p tsconfig.test.json` (expectTypeOf and @ts-expect-error fail the type check when
 * the inference is wrong); the runtime checks that the definition reaches the table.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineComponent, paramSchema, type ParamsOf } from '../../../components/core/define-component.js';
import { findComponent } from '../../../components/core/component-table.js';
import { resolveParams } from '../../../components/core/params.js';
import type { Classifier } from '../../../components/core/types.js';
import type { GbtParams } from '../../../components/classifiers/gbt.js';
import type { NumericParams } from '../../../components/feature-extraction/numeric.js';
import type { TfidfParams } from '../../../components/feature-extraction/tfidf.js';
import type { WordTokenizerName } from '../../../components/feature-extraction/word-tokenizers.js';

describe('ParamsOf', () => {
  it('maps int/float to number, bool to boolean, string to string, numberMap to a record, enum to its choices', () => {
    const schema = paramSchema({
      n: { type: 'int', default: 1, description: '' },
      x: { type: 'float', default: 0.5, description: '' },
      on: { type: 'bool', default: true, description: '' },
      path: { type: 'string', default: '', description: '' },
      weights: { type: 'numberMap', default: {}, description: '' },
      mode: { type: 'enum', default: 'a', choices: ['a', 'b'], description: '' },
    });
    expectTypeOf<ParamsOf<typeof schema>>().toEqualTypeOf<{ n: number; x: number; on: boolean; path: string; weights: Record<string, number>; mode: 'a' | 'b' }>();
  });

  it('gives the components the types their hand-written interfaces had', () => {
    // The interface numeric.ts declared before its params were derived from the schema.
    expectTypeOf<NumericParams>().toEqualTypeOf<{ transform: 'standardize' | 'log1p' | 'none'; addMissingIndicator: boolean }>();
    expectTypeOf<TfidfParams['analyzer']>().toEqualTypeOf<'word' | 'char' | 'char_wb'>();
    expectTypeOf<TfidfParams['tokenizer']>().toEqualTypeOf<WordTokenizerName>();
    expectTypeOf<GbtParams['earlyStopping']>().toEqualTypeOf<'auto' | 'on' | 'off'>();
  });
});

const constant: Classifier = {
  fit: () => undefined,
  predictProba: (X) => new Float64Array(X.rows * 2).fill(0.5),
  getState: () => ({}),
};

describe('defineComponent', () => {
  it('types create/load/validate from an inline schema and registers the definition', () => {
    const seen: unknown[] = [];
    const def = defineComponent({
      role: 'classifier',
      kind: 'define_component_test',
      description: 'test only',
      params: {
        depth: { type: 'int', default: 3, min: 1, description: '' },
        loss: { type: 'enum', default: 'log', choices: ['log', 'hinge'], description: '' },
      },
      validate: (params) => (params.loss === 'hinge' && params.depth > 5 ? ['depth: at most 5 with hinge'] : []),
      create: (params) => {
        expectTypeOf(params).toEqualTypeOf<{ depth: number; loss: 'log' | 'hinge' }>();
        seen.push(params);
        return constant;
      },
      load: (params, state) => {
        seen.push([params.depth, state]);
        return constant;
      },
    });
    expect(findComponent('define_component_test')).toBe(def);
    const { params, problems } = resolveParams(def.params, { loss: 'hinge', depth: 7 }, 'classifier');
    expect(problems).toEqual([]);
    expect(def.validate!(params)).toEqual(['depth: at most 5 with hinge']);
    def.create(params);
    def.load(params, { fitted: true });
    expect(seen).toEqual([{ depth: 7, loss: 'hinge' }, [7, { fitted: true }]]);
    expect(() => defineComponent({ ...def, create: () => constant, load: () => constant })).toThrow(/registered twice/);
  });
});

// A create whose params do not match the schema does not type-check (never run: tsc checks it).
const LOSS_SCHEMA = paramSchema({ loss: { type: 'enum', default: 'log', choices: ['log', 'hinge'], description: '' } });
void (() =>
  defineComponent({
    role: 'classifier',
    kind: 'never_registered',
    description: '',
    params: LOSS_SCHEMA,
    // @ts-expect-error: loss is 'log' | 'hinge', not a number
    create: (params: { loss: number }) => (params.loss > 0 ? constant : constant),
    load: () => constant,
  }));
