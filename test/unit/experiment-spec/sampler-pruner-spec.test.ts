/** The spec checks sampler and pruner names and options against the registries' tables. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../../core/errors.js';
import { PRUNERS } from '../../../search-spaces/pruners/index.js';
import type { ExperimentSpec } from '../../../experiment-spec/experiment-spec.js';
import { resolveExperiment, resolvePruner } from '../../../experiment-spec/resolve-experiment.js';
import { resolveUserInputError } from '../../helpers/spec-problems.js';
import { syntheticRows, writeCsv } from '../../helpers/synthetic-text.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoflow-sampler-spec-'));
  await writeCsv(join(dir, 'data.csv'), syntheticRows(80, 3));
});

const spec = (over: Partial<ExperimentSpec>): ExperimentSpec => ({ name: 'exp', data: { source: 'data.csv' }, target: 'label', columns: { title: 'text', price: 'numeric' }, ...over });

const problemsOf = async (s: ExperimentSpec): Promise<string[]> => (await resolveUserInputError(s, dir))?.problems ?? [];

function prunerProblems(raw: ExperimentSpec['pruner']): string[] {
  try {
    resolvePruner(raw);
  } catch (e) {
    if (e instanceof UserInputError) return e.problems;
    throw e;
  }
  return [];
}

describe('sampler in the spec', () => {
  it('names an unknown sampler with a suggestion and the known ones', async () => {
    expect(await problemsOf(spec({ sampler: 'tpee' }))).toContain('sampler: unknown sampler "tpee" (did you mean "tpe"?); known samplers: random, grid, qmc, tpe, motpe');
  });

  it('checks options by path: unknown keys with a suggestion, types, bounds, choices', async () => {
    const problems = await problemsOf(spec({ sampler: { name: 'tpe', nStartupTrial: 3, gamma: 2, failed: 'drop', multivariate: 1 } }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sampler: unknown option "nStartupTrial" \(did you mean "nStartupTrials"\?\); known options: enqueue, nStartupTrials/),
        'sampler.gamma: must be <= 1, got 2',
        'sampler.failed: must be one of "worst", "ignore", got "drop"',
        'sampler.multivariate: must be a boolean, got 1',
      ]),
    );
    expect((await problemsOf(spec({ sampler: { name: 'grid', floatPoints: 0 } })))).toContain('sampler.floatPoints: must be >= 1, got 0');
    expect((await problemsOf(spec({ sampler: { name: 'random', floatPoints: 3 } })))[0]).toMatch(/^sampler: unknown option "floatPoints"; known options: enqueue$/);
  });

  it('accepts every documented option', async () => {
    const exp = await resolveExperiment(spec({ sampler: { name: 'tpe', nStartupTrials: 3, gamma: 0.2, multivariate: false, startup: 'random', failed: 'ignore' } }), dir);
    expect(exp.sampler).toEqual({ name: 'tpe', options: { nStartupTrials: 3, gamma: 0.2, multivariate: false, startup: 'random', failed: 'ignore' } });
  });
});

describe('pruner in the spec', () => {
  it('resolves rungs from the fidelity options and passes each pruner only its own options', () => {
    expect(resolvePruner(undefined)).toBeNull();
    expect(resolvePruner('none')).toBeNull();
    expect(resolvePruner('successive-halving')).toEqual({ name: 'successive-halving', options: { minResource: 1 / 9, reductionFactor: 3 }, rungs: [0.111111111111, 0.333333333333, 1] });
    expect(resolvePruner({ name: 'median', minResource: 0.25, reductionFactor: 2, nStartupTrials: 2 })).toEqual({ name: 'median', options: { nStartupTrials: 2 }, rungs: [0.25, 0.5, 1] });
    expect(resolvePruner({ name: 'asha', bootstrapCount: 2 })?.options).toEqual({ bootstrapCount: 2, minResource: 1 / 9, reductionFactor: 3 });
  });

  it('rejects unknown names and options with suggestions, and out-of-range values', () => {
    expect(prunerProblems('medain')).toEqual(['pruner: unknown pruner "medain" (did you mean "median"?); known pruners: none, median, successive-halving']);
    expect(prunerProblems({ name: 'median', nWarmupStep: 1 })[0]).toMatch(/^pruner: unknown option "nWarmupStep" \(did you mean "nWarmupSteps"\?\)/);
    expect(prunerProblems({ name: 'successive-halving', minResource: 2, reductionFactor: 1 })).toEqual(['pruner.minResource: must be < 1, got 2', 'pruner.reductionFactor: must be >= 2, got 1']);
    expect(prunerProblems({ name: 'median', percentile: -1 })).toEqual(['pruner.percentile: must be >= 0, got -1']);
    expect(prunerProblems({ name: 'none', minResource: 0.5 })[0]).toMatch(/^pruner: unknown option "minResource"; known options: none$/);
  });

  it('every registered pruner resolves from its bare name', () => {
    for (const name of PRUNERS.names) expect(prunerProblems(name)).toEqual([]);
  });

  it('reports pruner problems next to the others', async () => {
    expect(await problemsOf(spec({ pruner: { name: 'median', eta: 3 } }))).toEqual([expect.stringMatching(/^pruner: unknown option "eta"/)]);
  });
});
