/**
 * The spec's retrain.promotion, retrain.drift and retrain.searchWhen: bad input fails when the
 * file is read (shape, names, ranges) or when the data is known (labels), each problem naming
 * the field, with a suggestion for near-miss names; good input passes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../../core/errors.js';
import type { ExperimentSpec } from '../../../experiment-spec/experiment-spec.js';
import { checkSpecShape } from '../../../experiment-spec/parse-spec-file.js';
import { resolveUserInputError } from '../../helpers/spec-problems.js';
import { syntheticRows, writeCsv } from '../../helpers/synthetic-text.js';

const base = { name: 'x', data: { source: 'listings.csv' }, target: 'label' };

/** The problems checkSpecShape reports for this retrain block ([] when it passes). */
function shapeProblems(retrain: unknown): string[] {
  try {
    checkSpecShape({ ...base, retrain }, 'spec.yaml');
    return [];
  } catch (e) {
    if (!(e instanceof UserInputError)) throw e;
    return e.problems;
  }
}

describe('retrain policy: shape checks when the file is read', () => {
  it('accepts criteria, modes, drift thresholds, class overrides and searchWhen', () => {
    expect(
      shapeProblems({
        promotion: { mode: 'any-without-regression', criteria: [{ metric: 'decision', minImprovement: 0.01, confidence: 0.95 }, { metric: 'search', tolerance: 0.005 }, { metric: 'recall:fraud', minImprovement: 0.02 }, { metric: 'log_loss', tolerance: 0.05 }] },
        drift: { psi: { warning: 0.2 }, divergence: { warning: 0.04, drift: 0.1 }, performance: { drift: 0.2 }, minClassRows: 40, classes: { fraud: { unseen: { warning: 0.1, drift: 0.3 } } } },
        searchWhen: 'drift',
      }),
    ).toEqual([]);
    expect(shapeProblems({ promotion: { minImprovement: 0.01, guards: [{ metric: 'log_loss', tolerance: 0.02 }] } })).toEqual([]);
  });

  it('names an unknown criterion metric with a suggestion', () => {
    expect(shapeProblems({ promotion: { criteria: [{ metric: 'decison', minImprovement: 0.01 }] } })).toEqual([expect.stringMatching(/^retrain\.promotion\.criteria\[0\]\.metric: unknown metric "decison" \(did you mean "decision"\?\)/)]);
    expect(shapeProblems({ promotion: { criteria: [{ metric: 'macro_f2', minImprovement: 0.01 }] } })[0]).toContain('(did you mean "macro_f1"?)');
    expect(shapeProblems({ promotion: { guards: [{ metric: 'logloss', tolerance: 0.1 }] } })[0]).toMatch(/^retrain\.promotion\.guards\[0\]\.metric: unknown metric "logloss" \(did you mean "log_loss"\?\)/);
  });

  it('names unknown fields, modes and searchWhen values', () => {
    expect(shapeProblems({ promotion: { mode: 'every', criteria: [{ metric: 'search', minImprovment: 0.01 }] } })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^retrain\.promotion\.mode: expected all or any-without-regression, got "every"/),
        expect.stringMatching(/^retrain\.promotion\.criteria\[0\]\.minImprovment: unknown field \(did you mean "retrain\.promotion\.criteria\[0\]\.minImprovement"\?\)/),
      ]),
    );
    expect(shapeProblems({ searchWhen: 'drifted' })).toEqual(['retrain.searchWhen: expected always or drift or never, got "drifted" (did you mean "drift"?)']);
    expect(shapeProblems({ drift: { pis: { warning: 0.1 } } })[0]).toMatch(/^retrain\.drift\.pis: unknown field \(did you mean "retrain\.drift\.psi"\?\)/);
  });

  it('rejects thresholds out of range and inverted levels, naming the field', () => {
    expect(shapeProblems({ drift: { divergence: { warning: 1.5 } } })).toEqual(['retrain.drift.divergence.warning: expected a number > 0 and <= 1, got 1.5']);
    expect(shapeProblems({ drift: { psi: { warning: -0.1 } } })).toEqual(['retrain.drift.psi.warning: expected a number > 0, got -0.1']);
    expect(shapeProblems({ drift: { performance: { warning: 0.3, drift: 0.1 } } })).toEqual(['retrain.drift.performance: warning (0.3) must not exceed drift (0.1)']);
    expect(shapeProblems({ drift: { classes: { fraud: { unseen: { drift: 2 } } } } })).toEqual(['retrain.drift.classes.fraud.unseen.drift: expected a number > 0 and <= 1, got 2']);
    expect(shapeProblems({ drift: { minClassRows: 2 } })).toEqual(['retrain.drift.minClassRows: expected an integer >= 5, got 2']);
    expect(shapeProblems({ promotion: { criteria: [{ metric: 'search', minImprovement: 0.01, confidence: 1 }] } })).toEqual(['retrain.promotion.criteria[0].confidence: expected a number >= 0 and < 1, got 1']);
    expect(shapeProblems({ promotion: { criteria: [{ metric: 'search', minImprovement: -0.01 }] } })[0]).toBe('retrain.promotion.criteria[0].minImprovement: expected a number >= 0, got -0.01');
  });

  it('rejects criteria that could never promote, and mixing the two forms', () => {
    expect(shapeProblems({ promotion: { criteria: [{ metric: 'log_loss', tolerance: 0.1 }] } })).toEqual([expect.stringContaining('retrain.promotion.criteria: no criterion has a minImprovement')]);
    expect(shapeProblems({ promotion: { criteria: [], minImprovement: 0.01 } })).toEqual(
      expect.arrayContaining(['retrain.promotion: give criteria, or minImprovement and guards (the older form), not both', expect.stringContaining('retrain.promotion.criteria: expected a non-empty list')]),
    );
  });
});

describe('retrain policy: labels checked against the data', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-retrain-spec-'));
    await writeCsv(join(dir, 'listings.csv'), syntheticRows(200, 3));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const spec = (retrain: ExperimentSpec['retrain']): ExperimentSpec => ({ ...base, columns: { title: 'text', price: 'numeric' }, retrain });

  it('passes labels the target has', async () => {
    expect(await resolveUserInputError(spec({ promotion: { criteria: [{ metric: 'recall:spam', minImprovement: 0.01 }] }, drift: { classes: { ok: { psi: { warning: 0.3 } } } } }), dir)).toBeUndefined();
  });

  it('names a class in a criterion or a threshold that is not a label, with the closest label', async () => {
    const error = await resolveUserInputError(spec({ promotion: { criteria: [{ metric: 'recall:spm', minImprovement: 0.01 }], guards: undefined }, drift: { classes: { fraud: { psi: { warning: 0.3 } } } } }), dir);
    expect(error?.problems).toEqual(
      expect.arrayContaining([
        'retrain.promotion.criteria[0].metric: "spm" is not a label of label (did you mean "spam"?); labels: ok, spam',
        expect.stringMatching(/^retrain\.drift\.classes\.fraud: "fraud" is not a label of label/),
      ]),
    );
  });
});
