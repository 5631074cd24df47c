import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../../core/errors.js';
import type { ExperimentSpec } from '../../../experiment-spec/experiment-spec.js';
import { resolveDecision } from '../../../experiment-spec/resolve-decision.js';
import { resolveExperiment } from '../../../experiment-spec/resolve-experiment.js';
import { syntheticRows, writeCsv } from '../../helpers/synthetic-text.js';

const problems = (raw: unknown, classes = ['fraud', 'ok', 'review']) => resolveDecision(raw, classes, 'label').problems;

describe('resolveDecision', () => {
  it('defaults to best F1 and accepts each form', () => {
    expect(resolveDecision(undefined, ['a', 'b'], 'label')).toEqual({ decision: { metric: 'f1' }, problems: [] });
    expect(resolveDecision('argmax', ['a', 'b'], 'label').decision).toBe('argmax');
    expect(resolveDecision('macro_f1', ['a', 'b'], 'label').decision).toEqual({ metric: 'macro_f1' });
    expect(resolveDecision({ metric: 'f1' }, ['a', 'b'], 'label').decision).toEqual({ metric: 'f1' });
    expect(resolveDecision({ precision: 0.95, class: 'fraud' }, ['fraud', 'ok'], 'label').decision).toEqual({ precision: 0.95, class: 'fraud' });
    // A binary target without a class: the positive class, decided where the data is prepared.
    expect(resolveDecision({ precision: 1 }, ['fraud', 'ok'], 'label').decision).toEqual({ precision: 1 });
    // YAML reads `class: 1` as a number; labels are text.
    expect(resolveDecision({ precision: 0.9, class: 1 }, ['0', '1'], 'label').decision).toEqual({ precision: 0.9, class: '1' });
  });

  it('names a class that is not a label, with the labels and the closest one', () => {
    expect(problems({ precision: 0.95, class: 'frad' })).toEqual(['decision.class: "frad" is not a label of label (did you mean "fraud"?); labels: fraud, ok, review']);
  });

  it('rejects unknown metrics and rules, with a suggestion', () => {
    expect(problems({ metric: 'f2' })).toEqual(['decision.metric: unknown decision metric "f2" (did you mean "f1"?); known: f1, macro_f1']);
    expect(problems('argmx')[0]).toMatch(/^decision: unknown rule "argmx" \(did you mean "argmax"\?\)/);
    expect(problems({ metrc: 'f1' })[0]).toMatch(/^decision.metrc: unknown field \(did you mean "metric"\?\)/);
  });

  it('requires a precision in (0, 1]', () => {
    for (const bad of [0, -0.1, 1.5, 'high', Number.NaN]) {
      expect(problems({ precision: bad, class: 'fraud' })).toEqual([`decision.precision: expected a number in (0, 1], got ${JSON.stringify(bad)}`]);
    }
    expect(problems({ precision: 1, class: 'fraud' })).toEqual([]);
  });

  it('requires the class with more than two labels, and no class without a precision', () => {
    expect(problems({ precision: 0.9 })[0]).toMatch(/^decision.class: required with a precision target when label has 3 labels/);
    expect(problems({ metric: 'f1', class: 'fraud' })).toEqual(['decision.class: only used with precision (the class whose precision is targeted)']);
    expect(problems({ metric: 'f1', precision: 0.9, class: 'fraud' })).toEqual(['decision: give metric or precision, not both']);
  });
});

describe('resolveExperiment with a decision', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-decision-'));
    await writeCsv(join(dir, 'data.csv'), syntheticRows(120, 5));
  });
  const spec = (decision: unknown): ExperimentSpec => ({ name: 'exp', data: { source: 'data.csv' }, target: 'label', columns: { title: 'text', price: 'numeric' }, decision } as ExperimentSpec);

  it('lands in the resolved experiment (default when absent)', async () => {
    expect((await resolveExperiment(spec(undefined), dir)).decision).toEqual({ metric: 'f1' });
    expect((await resolveExperiment(spec({ precision: 0.9, class: 'spam' }), dir)).decision).toEqual({ precision: 0.9, class: 'spam' });
  });

  it('fails before anything starts on a class that is not a label', async () => {
    const error = await resolveExperiment(spec({ precision: 0.9, class: 'spma' }), dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).message).toContain('decision.class: "spma" is not a label of label (did you mean "spam"?); labels: ');
  });
});
