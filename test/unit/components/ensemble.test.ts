import { describe, expect, it } from 'vitest';
import { Pipeline, type PipelineSpec, type Table } from '../../../components/index.js';
import { exportPipelineToOnnx, onnxExportProblems, onnxInputs } from '../../../components/export/pipeline-to-onnx.js';
import { inputSchema } from '../../../serving/input-schema.js';
import { labelledTable } from '../../helpers/labelled-table.js';
import { runOnnx } from '../../helpers/onnx-runner.js';

const WORDS: Record<string, string[]> = {
  spam: ['free', 'cash', 'prize', 'click', 'offer', 'winner'],
  ham: ['meeting', 'report', 'lunch', 'team', 'notes', 'project'],
  promo: ['sale', 'coupon', 'deal', 'shop', 'brand', 'store'],
};
const FILLER = ['the', 'and', 'today', 'please', 'you', 'this'];

/** Text carries the label noisily, price and category carry it differently: two views an ensemble can combine. */
function data(n: number, seed: number, classes: string[]): { table: Table; labels: string[] } {
  return labelledTable(n, seed, classes, (label, i, { next, pick }) => ({
    text: i % 29 === 3 ? null : Array.from({ length: 5 }, () => (next() < 0.35 ? pick(WORDS[pick(next() < 0.6 ? [label] : classes)]) : pick(FILLER))).join(' '),
    price: next() < 0.05 ? null : Math.round((label === 'spam' ? 5 : label === 'ham' ? 40 : 20) * (0.4 + next()) * 100) / 100,
    category: next() < 0.05 ? null : next() < 0.6 ? `c_${label}` : pick(['misc', 'other']),
  }));
}

const TEXT: PipelineSpec = { features: { text: { kind: 'tfidf', ngramMax: 2 } }, classifier: { kind: 'logreg', C: 4 } };
const TABULAR: PipelineSpec = {
  features: { price: { kind: 'numeric', transform: 'log1p' }, category: { kind: 'onehot' } },
  classifier: { kind: 'logreg', C: 1, classWeight: 'balanced' },
};

function fitted(spec: PipelineSpec, train: { table: Table; labels: string[] }): Pipeline {
  return Pipeline.create(spec).fit(train.table, train.labels, { seed: 0 });
}

describe('Pipeline.ensembleOf', () => {
  const classes = ['spam', 'ham', 'promo'];
  const train = data(300, 1, classes);
  const test = data(120, 2, classes);

  it('predicts the weighted average of its members, and fitting it fits every member', () => {
    const a = fitted(TEXT, train);
    const b = fitted(TABULAR, train);
    const ensemble = Pipeline.ensembleOf([
      { weight: 3, pipeline: a },
      { weight: 1, pipeline: b },
    ]);
    const pa = a.predictProba(test.table);
    const pb = b.predictProba(test.table);
    const pe = ensemble.predictProba(test.table);
    for (let i = 0; i < pe.length; i++) expect(pe[i]).toBeCloseTo(0.75 * pa[i] + 0.25 * pb[i], 12);
    expect(ensemble.members!.map((m) => m.weight)).toEqual([0.75, 0.25]);

    const unfitted = Pipeline.ensembleOf([
      { weight: 3, pipeline: Pipeline.create(TEXT) },
      { weight: 1, pipeline: Pipeline.create(TABULAR) },
    ]);
    expect(unfitted.isFitted).toBe(false);
    unfitted.fit(train.table, train.labels, { seed: 0 });
    expect(unfitted.isFitted).toBe(true);
    expect(Array.from(unfitted.predictProba(test.table))).toEqual(Array.from(pe));
  });

  it('round-trips through JSON to identical probabilities and labels', async () => {
    const ensemble = Pipeline.ensembleOf([
      { weight: 0.6, pipeline: fitted(TEXT, train) },
      { weight: 0.4, pipeline: fitted(TABULAR, train) },
    ]);
    const json = JSON.parse(JSON.stringify(ensemble.toJSON()));
    expect(json.kind).toBe('ensemble');
    const loaded = Pipeline.fromJSON(json);
    expect(Array.from(loaded.predictProba(test.table))).toEqual(Array.from(ensemble.predictProba(test.table)));
    expect(await loaded.predictAsync(test.table)).toEqual(ensemble.predict(test.table));
    expect(loaded.classes).toEqual(['ham', 'promo', 'spam']);
  });

  it('reads the union of its members’ columns, and serving validates against it', () => {
    const ensemble = Pipeline.ensembleOf([
      { weight: 1, pipeline: fitted(TEXT, train) },
      { weight: 1, pipeline: fitted(TABULAR, train) },
    ]);
    expect(ensemble.inputColumns).toEqual(['text', 'price', 'category']);
    const schema = inputSchema(ensemble);
    expect(schema.map((c) => [c.name, c.accepts])).toEqual([
      ['text', ['string']],
      ['price', ['number']],
      ['category', ['string', 'number']],
    ]);
    expect(() => ensemble.spec).toThrow(/ensemble has no single pipeline spec/);
  });

  it('averages in a common class order when a member never saw a class', () => {
    const twoClass = data(200, 5, ['spam', 'ham']);
    const a = fitted(TEXT, train);
    const b = fitted(TEXT, twoClass);
    expect(b.classes).toEqual(['ham', 'spam']);
    const ensemble = Pipeline.ensembleOf([
      { weight: 1, pipeline: a },
      { weight: 1, pipeline: b },
    ]);
    expect(ensemble.classes).toEqual(['ham', 'promo', 'spam']);
    const pa = a.predictProba(test.table);
    const pb = b.predictProba(test.table);
    const pe = ensemble.predictProba(test.table);
    for (let r = 0; r < test.table.nRows; r++) {
      expect(pe[r * 3 + 0]).toBeCloseTo((pa[r * 3 + 0] + pb[r * 2 + 0]) / 2, 12);
      expect(pe[r * 3 + 1]).toBeCloseTo(pa[r * 3 + 1] / 2, 12);
      expect(pe[r * 3 + 2]).toBeCloseTo((pa[r * 3 + 2] + pb[r * 2 + 1]) / 2, 12);
    }
  });

  it('rejects weights that are not positive numbers, naming the member', () => {
    const a = fitted(TEXT, train);
    expect(() => Pipeline.ensembleOf([{ weight: 1, pipeline: a }, { weight: 0, pipeline: a }])).toThrow(/members\[1\]\.weight/);
    expect(() => Pipeline.ensembleOf([])).toThrow(/at least one member/);
  });
});

describe('ONNX export of an ensemble', () => {
  it('is the weighted average of the members’ graphs: onnxruntime matches predictProba within 1e-5', async () => {
    const classes = ['spam', 'ham', 'promo'];
    const train = data(300, 7, classes);
    const test = data(150, 8, classes);
    // A member that never saw "promo" exercises the class mapping in the graph too.
    const ensemble = Pipeline.ensembleOf([
      { weight: 0.5, pipeline: fitted(TEXT, train) },
      { weight: 0.3, pipeline: fitted(TABULAR, train) },
      { weight: 0.2, pipeline: fitted(TEXT, data(200, 9, ['spam', 'ham'])) },
    ]);
    expect(onnxExportProblems(ensemble)).toEqual([]);
    expect(onnxInputs(ensemble).map((i) => i.name)).toEqual(['text', 'price', 'category']);
    const bytes = exportPipelineToOnnx(ensemble)!;
    const expected = ensemble.predictProba(test.table);
    const got = await runOnnx(bytes, ensemble, test.table);
    let diff = 0;
    for (let i = 0; i < expected.length; i++) diff = Math.max(diff, Math.abs(got.proba[i] - expected[i]));
    expect(got.proba.length).toBe(expected.length);
    expect(diff).toBeLessThan(1e-5);
    expect(got.labels).toEqual(ensemble.predict(test.table));
  });

  it('does not export when a member does not, and says which member and why', () => {
    const classes = ['spam', 'ham'];
    const train = data(200, 3, classes);
    const ensemble = Pipeline.ensembleOf([
      { weight: 1, pipeline: fitted(TEXT, train) },
      { weight: 1, pipeline: fitted({ features: { category: { kind: 'frequency' } }, classifier: { kind: 'logreg' } }, train) },
    ]);
    const problems = onnxExportProblems(ensemble);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^ensemble member 2: features__category: "frequency" blocks do not export/);
    expect(exportPipelineToOnnx(ensemble)).toBeUndefined();
  });
});
