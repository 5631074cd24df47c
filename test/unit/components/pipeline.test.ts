import { describe, expect, it } from 'vitest';
import { Pipeline, UserInputError, blocksWithNegativeOutput, computeMetric, validatePipelineSpec, type FittedPipelineJSON, type PipelineSpec, type Table } from '../../../components/index.js';
import { mulberry32 as rng } from '../../../core/random.js';

const SPAM = ['free', 'winner', 'cash', 'prize', 'click', 'offer', 'urgent'];
const HAM = ['meeting', 'project', 'report', 'lunch', 'schedule', 'team', 'notes'];
const SHARED = ['the', 'and', 'today', 'please', 'you', 'this', 'week', 'for'];

/** Messages mixing a few class words with shared filler; about one in ten borrows from the other class. */
function corpus(n: number, seed: number): { table: Table; labels: string[] } {
  const next = rng(seed);
  const pick = (words: string[]) => words[Math.floor(next() * words.length)];
  const body: string[] = [];
  const price: (number | null)[] = [];
  const category: (string | null)[] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const spam = next() < 0.4;
    const own = spam ? SPAM : HAM;
    const other = spam ? HAM : SPAM;
    const words = Array.from({ length: 8 }, (_, k) => (k < 3 ? pick(next() < 0.1 ? other : own) : pick(SHARED)));
    body.push(words.sort(() => next() - 0.5).join(' '));
    price.push(next() < 0.1 ? null : Math.round((spam ? 5 : 50) * (0.5 + next()) * 100) / 100);
    category.push(next() < 0.05 ? null : pick(spam ? ['promo', 'promo', 'misc'] : ['work', 'misc']));
    labels.push(spam ? 'spam' : 'ham');
  }
  return { table: { nRows: n, columns: { body, price, category } }, labels };
}

function rocAuc(pipeline: Pipeline, data: { table: Table; labels: string[] }): number {
  const proba = pipeline.predictProba(data.table);
  const y = Int32Array.from(data.labels, (l) => pipeline.classes.indexOf(l));
  return computeMetric('roc_auc', y, proba, pipeline.classes.length, pipeline.classes.indexOf('spam'));
}

function roundTrip(pipeline: Pipeline): Pipeline {
  return Pipeline.fromJSON(JSON.parse(JSON.stringify(pipeline.toJSON())) as FittedPipelineJSON);
}

const train = corpus(300, 1);
const test = corpus(150, 2);

describe('pipelines of these components', () => {
  it('fits tfidf + logreg on text and survives a JSON round trip unchanged', () => {
    const pipeline = Pipeline.create({ features: { body: { kind: 'tfidf', ngramMax: 2 } }, classifier: { kind: 'logreg', C: 10 } });
    pipeline.fit(train.table, train.labels, { seed: 0 });
    expect(pipeline.classes).toEqual(['ham', 'spam']);
    expect(rocAuc(pipeline, test)).toBeGreaterThan(0.95);
    const restored = roundTrip(pipeline);
    expect(restored.predictProba(test.table)).toEqual(pipeline.predictProba(test.table));
  });

  it('combines text, numeric and categorical blocks with weights', () => {
    const spec: PipelineSpec = {
      features: {
        body: { kind: 'tfidf', analyzer: 'char_wb', ngramMin: 2, ngramMax: 4, minDf: 2 },
        price: { kind: 'numeric', transform: 'log1p' },
        category: { kind: 'onehot' },
      },
      combine: { kind: 'concat', weights: { body: 1, price: 0.5 } },
      classifier: { kind: 'logreg', C: 1, classWeight: 'balanced' },
    };
    expect(validatePipelineSpec(spec, { body: 'text', price: 'numeric', category: 'categorical' })).toEqual([]);
    const pipeline = Pipeline.create(spec).fit(train.table, train.labels, { seed: 0 });
    expect(rocAuc(pipeline, test)).toBeGreaterThan(0.95);
    expect(roundTrip(pipeline).predictProba(test.table)).toEqual(pipeline.predictProba(test.table));
  });

  it('fits naive Bayes on tf-idf and refuses standardized (negative) features', () => {
    const pipeline = Pipeline.create({ features: { body: { kind: 'tfidf' } }, classifier: { kind: 'naive_bayes', variant: 'complement' } });
    pipeline.fit(train.table, train.labels, { seed: 0 });
    expect(rocAuc(pipeline, test)).toBeGreaterThan(0.95);
    expect(roundTrip(pipeline).predictProba(test.table)).toEqual(pipeline.predictProba(test.table));
    const withPrice = Pipeline.create({ features: { body: { kind: 'tfidf' }, price: { kind: 'numeric' } }, classifier: { kind: 'naive_bayes' } });
    expect(() => withPrice.fit(train.table, train.labels, { seed: 0 })).toThrow(UserInputError);
  });

  it('names every invalid parameter by its path', () => {
    const spec: PipelineSpec = {
      features: { body: { kind: 'tfidf', analyzer: 'words', minDf: 0 }, title: { kind: 'tfidf', column: 'body', ngramMin: 3, ngramMax: 2 } },
      classifier: { kind: 'logreg', C: 0, maxIter: 1.5, Cc: 3 },
    };
    const problems = validatePipelineSpec(spec);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^features__body__analyzer: expected one of "word", "char", "char_wb", got "words"/),
        expect.stringMatching(/^features__body__minDf: must be >= 1, got 0/),
        expect.stringMatching(/^features__title__ngramMin: must be <= ngramMax \(2\), got 3/),
        expect.stringMatching(/^classifier__C: must be > 0, got 0/),
        expect.stringMatching(/^classifier__maxIter: expected an integer, got 1.5/),
        expect.stringMatching(/^classifier__Cc: unknown parameter \(did you mean "C"\?\)/),
      ]),
    );
    expect(problems).toHaveLength(6);
    expect(() => Pipeline.create(spec)).toThrow(UserInputError);
    expect(() => Pipeline.create({ features: { body: { kind: 'tfidf' } }, classifier: { kind: 'naive_bayes', alpha: -1 } })).toThrow(/classifier__alpha: must be > 0/);
  });
});

describe('blocksWithNegativeOutput', () => {
  const spec: PipelineSpec = {
    features: { title: { kind: 'tfidf' }, price: { kind: 'numeric', transform: 'log1p' }, code: { kind: 'hashing', alternateSign: false } },
    classifier: { kind: 'naive_bayes' },
  };
  it('judges numeric blocks by their transform and the column range, and every searched value', () => {
    expect(blocksWithNegativeOutput(spec)).toEqual([{ name: 'price', kind: 'numeric' }]); // range unknown
    expect(blocksWithNegativeOutput(spec, { columnMin: { price: 0 } })).toEqual([]);
    expect(blocksWithNegativeOutput(spec, { columnMin: { price: -1 } })).toEqual([{ name: 'price', kind: 'numeric' }]);
    const searched = (block: string): Record<string, readonly unknown[]> => (block === 'code' ? { alternateSign: [false, true] } : {});
    expect(blocksWithNegativeOutput(spec, { columnMin: { price: 0 }, searched })).toEqual([{ name: 'code', kind: 'hashing' }]);
  });
});
