/**
 * Dense document vectors from word vectors learned on the training text itself: fastText-style
 * subword skip-gram (./subword-skipgram.ts; why subwords: unseen words at serving time still
 * get vectors from their character n-grams), then each document is the mean of its words'
 * vectors, optionally idf-weighted, optionally l2-normalised.
 *
 * Deterministic given the fit seed (single-threaded training on a seeded generator). The
 * fitted state holds the vocabulary, its vectors and the n-gram buckets in use, as base64
 * float32 (bit-exact through JSON).
 */
import { defineComponent, paramSchema, type ParamsOf } from '../core/define-component.js';
import { UserInputError } from '../../core/errors.js';
import type { DenseMatrix } from '../core/matrix.js';
import type { CellValue, FeatureExtractor, FitContext } from '../core/types.js';
import { prepareText, type Normalization } from '../feature-extraction/text-normalize.js';
import { WORD_TOKENIZERS, prepareWordTokenizer, wordTokenStrings, type WordTokenizerName } from '../feature-extraction/word-tokenizers.js';
import { SubwordLookup, trainSkipgram, type SkipgramResult, type SubwordVectors } from './subword-skipgram.js';
import { base64ToFloat32, base64ToInt32, float32ToBase64, int32ToBase64 } from './typed-codec.js';

export const WORD_VECTORS_SCHEMA = paramSchema({
  tokenizer: { type: 'enum', default: 'regex', choices: [...WORD_TOKENIZERS], description: "Word tokens: scikit-learn's regex, Porter-stemmed English, or Japanese morphemes (kuromoji)." },
  normalize: { type: 'enum', default: 'none', choices: ['none', 'nfkc'], description: 'Unicode NFKC before tokenizing: folds full-width and half-width forms.' },
  maskPatterns: { type: 'bool', default: false, description: 'Replace e-mail addresses, URLs, phone numbers and prices by placeholder tokens.' },
  lowercase: { type: 'bool', default: true, description: 'Lower-case text before tokenizing.' },
  dims: { type: 'int', default: 48, min: 2, max: 512, description: 'Vector dimensions.', search: { type: 'int', low: 16, high: 96 } },
  window: { type: 'int', default: 5, min: 1, max: 20, description: 'Largest context radius (each centre word draws its radius in 1..window).' },
  epochs: { type: 'int', default: 5, min: 1, max: 100, description: 'Passes over the training text.' },
  minCount: { type: 'int', default: 2, min: 1, description: 'Words seen fewer times get no vector of their own (subwords still cover them).' },
  negative: { type: 'int', default: 5, min: 1, max: 50, description: 'Negative samples per positive context word.' },
  learningRate: { type: 'float', default: 0.05, min: 0, exclusiveMin: true, max: 1, description: 'Initial learning rate, decaying linearly to zero.' },
  sample: { type: 'float', default: 1e-3, min: 0, max: 1, description: 'Subsampling threshold for frequent words (0 = keep all).' },
  subwords: { type: 'bool', default: true, description: 'Learn character n-gram vectors (fastText), so unseen words get vectors.' },
  minn: { type: 'int', default: 3, min: 1, max: 10, description: 'Shortest character n-gram.' },
  maxn: { type: 'int', default: 5, min: 1, max: 10, description: 'Longest character n-gram.' },
  bucketsLog2: { type: 'int', default: 15, min: 8, max: 22, description: 'Hash buckets for character n-grams, as a power of two (state size grows with it).' },
  pooling: { type: 'enum', default: 'mean', choices: ['mean', 'idf'], description: 'Document vector: plain mean of word vectors, or idf-weighted mean.', search: { type: 'categorical', choices: ['mean', 'idf'] } },
  norm: { type: 'enum', default: 'l2', choices: ['l2', 'none'], description: 'Scale each document vector to unit length.' },
});

export type WordVectorsParams = ParamsOf<typeof WORD_VECTORS_SCHEMA>;

export const WORD_VECTORS_FORMAT = 'autoflow.word-vectors/v1';

export interface WordVectorsState {
  format: typeof WORD_VECTORS_FORMAT;
  dims: number;
  words: string[];
  /** Smoothed idf of each vocabulary word, and of a word never seen in training. */
  idf: number[];
  unseenIdf: number;
  minn: number;
  maxn: number;
  buckets: number;
  nBuckets: number;
  /** base64 little-endian float32 / int32 arrays. */
  wordVectors: string;
  bucketIds: string;
  bucketVectors: string;
}

export function validateWordVectorsParams(p: WordVectorsParams): string[] {
  return p.subwords && p.minn > p.maxn ? [`minn: must be <= maxn (${p.maxn}), got ${p.minn}`] : [];
}

interface Fitted {
  vectors: SubwordVectors;
  lookup: SubwordLookup;
  idf: Float64Array;
  unseenIdf: number;
}

export class WordVectorsEmbedding implements FeatureExtractor {
  private model: Fitted | undefined;
  /** Diagnostics of the last fit (not saved). */
  fitInfo: Pick<SkipgramResult, 'epochLoss' | 'stoppedEarly'> | undefined;

  constructor(readonly params: WordVectorsParams) {
    const problems = validateWordVectorsParams(params);
    if (problems.length > 0) throw new UserInputError(problems, 'invalid word_vectors parameters');
  }

  static load(params: WordVectorsParams, state: unknown): WordVectorsEmbedding {
    const s = state as WordVectorsState;
    if (s?.format !== WORD_VECTORS_FORMAT || !Array.isArray(s.words) || !Array.isArray(s.idf) || s.idf.length !== s.words.length) {
      throw new Error(`word_vectors: fitted state must be ${WORD_VECTORS_FORMAT} with words and idf of equal length`);
    }
    const e = new WordVectorsEmbedding(params);
    const vectors: SubwordVectors = {
      dims: s.dims,
      words: s.words,
      wordVectors: base64ToFloat32(s.wordVectors, s.words.length * s.dims, 'word_vectors.wordVectors'),
      minn: s.minn,
      maxn: s.maxn,
      buckets: s.buckets,
      bucketIds: base64ToInt32(s.bucketIds, s.nBuckets, 'word_vectors.bucketIds'),
      bucketVectors: base64ToFloat32(s.bucketVectors, s.nBuckets * s.dims, 'word_vectors.bucketVectors'),
    };
    e.model = { vectors, lookup: new SubwordLookup(vectors), idf: Float64Array.from(s.idf), unseenIdf: s.unseenIdf };
    return e;
  }

  get outputSize(): number {
    return this.params.dims;
  }

  async prepare(): Promise<void> {
    await prepareWordTokenizer(this.params.tokenizer);
  }

  fit(values: readonly CellValue[], ctx: FitContext): void {
    const p = this.params;
    const docs = values.map((v) => this.tokens(v));
    const result = trainSkipgram(docs, {
      dims: p.dims,
      window: p.window,
      epochs: p.epochs,
      minCount: p.minCount,
      negative: p.negative,
      learningRate: p.learningRate,
      sample: p.sample,
      minn: p.minn,
      maxn: p.subwords ? p.maxn : 0,
      buckets: p.subwords ? 2 ** p.bucketsLog2 : 0,
      seed: ctx.seed,
      shouldStop: ctx.shouldStop,
      onProgress: ctx.onProgress,
    });
    if (result.vectors.words.length === 0) {
      throw new UserInputError(`word_vectors: no word occurs at least minCount (${p.minCount}) times in ${values.length} documents; lower minCount`);
    }
    // Document frequencies over the vocabulary, for idf pooling (scikit-learn's smoothed idf).
    const index = new Map(result.vectors.words.map((w, i) => [w, i]));
    const df = new Float64Array(result.vectors.words.length);
    for (const doc of docs) {
      for (const w of new Set(doc)) {
        const i = index.get(w);
        if (i !== undefined) df[i]++;
      }
    }
    const n = docs.length;
    const idf = df.map((d) => Math.log((1 + n) / (1 + d)) + 1);
    this.model = { vectors: result.vectors, lookup: new SubwordLookup(result.vectors), idf, unseenIdf: Math.log(1 + n) + 1 };
    this.fitInfo = { epochLoss: result.epochLoss, stoppedEarly: result.stoppedEarly };
  }

  transform(values: readonly CellValue[]): DenseMatrix {
    const m = this.fitted();
    const dims = this.params.dims;
    const out = new Float64Array(values.length * dims);
    const row = new Float64Array(dims);
    for (let r = 0; r < values.length; r++) {
      row.fill(0);
      let weightSum = 0;
      for (const word of this.tokens(values[r])) {
        const weight = this.params.pooling === 'idf' ? this.idfOf(m, word) : 1;
        if (m.lookup.addInto(word, weight, row)) weightSum += weight;
      }
      if (weightSum === 0) continue;
      let sumSquares = 0;
      for (let k = 0; k < dims; k++) {
        row[k] /= weightSum;
        sumSquares += row[k] * row[k];
      }
      const scale = this.params.norm === 'l2' && sumSquares > 0 ? 1 / Math.sqrt(sumSquares) : 1;
      for (let k = 0; k < dims; k++) out[r * dims + k] = row[k] * scale;
    }
    return { kind: 'dense', rows: values.length, cols: dims, values: out };
  }

  getState(): WordVectorsState {
    const { vectors: v, idf, unseenIdf } = this.fitted();
    return {
      format: WORD_VECTORS_FORMAT,
      dims: v.dims,
      words: [...v.words],
      idf: Array.from(idf),
      unseenIdf,
      minn: v.minn,
      maxn: v.maxn,
      buckets: v.buckets,
      nBuckets: v.bucketIds.length,
      wordVectors: float32ToBase64(v.wordVectors),
      bucketIds: int32ToBase64(v.bucketIds),
      bucketVectors: float32ToBase64(v.bucketVectors),
    };
  }

  /** The vector of one word (vocabulary or subword-composed), or undefined; for inspection and tests. */
  wordVector(word: string): Float64Array | undefined {
    const out = new Float64Array(this.params.dims);
    return this.fitted().lookup.addInto(word, 1, out) ? out : undefined;
  }

  private idfOf(m: Fitted, word: string): number {
    const i = m.lookup.wordIndexOf(word);
    return i === undefined ? m.unseenIdf : m.idf[i];
  }

  private tokens(value: CellValue): string[] {
    return wordTokenStrings(prepareText(value, this.params), this.params.tokenizer);
  }

  private fitted(): Fitted {
    if (!this.model) throw new Error('word_vectors is not fitted');
    return this.model;
  }
}

defineComponent({
  role: 'feature',
  kind: 'word_vectors',
  description: 'Document vectors from fastText-style subword skip-gram vectors trained on the training text (seeded, deterministic), mean or idf-weighted mean pooled; dense output.',
  accepts: ['text'],
  nonNegativeOutput: () => false,
  params: WORD_VECTORS_SCHEMA,
  validate: (params) => validateWordVectorsParams(params),
  create: (params) => new WordVectorsEmbedding(params),
  load: (params, state) => WordVectorsEmbedding.load(params, state),
});
