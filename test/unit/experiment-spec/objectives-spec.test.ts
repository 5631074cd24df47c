/** Several objectives in the spec: what resolves, and the errors that name the field before anything starts. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentSpec } from '../../../experiment-spec/experiment-spec.js';
import { resolveExperiment } from '../../../experiment-spec/resolve-experiment.js';
import { resolveUserInputError } from '../../helpers/spec-problems.js';
import { syntheticRows, writeCsv } from '../../helpers/synthetic-text.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoflow-objectives-spec-'));
  await writeCsv(join(dir, 'data.csv'), syntheticRows(80, 3));
});

const spec = (over: Partial<ExperimentSpec>): ExperimentSpec => ({ name: 'exp', data: { source: 'data.csv' }, target: 'label', columns: { title: 'text', price: 'numeric' }, ...over });
const problemsOf = async (s: ExperimentSpec): Promise<string[]> => (await resolveUserInputError(s, dir))?.problems ?? [];

describe('objectives in the spec', () => {
  it('resolves a Pareto search: the first objective is the metric, motpe samples, no ensemble, re-scoring or pruning', async () => {
    const experiment = await resolveExperiment(spec({ objectives: ['pr_auc', 'predict_ms_per_1k'], select: { constraints: [{ metric: 'predict_ms_per_1k', max: 40 }] } }), dir);
    expect(experiment.metric).toBe('pr_auc');
    expect(experiment.objectives).toEqual([
      { metric: 'pr_auc', direction: 'maximize' },
      { metric: 'predict_ms_per_1k', direction: 'minimize' },
    ]);
    expect(experiment.select).toEqual({ best: 'pr_auc', constraints: [{ metric: 'predict_ms_per_1k', max: 40 }] });
    expect(experiment.sampler.name).toBe('motpe');
    expect(experiment.ensemble).toBeNull();
    expect(experiment.rescore).toBeNull();
    const single = await resolveExperiment(spec({}), dir);
    expect(single.objectives).toBeUndefined();
    expect(single.rescore).not.toBeNull();
  });

  it('names every bad field with what would fit', async () => {
    expect(await problemsOf(spec({ objectives: ['pr_auc'] }))).toEqual([expect.stringMatching(/^objectives: expected a list of 2 to 4 metric names \(one objective: use metric\)/)]);
    expect(await problemsOf(spec({ objectives: ['pr_auc', 'predict_ms_per1k'] }))).toEqual([expect.stringMatching(/^objectives\[1\]: unknown metric "predict_ms_per1k" \(did you mean "predict_ms_per_1k"\?\)/)]);
    expect(await problemsOf(spec({ objectives: ['model_bytes', 'pr_auc'] }))).toEqual([expect.stringMatching(/^objectives\[0\]: the first objective is the model's quality metric/)]);
    expect(await problemsOf(spec({ objectives: ['pr_auc', 'pr_auc'] }))).toEqual(['objectives[1]: pr_auc is listed twice']);
    expect(await problemsOf(spec({ metric: 'f1', objectives: ['pr_auc', 'model_bytes'] }))).toEqual([expect.stringMatching(/^metric: "f1" differs from objectives\[0\] "pr_auc"/)]);
    expect(await problemsOf(spec({ objectives: ['pr_auc', 'model_bytes'], sampler: 'tpe' }))).toEqual([expect.stringMatching(/^sampler: tpe optimises one objective; with 2 objectives use motpe/)]);
    expect(await problemsOf(spec({ objectives: ['pr_auc', 'model_bytes'], ensemble: { size: 4 }, pruner: 'median' }))).toEqual([
      expect.stringMatching(/^ensemble: not available with several objectives/),
      expect.stringMatching(/^pruner: not available with several objectives/),
    ]);
    expect(await problemsOf(spec({ sampler: 'motpe' }))).toEqual([expect.stringMatching(/^sampler: motpe optimises several objectives/)]);
    expect(await problemsOf(spec({ select: { best: 'pr_auc' } }))).toEqual([expect.stringMatching(/^select: only a search with several objectives/)]);
    const select = await problemsOf(spec({ objectives: ['pr_auc', 'model_bytes'], select: { best: 'f1', constraints: [{ metric: 'model_bytes' }, { metric: 'latency', max: 3 }, { metric: 'model_bytes', max: 'big' as unknown as number }] } }));
    expect(select).toEqual([
      'select.best: must be one of the objectives (pr_auc, model_bytes), got "f1"',
      'select.constraints[0]: give max or min for model_bytes',
      expect.stringMatching(/^select\.constraints\[1\]\.metric: unknown metric "latency"/),
      'select.constraints[2].max: must be a number, got "big"',
    ]);
  });
});
