/**
 * The compiled scorer serving uses for word tf-idf into logistic regression
 * (components/compiled) must give the pipeline's own probabilities bit for bit, on real mail
 * and on texts built to reach its corners (unknown words, long words, Unicode, empty and
 * non-string cells), and must decline every pipeline it does not reproduce.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { columnTableKernelAvailable } from '../../../components/compiled/column-table-kernel.js';
import { KERNEL_TEXT_BYTES } from '../../../components/compiled/column-table.js';
import { compileLinearTextScorer, type CompiledScorer } from '../../../components/compiled/linear-text-scorer.js';
import type { TfidfVectorizer } from '../../../components/feature-extraction/tfidf.js';
import { Pipeline, type CellValue, type PipelineSpec } from '../../../components/index.js';
import { loadSpamAssassin } from '../../../data/builtin/spam-assassin.js';

const EDGE_TEXTS: CellValue[] = [
  '',
  null,
  42,
  'words nobody ever wrote zzqqxx yyzzwwvv',
  'FREE FREE free money!!! click click',
  'Café naïve ΟΔΟΣ οδος Привет мир 東京都 カタカナ 𝐀𝐁 a𝐀 ok👍ok \ud835 ab\ud835cd',
  'ＡＢＣ１２３ contact me at someone@example.com or +1 555 123 4567 for $100',
  'internationalization internationalisation internationalizations supercalifragilisticexpialidocious',
  'a b c d e f',
];

/** The scorer with the WebAssembly kernel (counting, sorting, the binary score) and in JavaScript only: both give the pipeline's bits. */
function expectBitIdentical(pipeline: Pipeline, texts: readonly CellValue[]): void {
  const expected = pipeline.predictProba({ nRows: texts.length, columns: { text: [...texts] } });
  for (const kernel of [true, false]) {
    const scorer = compileLinearTextScorer(pipeline, { kernel });
    expect(scorer?.column).toBe('text');
    const got = scorer!.predictProba(texts);
    expect(got.length).toBe(expected.length);
    const differing = Array.from(got).flatMap((p, i) => (Object.is(p, expected[i]) ? [] : [`row ${Math.floor(i / pipeline.classes.length)}: ${p} != ${expected[i]}`]));
    expect(differing, `kernel ${kernel}`).toEqual([]);
    expectBodiesRead(pipeline, scorer!, texts, expected, kernel);
  }
}

/**
 * predictProbaOfJsonBody on each string as a request body ({"records": [{"text": …}]}, compact
 * and spaced): the pipeline's bits when the kernel reads it (an ASCII text, no masking, a body
 * that fits the kernel), else undefined, so that the server parses the body.
 */
function expectBodiesRead(pipeline: Pipeline, scorer: CompiledScorer, texts: readonly CellValue[], expected: Float64Array, kernel: boolean): void {
  const k = pipeline.classes.length;
  const extractor = pipeline.fittedParts()!.blocks[0].extractor as TfidfVectorizer;
  const readable = kernel && columnTableKernelAvailable() && !extractor.params.maskPatterns;
  let read = 0;
  texts.forEach((text, r) => {
    if (typeof text !== 'string') return;
    const bodies = [JSON.stringify({ records: [{ text }] }), ` { "records" : [\n{ "text" :\t${JSON.stringify(text)} } ] }\n`];
    for (const body of bodies) {
      const got = scorer.predictProbaOfJsonBody(Buffer.from(body));
      // A body longer than the kernel's region is parsed, as is a text past ASCII.
      if (!readable || !/^[\0-\x7f]*$/.test(text) || body.length > KERNEL_TEXT_BYTES) {
        expect(got).toBeUndefined();
        continue;
      }
      expect(got, body.slice(0, 80)).toBeDefined();
      expect(Array.from(got!).map((p, c) => Object.is(p, expected[r * k + c]))).toEqual(new Array(k).fill(true));
      read++;
    }
  });
  if (readable) expect(read).toBeGreaterThan(0);
}

/** A smaller spread of the same rows (the corpus is ordered by class). */
const everyFourth = <T>(xs: T[]): T[] => xs.filter((_, i) => i % 4 === 0);

function fitted(spec: PipelineSpec, texts: CellValue[], labels: string[]): Pipeline {
  return Pipeline.create(spec).fit({ nRows: texts.length, columns: { text: texts } }, labels);
}

describe('compiled word tf-idf + logistic regression', () => {
  let train: CellValue[] = [];
  let labels: string[] = [];
  let heldOut: CellValue[] = [];
  beforeAll(async () => {
    const { table } = await loadSpamAssassin();
    const all = table.columns.label;
    // A spread of messages: every 8th trains, every 8th after that is held out.
    train = table.columns.text.filter((_, i) => i % 8 === 0);
    labels = all.filter((_, i) => i % 8 === 0).map(String);
    heldOut = table.columns.text.filter((_, i) => i % 8 === 4);
  }, 60_000);

  it.each([
    ['defaults', {}, {}],
    ['sublinear tf, no idf, no norm', { sublinearTf: true, useIdf: false, norm: 'none' }, {}],
    ['sublinear tf with idf and l2', { sublinearTf: true }, {}],
    ['case kept, NFKC, masked contacts, pruned vocabulary', { lowercase: false, normalize: 'nfkc', maskPatterns: true, minDf: 2, maxFeatures: 3000 }, {}],
    ['L1 penalty, balanced classes', {}, { penalty: 'elasticnet', l1Ratio: 0.5, classWeight: 'balanced' }],
  ])('%s: same probabilities as the pipeline, on held-out mail and edge cases', (_name, tfidf, logreg) => {
    const pipeline = fitted({ features: { text: { kind: 'tfidf', ...tfidf } }, classifier: { kind: 'logreg', ...logreg } }, train, labels);
    expectBitIdentical(pipeline, [...heldOut, ...EDGE_TEXTS]);
  });

  it('three classes: the softmax of K scores, as the pipeline computes it', () => {
    const three = labels.map((l, i) => (l === 'spam' ? 'spam' : i % 3 === 0 ? 'newsletter' : 'ham'));
    const pipeline = fitted({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } }, train, three);
    expect(pipeline.classes).toHaveLength(3);
    expectBitIdentical(pipeline, [...heldOut.slice(0, 300), ...EDGE_TEXTS]);
  });

  it('a pipeline loaded from its saved form compiles to the same scores', () => {
    const pipeline = fitted({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } }, everyFourth(train), everyFourth(labels));
    const loaded = Pipeline.fromJSON(JSON.parse(JSON.stringify(pipeline.toJSON())));
    expectBitIdentical(loaded, heldOut.slice(0, 200));
  });

  it.each([
    ['word bigrams', { features: { text: { kind: 'tfidf', ngramMax: 2 } }, classifier: { kind: 'logreg' } }],
    ['character n-grams', { features: { text: { kind: 'tfidf', analyzer: 'char_wb', ngramMin: 2, ngramMax: 3 } }, classifier: { kind: 'logreg' } }],
    ['a stemming tokenizer', { features: { text: { kind: 'tfidf', tokenizer: 'english-stem' } }, classifier: { kind: 'logreg' } }],
    ['another classifier', { features: { text: { kind: 'tfidf' } }, classifier: { kind: 'naive_bayes' } }],
    ['a weighted block', { features: { text: { kind: 'tfidf' } }, combine: { weights: { text: 2 } }, classifier: { kind: 'logreg' } }],
    ['two blocks', { features: { text: { kind: 'tfidf' }, chars: { kind: 'tfidf', column: 'text', analyzer: 'char_wb' } }, classifier: { kind: 'logreg' } }],
  ] as [string, PipelineSpec][])('declines %s (the general path serves it)', (_name, spec) => {
    const pipeline = fitted(spec, everyFourth(train), everyFourth(labels));
    expect(compileLinearTextScorer(pipeline)).toBeUndefined();
  });

  it('declines a pipeline that is not fitted', () => {
    expect(compileLinearTextScorer(Pipeline.create({ features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } }))).toBeUndefined();
  });
});
