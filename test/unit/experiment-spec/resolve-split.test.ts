import { describe, expect, it } from 'vitest';
import type { Table } from '../../../components/core/table.js';
import type { ExperimentSpec } from '../../../experiment-spec/experiment-spec.js';
import { resolveSplit } from '../../../experiment-spec/resolve-split.js';
import { splitRows } from '../../../data/split-rows.js';

/** 40 rows, file order shuffled against time: row i is listed on day (i * 7) % 40 of 2024. */
function table(): Table {
  const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + ((i * 7) % 40) * 86_400_000).toISOString().slice(0, 10);
  const rows = Array.from({ length: 40 }, (_, i) => i);
  return {
    nRows: 40,
    columns: {
      listed_at: rows.map(day),
      epoch: rows.map((i) => 1_704_067_200 + ((i * 7) % 40) * 86_400),
      seller_id: rows.map((i) => `s${i % 8}`),
      note: rows.map((i) => (i === 3 ? 'next week' : day(i))),
      blank: rows.map(() => null),
      title: rows.map((i) => `listing ${i}`),
      label: rows.map((i) => (i % 4 === 0 ? 'fraud' : 'ok')),
    },
  };
}

const spec = (split: Record<string, unknown>, extra: Partial<ExperimentSpec> = {}): ExperimentSpec =>
  ({ name: 't', data: { source: 'x.csv' }, target: 'label', split, ...extra }) as ExperimentSpec;

describe('resolveSplit', () => {
  it('accepts a time column and describes where the rows fall', () => {
    const r = resolveSplit(spec({ by: 'listed_at', validation: 0.25, test: 0.25 }), table(), 'x.csv');
    expect(r.problems).toEqual([]);
    expect(r.split).toEqual({ by: 'listed_at', validation: 0.25, test: 0.25 });
    expect(r.notes[0]).toBe('split by listed_at, newest rows held out: train 2024-01-01 .. 2024-01-20 (20 rows); validation 2024-01-21 .. 2024-01-30 (10 rows); test 2024-01-31 .. 2024-02-09 (10 rows)');
    const epoch = resolveSplit(spec({ by: 'epoch' }), table(), 'x.csv');
    expect(epoch.problems).toEqual([]);
    expect(epoch.notes[0]).toContain('test 1706832000 (2024-02-02) .. 1707436800 (2024-02-09) (8 rows)');
  });

  it('lists every problem of the split at once, naming columns and sample values', () => {
    expect(resolveSplit(spec({ by: 'listedat', group: 'sellerid' }), table(), 'x.csv').problems).toEqual([
      'split: give either by (listedat) or group (sellerid), not both; a split that is out of time and grouped at once is not supported',
      "split.by: column 'listedat' is not in x.csv (did you mean 'listed_at'?); columns: listed_at, epoch, seller_id, note, blank, title, label",
      "split.group: column 'sellerid' is not in x.csv (did you mean 'seller_id'?); columns: listed_at, epoch, seller_id, note, blank, title, label",
    ]);
    expect(resolveSplit(spec({ by: 'note' }), table(), 'x.csv').problems).toEqual([
      "split.by: column 'note' is not time-like: 1 of 40 values are neither ISO dates nor numbers (e.g. 'next week'); use ISO dates or datetimes (2024-03-01, 2024-03-01T09:30:00Z) or numbers (epoch seconds or milliseconds), one kind per column",
    ]);
    expect(resolveSplit(spec({ by: 'blank' }), table(), 'x.csv').problems).toEqual(["split.by: column 'blank' is empty (every value is missing); it cannot order the rows in time"]);
    expect(resolveSplit(spec({ by: 'title' }), table(), 'x.csv').problems[0]).toMatch(/^split\.by: column 'title' is not time-like: 40 of 40 values .*\(e\.g\. 'listing 0', 'listing 1', 'listing 2'\)/);
    expect(resolveSplit(spec({ by: 'label' }), table(), 'x.csv').problems).toEqual(["split.by: 'label' is the label column; split by a time or group column instead"]);
    expect(resolveSplit(spec({ group: 'seller_id', validation: 0.5, test: 0.45 }), table(), 'x.csv').problems).toEqual(['split: validation + test = 0.95; leave at least 10% for training']);
  });

  it('refuses the split.by column as a feature, declared or read by the pipeline', () => {
    const problems = resolveSplit(
      spec({ by: 'listed_at' }, { columns: { listed_at: 'categorical' }, pipeline: { features: { day: { kind: 'onehot', column: 'listed_at' }, title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } } }),
      table(),
      'x.csv',
    ).problems;
    expect(problems).toEqual([
      "columns.listed_at: 'listed_at' is the split.by column and cannot be a feature (declared categorical); remove it from columns or declare it ignore",
      "pipeline.features.day: reads 'listed_at', the split.by column, which cannot be a feature",
    ]);
    expect(resolveSplit(spec({ by: 'listed_at' }, { columns: { listed_at: 'ignore' } }), table(), 'x.csv').problems).toEqual([]);
  });

  it('refuses a group column with fewer groups than parts', () => {
    const t = table();
    t.columns.seller_id = t.columns.seller_id.map((s) => (s === 's0' || s === 's1' ? s : 's2'));
    expect(resolveSplit(spec({ group: 'seller_id' }), t, 'x.csv').problems).toEqual([]);
    t.columns.seller_id = t.columns.seller_id.map(() => 'only');
    expect(resolveSplit(spec({ group: 'seller_id' }), t, 'x.csv').problems).toEqual([
      "split.group: column 'seller_id' has 1 distinct group ('only'), fewer than the 3 parts to fill (train, validation, test); every part needs a group of its own",
    ]);
  });

  it('warns, without failing, when the newest rows lack a class', () => {
    const t = table();
    // Fraud only in the first half of the period: the held-out newest rows have none.
    t.columns.label = t.columns.listed_at.map((d) => ((d as string) < '2024-01-15' ? 'fraud' : 'ok'));
    const r = resolveSplit(spec({ by: 'listed_at' }), t, 'x.csv');
    expect(r.problems).toEqual([]);
    expect(r.notes.slice(1)).toEqual([
      "split by listed_at (newest rows held out, so classes cannot be stratified): class 'fraud' has no rows in validation (8 rows); validation metrics leave it out",
      "split by listed_at (newest rows held out, so classes cannot be stratified): class 'fraud' has no rows in test (8 rows); test metrics leave it out",
    ]);
  });
});

describe('splitRows', () => {
  it('splits out of time, by group, or stratified, as the rule says', () => {
    const t = table();
    const labels = t.columns.label as string[];
    const byTime = splitRows(t, labels, { validation: 0.25, test: 0.25, by: 'listed_at' }, 0).split;
    const newest = byTime.test.map((r) => t.columns.listed_at[r] as string);
    const rest = [...byTime.train, ...byTime.validation].map((r) => t.columns.listed_at[r] as string);
    expect(newest.every((d) => rest.every((e) => d > e))).toBe(true);
    const byGroup = splitRows(t, labels, { validation: 0.25, test: 0.25, group: 'seller_id' }, 5).split;
    const sellersOf = (rows: number[]) => new Set(rows.map((r) => t.columns.seller_id[r]));
    for (const s of sellersOf(byGroup.test)) expect(sellersOf(byGroup.train).has(s)).toBe(false);
    const random = splitRows(t, labels, { validation: 0.25, test: 0.25 }, 5);
    expect(random.description).toBe('stratified random split');
    expect(random.split.test.filter((r) => labels[r] === 'fraud').length).toBe(3);
  });
});
