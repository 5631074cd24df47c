import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { putJSON } from '../../../artifacts/artifact-store.js';
import { createArtifactStore } from '../../../artifacts/index.js';
import { runEnsembleJob } from '../../../activities/training/ensemble-job.js';
import { DATASET_FORMAT } from '../../../activities/training/prepared-dataset.js';
import { decodeProba, encodeProba, validationProbaKey } from '../../../activities/training/validation-predictions.js';
import { computeMetric } from '../../../components/index.js';
import type { SelectEnsembleInput } from '../../../workflows/ensemble-types.js';
import type { PreparedDataset } from '../../../workflows/types.js';

// Rows 0-5 train, 6-13 validation (labels below), the rest test.
const labels = ['ok', 'spam', 'ok', 'spam', 'ok', 'spam', 'ok', 'ok', 'ok', 'ok', 'spam', 'spam', 'spam', 'spam', 'ok', 'spam'];
const validation = [6, 7, 8, 9, 10, 11, 12, 13];
/** Positive-class (spam, column 1) probabilities of three trials on the validation rows. */
const p1 = {
  0: [0.05, 0.05, 0.6, 0.6, 0.95, 0.95, 0.9, 0.9],
  1: [0.1, 0.1, 0.05, 0.05, 0.4, 0.4, 0.95, 0.95],
  2: [0.55, 0.45, 0.45, 0.55, 0.55, 0.45, 0.55, 0.45],
};
const rowsOf = (p: number[]) => p.flatMap((v) => [1 - v, v]);

let store: ReturnType<typeof createArtifactStore>;
let dataset: PreparedDataset;

beforeAll(async () => {
  store = createArtifactStore(`file://${await mkdtemp(join(tmpdir(), 'autoflow-select-ensemble-'))}`);
  const ref = await putJSON(store, 'searches/s1/dataset.json', {
    format: DATASET_FORMAT,
    dataUri: 'test',
    dataSha256: 'x',
    target: 'label',
    columnTypes: {},
    columns: {},
    labels,
    classes: ['ok', 'spam'],
    positiveClass: 1,
    split: { train: [0, 1, 2, 3, 4, 5], validation, test: [14, 15] },
  });
  dataset = { ref, dataSha256: 'x', nRows: labels.length, classes: ['ok', 'spam'], positiveClass: 1, splitSizes: { train: 6, validation: 8, test: 2 }, profileRef: ref };
  for (const [trial, p] of Object.entries(p1)) await store.put(validationProbaKey('s1', Number(trial)), encodeProba(rowsOf(p)));
});

/** The selection job the selectEnsemble activity runs in a training thread. */
const activity = () => (input: SelectEnsembleInput) => runEnsembleJob({ kind: 'ensemble', storeRoot: store.rootUri, input });

describe('ensemble selection job', () => {
  it('reads the stored validation probabilities and returns members, weights and both scores', async () => {
    const out = await activity()({ searchId: 's1', dataset, metric: 'accuracy', direction: 'maximize', trialNumbers: [0, 1, 2, 7], rounds: 10, patience: 5 });
    expect(out.missing).toEqual([7]);
    expect(out.bestSingle).toEqual({ trialNumber: 0, value: 0.75 });
    expect(out.value).toBe(1);
    expect(out.members.map((m) => m.trialNumber)).toEqual([0, 1]);
    expect(out.members.reduce((s, m) => s + m.weight, 0)).toBeCloseTo(1, 12);
  });

  it('scores a minimised metric on the same float32 probabilities the trials stored', async () => {
    const out = await activity()({ searchId: 's1', dataset, metric: 'log_loss', direction: 'minimize', trialNumbers: [2, 1, 0], rounds: 25, patience: 5 });
    const yTrue = Int32Array.from(validation, (r) => (labels[r] === 'spam' ? 1 : 0));
    const stored = await store.get(validationProbaKey('s1', out.bestSingle.trialNumber));
    expect(out.bestSingle.value).toBe(computeMetric('log_loss', yTrue, decodeProba(stored, 8, 2, 'k'), 2, 1));
    expect(out.value).toBeLessThan(out.bestSingle.value);
  });

  it('fails clearly when no candidate has stored probabilities, or one has the wrong size', async () => {
    await expect(activity()({ searchId: 's1', dataset, metric: 'accuracy', direction: 'maximize', trialNumbers: [8, 9], rounds: 5, patience: 5 })).rejects.toThrow(/none of trials 8, 9 has validation probabilities/);
    await store.put(validationProbaKey('s1', 5), encodeProba([0.5, 0.5]));
    await expect(activity()({ searchId: 's1', dataset, metric: 'accuracy', direction: 'maximize', trialNumbers: [0, 5], rounds: 5, patience: 5 })).rejects.toThrow(/trials\/5\.validation-proba\.bin: 8 bytes, expected 8 rows x 2 classes x 4/);
  });
});
