import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../../core/errors.js';
import type { ExperimentSpec } from '../../../experiment-spec/experiment-spec.js';
import { checkSpecShape } from '../../../experiment-spec/parse-spec-file.js';
import { resolveExperiment } from '../../../experiment-spec/resolve-experiment.js';
import { resolveRejection } from '../../helpers/spec-problems.js';
import { syntheticRows, writeCsv } from '../../helpers/synthetic-text.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoflow-split-spec-'));
  // 120 rows whose file order is not their time order, with a seller column and a bad time column.
  const rows = syntheticRows(120, 5).map((r, i) => ({
    ...r,
    listed_at: new Date(Date.UTC(2024, 0, 1) + ((i * 37) % 120) * 3_600_000).toISOString(),
    seller: `s${i % 12}`,
    when: i === 7 ? 'last tuesday' : '2024-02-01',
  }));
  await writeCsv(join(dir, 'dated.csv'), rows);
  await writeFile(join(dir, 'x.txt'), '');
});

const spec = (split: ExperimentSpec['split'], over: Partial<ExperimentSpec> = {}): ExperimentSpec => ({
  name: 'exp',
  data: { source: 'dated.csv' },
  target: 'label',
  columns: { title: 'text', price: 'numeric', seller: 'ignore', when: 'ignore' },
  split,
  ...over,
});

const problemsOf = async (s: ExperimentSpec): Promise<string[]> => (await resolveRejection(s, dir)).problems;

describe('split in the spec', () => {
  it('checks the shape of by and group', () => {
    const problems = (raw: unknown) => {
      try {
        checkSpecShape({ name: 'x', data: 'd.csv', target: 'y', split: raw }, 'spec.yaml');
        return [];
      } catch (e) {
        return (e as UserInputError).problems;
      }
    };
    expect(problems({ by: 'listed_at', test: 0.1 })).toEqual([]);
    expect(problems({ by: 3 })).toEqual(['split.by: expected a column name, got 3']);
    expect(problems({ by: 'a', group: 'b' })).toEqual(['split: give either by (out of time) or group (grouped), not both']);
    expect(problems({ group: '', byy: 'x' })[0]).toMatch(/^split\.byy: unknown field/);
  });

  it('resolves split.by: the column is never a feature and the note says where the rows fall', async () => {
    const exp = await resolveExperiment(spec({ by: 'listed_at', validation: 0.25, test: 0.25 }, { columns: { title: 'text', price: 'numeric', seller: 'ignore', when: 'ignore' } }), dir);
    expect(exp.split).toEqual({ by: 'listed_at', validation: 0.25, test: 0.25 });
    expect(Object.keys(exp.columnTypes)).not.toContain('listed_at');
    expect(exp.dataWarnings).toContain(
      'split by listed_at, newest rows held out: train 2024-01-01T00:00:00.000Z .. 2024-01-03T11:00:00.000Z (60 rows); validation 2024-01-03T12:00:00.000Z .. 2024-01-04T17:00:00.000Z (30 rows); test 2024-01-04T18:00:00.000Z .. 2024-01-05T23:00:00.000Z (30 rows)',
    );
    // Without split.by, the datetime column is recognised and left out too, with a note why.
    const plain = await resolveExperiment(spec(undefined), dir);
    expect(Object.keys(plain.columnTypes)).toEqual(['title', 'price']);
    expect(plain.dataWarnings?.some((w) => w.startsWith("column 'listed_at' holds datetimes"))).toBe(true);
  });

  it('reports every split problem before anything starts, with the other problems of the spec', async () => {
    expect(await problemsOf(spec({ by: 'listedat' }, { metric: 'roc_aux' }))).toEqual([
      'metric: unknown metric "roc_aux" (did you mean "roc_auc"?); known: roc_auc, pr_auc, f1, log_loss, accuracy',
      `split.by: column 'listedat' is not in file://${join(dir, 'dated.csv')} (did you mean 'listed_at'?); columns: title, price, label, listed_at, seller, when`,
    ]);
    expect((await problemsOf(spec({ by: 'when' })))[0]).toContain("split.by: column 'when' is not time-like: 1 of 120 values are neither ISO dates nor numbers (e.g. 'last tuesday'); use ISO dates");
    expect((await problemsOf(spec({ by: 'when' })))[0]).toContain("(e.g. 'last tuesday')");
    expect(await problemsOf(spec({ by: 'listed_at' }, { columns: { title: 'text', listed_at: 'numeric' } }))).toContain(
      "columns.listed_at: 'listed_at' is the split.by column and cannot be a feature (declared numeric); remove it from columns or declare it ignore",
    );
  });

  it('resolves split.group and refuses too few groups', async () => {
    const exp = await resolveExperiment(spec({ group: 'seller' }), dir);
    expect(exp.split).toEqual({ group: 'seller', validation: 0.2, test: 0.2 });
    expect(exp.dataWarnings?.find((w) => w.startsWith('split by group seller'))).toMatch(/^split by group seller, no group on two sides: train \d+ groups \(\d+ rows\); validation \d+ groups/);
    expect(exp.dataWarnings?.some((w) => w.startsWith('split.group:'))).toBe(false);
    // A group column the model reads gets a note: its held-out values are all unseen.
    const asFeature = await resolveExperiment(spec({ group: 'seller' }, { columns: { title: 'text', price: 'numeric', seller: 'categorical', when: 'ignore' } }), dir);
    expect(asFeature.dataWarnings).toContain(
      "split.group: 'seller' is also a feature, but validation and test hold only seller values never seen in training; declare it ignore under columns unless the model should learn known groups",
    );
    expect(await problemsOf(spec({ group: 'when' }))).toEqual([
      "split.group: column 'when' has 2 distinct groups ('2024-02-01', 'last tuesday'), fewer than the 3 parts to fill (train, validation, test); every part needs a group of its own",
    ]);
  });
});
