/**
 * Behavioural contract of every registered component kind, table-driven over the registry
 * (a newly registered kind is covered without new test code):
 *  - feature blocks: a fit is deterministic for a seed (identical output and JSON state), transform
 *    before fit throws an Error that says so, and a `nonNegativeOutput` claim holds on real output;
 *  - classifiers: a fit is deterministic for a seed, predictProba before fit throws, and
 *    `shouldStop` ends a fit early, leaving a usable model (the contract of classifiers-common).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  listComponents,
  resolveParams,
  type CellValue,
  type ClassifierComponentDefinition,
  type ColumnType,
  type DenseMatrix,
  type FeatureComponentDefinition,
  type FeatureExtractor,
  type FeatureMatrix,
  type FitContext,
  type ResolvedParams,
} from '../../../components/index.js';
import { writeTinyEncoder } from './helpers/tiny-encoder.js';

/** Kinds that need something from outside the process get it from a cheap test fixture (as in conformance.test.ts). */
const scratch = mkdtemp(join(tmpdir(), 'autoflow-conformance-behaviour-'));
afterAll(async () => rm(await scratch, { recursive: true, force: true }));
let encoderDir: Promise<string> | undefined;
const FIXTURES: Record<string, () => Promise<Record<string, unknown>>> = {
  onnx_encoder: async () => ({ modelDir: await (encoderDir ??= (async () => writeTinyEncoder(join(await scratch, 'encoder')))()) }),
};

/** Per column type: a small column, plus numbers with negative values (the claim must hold there too). */
const SAMPLES: Record<ColumnType, CellValue[][]> = {
  text: [['Free cash prize, click now', 'meeting notes for the project', null, 'cash cash prize', 'project report due', 42, 'free project cash', 'report report now']],
  numeric: [
    [1, 2.5, null, 4, 8, '16', 0, 3],
    [-5, 2.5, null, -0.25, 8, '-16', 0, 3],
  ],
  categorical: [['a', 'b', null, 'a', 'c', 'a', 'b', 'c']],
};
/** Labels for the sample rows, so supervised blocks (target encoding) learn too; the others ignore them. */
const TARGET = { y: Int32Array.from([0, 1, 0, 0, 1, 1, 0, 1]), nClasses: 2 };

async function resolve(kind: string, schema: FeatureComponentDefinition['params'], raw: Record<string, unknown> = {}): Promise<ResolvedParams> {
  const { params, problems } = resolveParams(schema, { ...((await FIXTURES[kind]?.()) ?? {}), ...raw }, kind);
  expect(problems).toEqual([]);
  return params;
}

async function transformOf(e: FeatureExtractor, values: readonly CellValue[]): Promise<FeatureMatrix> {
  return e.transformAsync ? e.transformAsync(values) : e.transform(values);
}

/** Every stored value of a block (csr: the explicit entries; implicit zeros are >= 0 anyway). */
function valuesOf(m: FeatureMatrix): Float64Array {
  return m.values;
}

function numericMin(values: readonly CellValue[]): number | undefined {
  const nums = values.filter((v) => v !== null && v !== '').map(Number).filter(Number.isFinite);
  return nums.length > 0 ? Math.min(...nums) : undefined;
}

/** Defaults, and defaults with one enum/bool parameter changed: the settings whose nonNegativeOutput claim is checked. */
async function paramVariants(def: FeatureComponentDefinition): Promise<Array<[string, ResolvedParams]>> {
  const out: Array<[string, ResolvedParams]> = [['defaults', await resolve(def.kind, def.params)]];
  for (const [name, s] of Object.entries(def.params)) {
    const choices: unknown[] = s.type === 'enum' ? [...s.choices] : s.type === 'bool' ? [true, false] : [];
    for (const c of choices) {
      if (c === s.default) continue;
      // Variants needing an unavailable resource (kuromoji dictionaries are loaded per process) are still valid; skip invalid ones.
      const { params, problems } = resolveParams(def.params, { ...((await FIXTURES[def.kind]?.()) ?? {}), [name]: c }, def.kind);
      if (problems.length > 0 || (def.validate?.(params) ?? []).length > 0) continue;
      out.push([`${name}=${JSON.stringify(c)}`, params]);
    }
  }
  return out;
}

const features = listComponents().filter((d): d is FeatureComponentDefinition => d.role === 'feature');
const classifiers = listComponents().filter((d): d is ClassifierComponentDefinition => d.role === 'classifier');

it('the registry lists feature blocks and classifiers to check', () => {
  expect(features.length).toBeGreaterThan(0);
  expect(classifiers.length).toBeGreaterThan(0);
});

async function checkFeatureDeterminism(def: FeatureComponentDefinition): Promise<void> {
  const params = await resolve(def.kind, def.params);
  for (const type of def.accepts) {
    for (const values of SAMPLES[type]) {
      const ctx: FitContext = { seed: 7, target: TARGET };
      const a = def.create(params);
      const b = def.create(params);
      await a.prepare?.();
      await b.prepare?.();
      a.fit(values, ctx);
      b.fit(values, { ...ctx });
      const outA = await transformOf(a, values);
      const outB = await transformOf(b, values);
      expect(outB, `${def.kind} on ${type}`).toEqual(outA);
      expect(JSON.stringify(b.getState()), `${def.kind} state on ${type}`).toBe(JSON.stringify(a.getState()));
    }
  }
}

async function checkFeatureNotFitted(def: FeatureComponentDefinition): Promise<void> {
  const params = await resolve(def.kind, def.params);
  for (const type of def.accepts) {
    const e = def.create(params);
    // Prepared, so the error is about fitting, not about a missing resource.
    await e.prepare?.();
    let err: unknown;
    try {
      await transformOf(e, SAMPLES[type][0]);
    } catch (caught) {
      err = caught;
    }
    expect(err, `${def.kind} transformed ${type} before fit without throwing`).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/fit/i);
  }
}

/** Checks the claim wherever it is made; returns how many (settings, column) pairs claimed it. */
async function checkNonNegativeClaim(def: FeatureComponentDefinition): Promise<number> {
  let claimsChecked = 0;
  for (const [label, params] of await paramVariants(def)) {
    for (const type of def.accepts) {
      for (const values of SAMPLES[type]) {
        const input = type === 'numeric' ? { min: numericMin(values) } : {};
        if (!def.nonNegativeOutput(params, input)) continue; // no claim, nothing asserted
        const e = def.create(params);
        await e.prepare?.();
        e.fit(values, { seed: 0, target: TARGET });
        const out = valuesOf(await transformOf(e, values));
        const negative = Array.from(out).filter((v) => !(v >= 0));
        expect(negative, `${def.kind} (${label}) on ${type} ${JSON.stringify(values)} claims non-negative output`).toEqual([]);
        claimsChecked++;
      }
    }
  }
  return claimsChecked;
}

describe.each(features.map((def) => [def.kind, def] as const))('feature component %s', (_kind, def) => {
  it('is deterministic: two fits with the same seed give identical output and JSON state', () => checkFeatureDeterminism(def));
  it('throws an Error mentioning fit when transformed before fit', () => checkFeatureNotFitted(def));
  // Kinds without a claim for any setting (embeddings) legitimately check nothing here.
  it('keeps its nonNegativeOutput claim on real output (defaults and each enum/bool variant)', async () => {
    await checkNonNegativeClaim(def);
  });
});

/** Nine non-negative rows in three classes (naive Bayes needs non-negative input). */
const X: DenseMatrix = { kind: 'dense', rows: 9, cols: 3, values: Float64Array.from([3, 0, 1, 2, 1, 0, 4, 0, 0, 0, 3, 1, 1, 2, 0, 0, 4, 1, 0, 1, 3, 1, 0, 2, 0, 0, 4]) };
const Y = Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]);

/**
 * Kinds whose fit is one closed-form pass with nothing to stop between, so they need not poll
 * `shouldStop` (a new kind that does not poll must be listed here with its reason).
 */
const SINGLE_PASS: Record<string, string> = {
  naive_bayes: 'counts per class in one pass over the data; no iterations to stop between',
};

function stoppedByFitInfo(model: object): boolean | undefined {
  const info = (model as { fitInfo?: Record<string, unknown> }).fitInfo;
  if (!info) return undefined;
  if ('stop' in info) return info.stop === 'stopped';
  if ('stopped' in info) return info.stopped === true;
  return undefined;
}

async function checkClassifierDeterminism(def: ClassifierComponentDefinition): Promise<void> {
  const p = await resolve(def.kind, def.params);
  const a = def.create(p);
  const b = def.create(p);
  a.fit(X, Y, 3, { seed: 5 });
  b.fit(X, Y, 3, { seed: 5 });
  expect(b.predictProba(X), `${def.kind} predictProba`).toEqual(a.predictProba(X));
  expect(JSON.stringify(b.getState()), `${def.kind} state`).toBe(JSON.stringify(a.getState()));
}

async function checkClassifierNotFitted(def: ClassifierComponentDefinition): Promise<void> {
  const model = def.create(await resolve(def.kind, def.params));
  expect(() => model.predictProba(X)).toThrow(Error);
  expect(() => model.predictProba(X)).toThrow(/fit/i);
}

async function checkShouldStop(def: ClassifierComponentDefinition): Promise<void> {
  let polls = 0;
  const progress: number[] = [];
  const model = def.create(await resolve(def.kind, def.params));
  // Returning (not throwing) is the contract the cancellation tests assert (classifiers-common, logreg).
  model.fit(X, Y, 3, { seed: 0, shouldStop: () => (++polls, true), onProgress: (f) => progress.push(f) });
  if (!(def.kind in SINGLE_PASS)) {
    expect(polls, `${def.kind} never polled shouldStop`).toBeGreaterThan(0);
    // Stopped at the first poll: it must not keep asking (running on to completion).
    expect(polls, `${def.kind} kept polling after being asked to stop`).toBeLessThanOrEqual(3);
    const stopped = stoppedByFitInfo(model);
    if (stopped !== undefined) expect(stopped, `${def.kind} fitInfo reports a stop on request`).toBe(true);
  }
  const proba = model.predictProba(X);
  expect(proba).toHaveLength(X.rows * 3);
  expect(proba.every(Number.isFinite), `${def.kind} stopped model predicts finite probabilities`).toBe(true);
  for (let i = 0; i < X.rows; i++) expect(proba[3 * i] + proba[3 * i + 1] + proba[3 * i + 2]).toBeCloseTo(1, 12);
  if (progress.length > 0) expect(progress.at(-1), `${def.kind} progress ends at 1`).toBe(1);
}

describe.each(classifiers.map((def) => [def.kind, def] as const))('classifier %s', (_kind, def) => {
  it('is deterministic: two fits with the same seed give identical predictProba and JSON state', () => checkClassifierDeterminism(def));
  it('throws an Error mentioning fit when predictProba is called before fit', () => checkClassifierNotFitted(def));
  it('honours shouldStop: a fit asked to stop at once returns early with a usable model', () => checkShouldStop(def));
});

/** The checks above must be able to fail: each one rejects a deliberately broken component. */
describe('the conformance checks reject broken components', () => {
  const dense = (values: number[]): DenseMatrix => ({ kind: 'dense', rows: values.length, cols: 1, values: Float64Array.from(values) });
  function fakeFeature(overrides: { random?: boolean; negative?: boolean; fitCheck?: boolean }): FeatureComponentDefinition {
    return {
      role: 'feature',
      kind: 'fake_feature',
      description: 'a deliberately broken feature block',
      accepts: ['numeric'],
      params: {},
      nonNegativeOutput: () => true,
      create: () => {
        let fitted = false;
        let offset = 0;
        return {
          fit(_values, ctx) {
            fitted = true;
            offset = overrides.random ? Math.random() : ctx.seed;
          },
          transform(values) {
            if (overrides.fitCheck !== false && !fitted) throw new Error('fake is not fitted');
            return dense(values.map((_, i) => (overrides.negative ? -1 : i) + offset));
          },
          getState: () => ({ offset }),
          outputSize: 1,
        };
      },
      load: () => {
        throw new Error('unused');
      },
    };
  }
  function fakeClassifier(overrides: { random?: boolean; ignoresStop?: boolean; fitCheck?: boolean }): ClassifierComponentDefinition {
    return {
      role: 'classifier',
      kind: 'fake_classifier',
      description: 'a deliberately broken classifier',
      params: {},
      create: () => {
        let p: number | undefined = overrides.fitCheck === false ? 1 / 3 : undefined;
        return {
          fit(_X, _y, _k, ctx) {
            p = overrides.random ? Math.random() : 1 / 3;
            for (let i = 0; i < 100; i++) {
              const stop = ctx.shouldStop?.() ?? false;
              if (stop && !overrides.ignoresStop) break;
            }
          },
          predictProba(m) {
            if (p === undefined) throw new Error('fake is not fitted');
            const q = p;
            return Float64Array.from({ length: m.rows * 3 }, (_, i) => (i % 3 === 0 ? 1 - 2 * q : q));
          },
          getState: () => ({ p }),
        };
      },
      load: () => {
        throw new Error('unused');
      },
    };
  }

  it('a well-behaved fake passes every check (so the failures below are the broken parts)', async () => {
    await checkFeatureDeterminism(fakeFeature({}));
    await checkFeatureNotFitted(fakeFeature({}));
    expect(await checkNonNegativeClaim(fakeFeature({}))).toBeGreaterThan(0);
    await checkClassifierDeterminism(fakeClassifier({}));
    await checkClassifierNotFitted(fakeClassifier({}));
    await checkShouldStop(fakeClassifier({}));
  });
  it('feature checks fail on nondeterminism, a missing not-fitted error and a broken non-negative claim', async () => {
    await expect(checkFeatureDeterminism(fakeFeature({ random: true }))).rejects.toThrow();
    await expect(checkFeatureNotFitted(fakeFeature({ fitCheck: false }))).rejects.toThrow();
    await expect(checkNonNegativeClaim(fakeFeature({ negative: true }))).rejects.toThrow(/non-negative/);
  });
  it('classifier checks fail on nondeterminism, a missing not-fitted error and an ignored shouldStop', async () => {
    await expect(checkClassifierDeterminism(fakeClassifier({ random: true }))).rejects.toThrow();
    await expect(checkClassifierNotFitted(fakeClassifier({ fitCheck: false }))).rejects.toThrow();
    await expect(checkShouldStop(fakeClassifier({ ignoresStop: true }))).rejects.toThrow(/kept polling/);
  });
});
