import { describe, expect, it } from 'vitest';
import { UserInputError, type CsrMatrix } from '../../../components/index.js';
import type { Mlp } from '../../../components/classifiers/mlp.js';
import { prepareTensorflow } from '../../../components/classifiers/tf-backend.js';
import { accuracy, blobs, classifier, loadClassifier, xor } from './helpers/toy-data.js';

const FAST = { units: 16, learningRate: 0.02, batchSize: 32, dropout: 0 };

describe('mlp', () => {
  it('learns XOR with a hidden layer (cpu backend before prepare)', () => {
    const train = xor(800, 1, 2);
    const test = xor(400, 2, 2);
    const model = classifier('mlp', { ...FAST, epochs: 150, earlyStopping: false }) as Mlp;
    model.fit(train.X, train.y, 2, { seed: 0 });
    expect(accuracy(model.predictProba(test.X), test.y, 2)).toBeGreaterThan(0.9);
    expect(['cpu', 'wasm']).toContain(model.fitInfo!.backend);
  });

  it('trains on the wasm backend after prepare, deterministically for a seed', async () => {
    const model = classifier('mlp', { ...FAST, epochs: 20 }) as Mlp;
    await model.prepare();
    expect(await prepareTensorflow()).toBe('wasm');
    const train = blobs([100, 100, 100], 3);
    model.fit(train.X, train.y, 3, { seed: 4 });
    expect(model.fitInfo!.backend).toBe('wasm');
    const again = classifier('mlp', { ...FAST, epochs: 20 }) as Mlp;
    again.fit(train.X, train.y, 3, { seed: 4 });
    expect(again.getState()).toEqual(model.getState());
    const other = classifier('mlp', { ...FAST, epochs: 20 }) as Mlp;
    other.fit(train.X, train.y, 3, { seed: 5 });
    expect(other.getState().layers[0].weights).not.toEqual(model.getState().layers[0].weights);
  });

  it('early stopping keeps the best epoch and stops after `patience` epochs without improvement', () => {
    const train = blobs([150, 150], 6, 3, 1.6);
    const model = classifier('mlp', { ...FAST, learningRate: 0.05, epochs: 300, patience: 3 }) as Mlp;
    model.fit(train.X, train.y, 2, { seed: 0 });
    const info = model.fitInfo!;
    expect(info.stop).toBe('earlyStopping');
    expect(info.epochs - info.bestEpoch).toBe(3);
    expect(info.validationLoss).toHaveLength(info.epochs);
    expect(Math.min(...info.validationLoss)).toBe(info.validationLoss[info.bestEpoch - 1]);
  });

  it('state is layers of plain arrays; hidden layers and units follow the params', () => {
    const train = blobs([40, 40], 7);
    const model = classifier('mlp', { ...FAST, hiddenLayers: 2, units: 5, epochs: 2 }) as Mlp;
    model.fit(train.X, train.y, 2, { seed: 0 });
    const state = model.getState();
    expect(state.layers.map((l) => [l.inputs, l.units])).toEqual([[3, 5], [5, 5], [5, 2]]);
    expect(state.layers.every((l) => Array.isArray(l.weights) && l.weights.every(Number.isFinite))).toBe(true);
    expect(() => loadClassifier('mlp', {}, { ...state, nClasses: 3 })).toThrow(/fitted state/);
  });

  it('rejects sparse input wider than maxInputColumns, naming the parameter', () => {
    const wide: CsrMatrix = { kind: 'csr', rows: 2, cols: 50_000, indptr: Int32Array.from([0, 1, 2]), indices: Int32Array.from([1, 9]), values: Float64Array.from([1, 1]) };
    const model = classifier('mlp');
    expect(() => model.fit(wide, Int32Array.from([0, 1]), 2, { seed: 0 })).toThrow(UserInputError);
    expect(() => model.fit(wide, Int32Array.from([0, 1]), 2, { seed: 0 })).toThrow(/50000 columns.*maxInputColumns/s);
    // Narrow sparse input is densified and trains.
    const narrow = classifier('mlp', { ...FAST, epochs: 2, maxInputColumns: 60_000 });
    narrow.fit(wide, Int32Array.from([0, 1]), 2, { seed: 0 });
    expect(narrow.predictProba(wide).every(Number.isFinite)).toBe(true);
  });
});
