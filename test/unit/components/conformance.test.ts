/**
 * The contract every registered component kind must keep: defaults are valid, default search
 * ranges stay inside the schema, output shapes are as declared, and fitted state survives JSON
 * to give identical outputs. A new component file is checked here without new test code.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listComponents, resolveParams, type CellValue, type ColumnType, type ComponentDefinition, type DenseMatrix, type ParamSchema } from '../../../components/index.js';
import { writeTinyEncoder } from './helpers/tiny-encoder.js';

/**
 * Parameters for kinds that need something from outside the process (a model directory);
 * every other kind runs with its defaults.
 */
const scratch = mkdtemp(join(tmpdir(), 'autoflow-conformance-'));
afterAll(async () => rm(await scratch, { recursive: true, force: true }));
const FIXTURES: Record<string, () => Promise<Record<string, unknown>>> = {
  onnx_encoder: async () => ({ modelDir: await writeTinyEncoder(join(await scratch, 'encoder')) }),
};

const SAMPLES: Record<ColumnType, CellValue[]> = {
  text: ['Free cash prize, click now', 'meeting notes for the project', null, 'cash cash prize', 'project report due', 42],
  numeric: [1, 2.5, null, 4, 8, '16'],
  categorical: ['a', 'b', null, 'a', 'c', 'a'],
};

/** Nine non-negative rows in three classes. */
const X: DenseMatrix = { kind: 'dense', rows: 9, cols: 3, values: Float64Array.from([3, 0, 1, 2, 1, 0, 4, 0, 0, 0, 3, 1, 1, 2, 0, 0, 4, 1, 0, 1, 3, 1, 0, 2, 0, 0, 4]) };
const Y = Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]);

async function defaults(def: ComponentDefinition): Promise<Record<string, unknown>> {
  const { params, problems } = resolveParams(def.params, (await FIXTURES[def.kind]?.()) ?? {}, def.kind);
  expect(problems).toEqual([]);
  return params;
}

function searchInsideSchema(name: string, s: ParamSchema): void {
  const d = s.search;
  if (!d) return;
  if (d.type === 'categorical') {
    for (const c of d.choices) {
      if (s.type === 'enum') expect(s.choices, name).toContain(c);
      else if (s.type === 'bool') expect(typeof c, name).toBe('boolean');
      else expect(typeof c, name).toBe('number');
    }
    return;
  }
  expect(['int', 'float'], name).toContain(s.type);
  if (s.type !== 'int' && s.type !== 'float') return;
  expect(d.low, name).toBeLessThanOrEqual(d.high);
  if (s.min !== undefined) expect(d.low, name).toBeGreaterThanOrEqual(s.min);
  if (s.max !== undefined) expect(d.high, name).toBeLessThanOrEqual(s.max);
  if (s.type === 'int') expect(d.type, name).toBe('int');
}

describe.each(listComponents().map((def) => [def.kind, def] as const))('component %s', (_kind, def) => {
  it('has valid defaults and search ranges inside its schema', async () => {
    expect(def.description.length).toBeGreaterThan(10);
    const params = await defaults(def);
    expect(def.validate?.(params) ?? []).toEqual([]);
    for (const [name, s] of Object.entries(def.params)) searchInsideSchema(`${def.kind}__${name}`, s);
  });

  it('fits, declares its output shape, and reloads from JSON state identically', async () => {
    const params = await defaults(def);
    if (def.role === 'feature') {
      for (const type of def.accepts) {
        const values = SAMPLES[type];
        const extractor = def.create(params);
        // Kinds with async needs (a dictionary, an ONNX session) declare them through prepare / transformAsync.
        await extractor.prepare?.();
        extractor.fit(values, { seed: 0 });
        const out = extractor.transformAsync ? await extractor.transformAsync(values) : extractor.transform(values);
        expect(out.rows).toBe(values.length);
        expect(out.cols).toBe(extractor.outputSize);
        if (extractor.fitTransform) {
          // The one-pass path must give exactly what fit + transform gives.
          const again = def.create(params);
          expect(again.fitTransform!(values, { seed: 0 })).toEqual(out);
        }
        const loaded = def.load(params, JSON.parse(JSON.stringify(extractor.getState())));
        await loaded.prepare?.();
        expect(loaded.transformAsync ? await loaded.transformAsync(values) : loaded.transform(values)).toEqual(out);
      }
    } else {
      const model = def.create(params);
      model.fit(X, Y, 3, { seed: 0 });
      const proba = model.predictProba(X);
      expect(proba).toHaveLength(X.rows * 3);
      for (let i = 0; i < X.rows; i++) expect(proba[3 * i] + proba[3 * i + 1] + proba[3 * i + 2]).toBeCloseTo(1, 12);
      const loaded = def.load(params, JSON.parse(JSON.stringify(model.getState())));
      expect(loaded.predictProba(X)).toEqual(proba);
    }
  });
});
