import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { Pipeline, getFeatureComponent, resolveParams, type PipelineSpec, type Table } from '../../../components/index.js';
import { exportPipelineToOnnx, onnxExportProblems } from '../../../components/export/pipeline-to-onnx.js';
import { labelledTable } from '../../helpers/labelled-table.js';
import { runOnnx } from '../../helpers/onnx-runner.js';

const TOPICS: Record<string, string[]> = {
  spam: ['Free', 'WINNER', 'cash', 'prize', 'click', 'offer', 'urgent', 'Café', 'crédit', '送料無料'],
  ham: ['meeting', 'Project', 'report', 'lunch', 'schedule', 'team', 'notes', 'Über', 'résumé', '会議'],
  promo: ['sale', 'discount', 'coupon', 'shop', 'deal', 'bargain', 'Ünïcödé', '新品', 'brand', 'store'],
};
const FILLER = ['the', 'and', 'today', 'please', 'you', 'this', 'week', 'for', 'a', 'x', 'on', 'with'];
const PUNCT = ['', '', ',', '!', '.', '?', ' -', ':'];

function corpus(n: number, seed: number, classes: string[]): { table: Table; labels: string[] } {
  return labelledTable(n, seed, classes, (label, i, { next, pick }) => {
    const words = Array.from({ length: 4 + Math.floor(next() * 10) }, () => (next() < 0.45 ? pick(TOPICS[pick(next() < 0.8 ? [label] : classes)]) : pick(FILLER)) + pick(PUNCT));
    return {
      text: i % 37 === 5 ? null : i % 41 === 7 ? '' : words.join(next() < 0.2 ? '  ' : ' '),
      price: next() < 0.1 ? null : Math.round((label === 'spam' ? 5 : 50) * (0.5 + next()) * 100) / 100,
      category: next() < 0.05 ? null : pick(label === 'spam' ? ['promo', 'promo', 'misc'] : ['work', 'misc', 'rare' + (i % 7)]),
    };
  });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function argmaxLabels(proba: Float64Array, classes: string[]): string[] {
  const K = classes.length;
  return Array.from({ length: proba.length / K }, (_, r) => {
    let best = 0;
    for (let k = 1; k < K; k++) if (proba[r * K + k] > proba[r * K + best]) best = k;
    return classes[best];
  });
}

async function expectParity(spec: PipelineSpec, classes: string[], extra?: (string | null)[]): Promise<number> {
  const train = corpus(400, 11, classes);
  const test = corpus(200, 12, classes);
  if (extra) {
    test.table.columns.text.push(...extra);
    test.table.columns.price.push(...extra.map(() => 10));
    test.table.columns.category.push(...extra.map(() => 'misc'));
    test.table.nRows += extra.length;
  }
  const pipeline = Pipeline.create(spec).fit(train.table, train.labels, { seed: 0 });
  expect(onnxExportProblems(pipeline)).toEqual([]);
  const bytes = exportPipelineToOnnx(pipeline);
  expect(bytes).toBeInstanceOf(Uint8Array);
  const expected = pipeline.predictProba(test.table);
  const got = await runOnnx(bytes!, pipeline, test.table);
  const diff = maxAbsDiff(got.proba, expected);
  expect(diff).toBeLessThan(1e-5);
  expect(got.labels).toEqual(argmaxLabels(expected, pipeline.classes));
  return diff;
}

const HARD_TEXTS = [
  'FREE cash!!! click-now: prize_money 2024 x y z',
  'Ünïcödé CAFÉ résumé ÜBER naïve',
  '送料無料 新品 会議 テスト 日本語のテキスト',
  'words never seen in training at all',
  '   ',
  'a b c d e f g',
  'tab\tseparated\nnew line\r\nwindows  double  spaces',
  'emoji 😀 cash 😀😀 prize',
  'under_score_word __init__ x_y',
  'digits 123 4567 1.5 3,000',
];

describe('ONNX export of text pipelines with linear classifiers', () => {
  it('binary, word unigrams + bigrams: onnxruntime matches predictProba within 1e-5', async () => {
    await expectParity({ features: { text: { kind: 'tfidf', ngramMax: 2 } }, classifier: { kind: 'logreg', C: 10 } }, ['spam', 'ham'], HARD_TEXTS);
  });

  it('multi-class, unigrams', async () => {
    await expectParity({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg', C: 5 } }, ['spam', 'ham', 'promo'], HARD_TEXTS);
  });

  it('multi-class, bigrams only, sublinear tf, minDf and maxFeatures', async () => {
    await expectParity(
      { features: { text: { kind: 'tfidf', ngramMin: 1, ngramMax: 3, sublinearTf: true, minDf: 2, maxFeatures: 300 } }, classifier: { kind: 'logreg', C: 3 } },
      ['spam', 'ham', 'promo'],
      HARD_TEXTS,
    );
    await expectParity({ features: { text: { kind: 'tfidf', ngramMin: 2, ngramMax: 2 } }, classifier: { kind: 'logreg' } }, ['spam', 'ham'], HARD_TEXTS);
  });

  it('without lower-casing, idf or normalisation', async () => {
    await expectParity({ features: { text: { kind: 'tfidf', lowercase: false, useIdf: false, norm: 'none' } }, classifier: { kind: 'logreg', C: 0.5 } }, ['spam', 'ham'], HARD_TEXTS);
    await expectParity({ features: { text: { kind: 'tfidf', smoothIdf: false, sublinearTf: true, norm: 'none' } }, classifier: { kind: 'logreg', fitIntercept: false } }, ['spam', 'ham', 'promo']);
  });

  it('with numeric and one-hot blocks and combine weights', async () => {
    await expectParity(
      {
        features: {
          text: { kind: 'tfidf', ngramMax: 2 },
          price: { kind: 'numeric', transform: 'log1p' },
          price_std: { kind: 'numeric', column: 'price', transform: 'standardize' },
          category: { kind: 'onehot', minFrequency: 2 },
        },
        combine: { kind: 'concat', weights: { text: 1.5, price: 0.5 } },
        classifier: { kind: 'logreg', C: 2, classWeight: 'balanced' },
      },
      ['spam', 'ham', 'promo'],
    );
  });

  it('linear SVM with sigmoid or isotonic calibration, two or three classes', async () => {
    for (const calibration of ['sigmoid', 'isotonic']) {
      await expectParity({ features: { text: { kind: 'tfidf', ngramMax: 2 } }, classifier: { kind: 'linear_svm', calibration } }, ['spam', 'ham'], HARD_TEXTS);
      await expectParity(
        { features: { text: { kind: 'tfidf' }, category: { kind: 'onehot' } }, classifier: { kind: 'linear_svm', calibration, loss: 'hinge' } },
        ['spam', 'ham', 'promo'],
        HARD_TEXTS,
      );
    }
  });

  it('naive Bayes, multinomial and complement', async () => {
    await expectParity({ features: { text: { kind: 'tfidf', ngramMax: 2 } }, classifier: { kind: 'naive_bayes' } }, ['spam', 'ham'], HARD_TEXTS);
    await expectParity({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'naive_bayes', fitPrior: false, alpha: 0.1 } }, ['spam', 'ham', 'promo'], HARD_TEXTS);
    await expectParity({ features: { text: { kind: 'tfidf', sublinearTf: true }, category: { kind: 'onehot' } }, classifier: { kind: 'naive_bayes', variant: 'complement' } }, ['spam', 'ham', 'promo']);
    await expectParity({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'naive_bayes', variant: 'complement', norm: true } }, ['spam', 'ham', 'promo'], HARD_TEXTS);
  });

  it('MLP with one or two hidden layers, over text, numeric and one-hot blocks', async () => {
    const mlp = { kind: 'mlp', units: 12, epochs: 8, learningRate: 0.01, dropout: 0, earlyStopping: false };
    await expectParity({ features: { text: { kind: 'tfidf', maxFeatures: 300 } }, classifier: mlp }, ['spam', 'ham'], HARD_TEXTS);
    await expectParity(
      {
        features: { text: { kind: 'tfidf', ngramMax: 2, maxFeatures: 400 }, price: { kind: 'numeric' }, category: { kind: 'onehot' } },
        combine: { kind: 'concat', weights: { price: 0.5 } },
        classifier: { ...mlp, hiddenLayers: 2, units: 8 },
      },
      ['spam', 'ham', 'promo'],
      HARD_TEXTS,
    );
  });

  it('gradient-boosted trees over numeric and one-hot blocks, two or three classes, with missing values', async () => {
    const gbt = { kind: 'gbt', maxIter: 30, maxLeafNodes: 8, minSamplesLeaf: 5, earlyStopping: 'off' };
    const tabular = (extra = {}) => ({ features: { price: { kind: 'numeric', transform: 'none' }, category: { kind: 'onehot' } }, ...extra });
    await expectParity({ ...tabular(), classifier: gbt }, ['spam', 'ham']);
    await expectParity({ ...tabular({ combine: { kind: 'concat', weights: { price: 2 } } }), classifier: { ...gbt, learningRate: 0.3 } }, ['spam', 'ham', 'promo']);
    await expectParity({ features: { price: { kind: 'numeric', transform: 'log1p' }, cat: { kind: 'onehot', column: 'category' } }, classifier: gbt }, ['spam', 'ham', 'promo']);
  });

  it('single-record inputs, the serving case', async () => {
    const train = corpus(300, 3, ['spam', 'ham']);
    const pipeline = Pipeline.create({ features: { text: { kind: 'tfidf', ngramMax: 2 } }, classifier: { kind: 'logreg' } }).fit(train.table, train.labels, { seed: 0 });
    const session = await ort.InferenceSession.create(exportPipelineToOnnx(pipeline)!);
    for (const text of ['free cash prize now', '', 'meeting notes']) {
      const out = await session.run({ text: new ort.Tensor('string', [text], [1]) });
      expect(maxAbsDiff(out.probabilities.data as Float64Array, pipeline.predictProba({ nRows: 1, columns: { text: [text] } }))).toBeLessThan(1e-5);
    }
    await session.release();
  });

  it('refuses what it cannot reproduce, naming the reason', () => {
    const train = corpus(100, 5, ['spam', 'ham']);
    const fit = (spec: PipelineSpec) => Pipeline.create(spec).fit(train.table, train.labels, { seed: 0 });
    const cases: [PipelineSpec, RegExp][] = [
      [{ features: { text: { kind: 'tfidf', analyzer: 'char_wb', ngramMin: 2, ngramMax: 3 } }, classifier: { kind: 'logreg' } }, /features__text__analyzer: only "word"/],
      [{ features: { text: { kind: 'tfidf', normalize: 'nfkc' } }, classifier: { kind: 'logreg' } }, /features__text__normalize/],
      [{ features: { text: { kind: 'tfidf', maskPatterns: true } }, classifier: { kind: 'logreg' } }, /features__text__maskPatterns/],
      [{ features: { text: { kind: 'tfidf', tokenizer: 'english-stem' } }, classifier: { kind: 'logreg' } }, /features__text__tokenizer/],
      [{ features: { text: { kind: 'hashing', nFeaturesLog2: 10 } }, classifier: { kind: 'logreg' } }, /"hashing" blocks do not export/],
      [{ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'gbt' } }, /features__text: "tfidf" blocks do not export under gbt/],
    ];
    for (const [spec, reason] of cases) {
      const pipeline = fit(spec);
      expect(onnxExportProblems(pipeline).join('\n')).toMatch(reason);
      expect(exportPipelineToOnnx(pipeline)).toBeUndefined();
    }
    expect(onnxExportProblems(Pipeline.create({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } }))).toEqual(['pipeline is not fitted']);
  });

  it("tfidf's ONNX converter accepts exactly its exportable params", () => {
    const def = getFeatureComponent('tfidf', 'test');
    const params = (raw: Record<string, unknown>) => resolveParams(def.params, raw, 'tfidf').params;
    expect(def.toOnnx).toBeDefined();
    const canExport = def.toOnnx!.canExport!;
    expect(canExport(params({ ngramMax: 2, sublinearTf: true, lowercase: false }))).toEqual([]);
    expect(canExport(params({ analyzer: 'char' }))).toHaveLength(1);
    expect(canExport(params({ tokenizer: 'kuromoji', normalize: 'nfkc', maskPatterns: true }))).toHaveLength(3);
  });
});
