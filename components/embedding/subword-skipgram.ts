/**
 * fastText-style subword skip-gram with negative sampling (Bojanowski et al. 2017, on top of
 * Mikolov et al. 2013), trained single-threaded on typed arrays with a seeded generator, so
 * the same corpus, parameters and seed give bit-identical vectors.
 *
 * A word is represented by its own input row plus the rows of its character n-grams
 * ('<' + word + '>', lengths minn..maxn, hashed into `buckets` rows); its vector is their mean.
 * That is why this and not plain word2vec: a listing seen at serving time is full of words
 * the training text never had (new models, misspellings such as "fr33", Japanese runs that
 * the regex tokenizer does not split), and their character n-grams still give them a vector;
 * plain skip-gram would map them to nothing.
 *
 * Training follows fastText's skipgram loop: for each kept word (frequent words subsampled),
 * a window radius drawn uniformly in 1..window, and for each context word one positive and
 * `negative` sampled negative logistic updates; the hidden vector is the mean of the centre
 * word's rows and its gradient is added to each of them. The learning rate decays linearly
 * to zero over all epochs.
 */
import { murmurhash3 } from '../feature-extraction/murmurhash3.js';
import { SeededRng } from './seeded-rng.js';

export interface SkipgramOptions {
  dims: number;
  window: number;
  epochs: number;
  minCount: number;
  negative: number;
  learningRate: number;
  /** Subsampling threshold t: a word of corpus frequency f is kept with probability sqrt(t/f) + t/f. */
  sample: number;
  /** Character n-gram lengths; maxn 0 = no subwords (plain skip-gram). */
  minn: number;
  maxn: number;
  buckets: number;
  seed: number;
  shouldStop?: () => boolean;
  onProgress?: (fraction: number) => void;
}

/** What transform needs: final vectors of the vocabulary and of the n-gram buckets in use. */
export interface SubwordVectors {
  dims: number;
  words: string[];
  /** words.length x dims, each the mean of the word's own row and its n-gram rows. */
  wordVectors: Float32Array;
  minn: number;
  maxn: number;
  buckets: number;
  /** Sorted ids of the buckets some vocabulary word uses; untouched buckets hold only noise. */
  bucketIds: Int32Array;
  bucketVectors: Float32Array;
}

export interface SkipgramResult {
  vectors: SubwordVectors;
  /** Word counts over the corpus, aligned with `vectors.words`. */
  counts: Int32Array;
  /** Mean negative-sampling loss per epoch (for diagnostics and tests). */
  epochLoss: number[];
  stoppedEarly: boolean;
}

const NEGATIVE_TABLE_SIZE = 1_000_000;

/** The vocabulary: words with at least minCount occurrences, most frequent first, ties by code unit order. */
export function buildVocabulary(docs: readonly string[][], minCount: number): { words: string[]; counts: Int32Array } {
  const counts = new Map<string, number>();
  for (const doc of docs) for (const w of doc) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = [...counts.entries()]
    .filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([w]) => w);
  return { words, counts: Int32Array.from(words, (w) => counts.get(w)!) };
}

const encoder = new TextEncoder();

/** Bucket ids of a word's character n-grams (code points of '<' + word + '>'), the whole bracketed word excluded. */
export function subwordBuckets(word: string, minn: number, maxn: number, buckets: number): number[] {
  if (maxn <= 0 || buckets <= 0) return [];
  const chars = Array.from(`<${word}>`);
  const out: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    let gram = '';
    for (let n = 1; n <= maxn && i + n <= chars.length; n++) {
      gram += chars[i + n - 1];
      if (n < minn || (i === 0 && i + n === chars.length)) continue;
      out.push((murmurhash3(encoder.encode(gram)) >>> 0) % buckets);
    }
  }
  return out;
}

export function trainSkipgram(docs: readonly string[][], o: SkipgramOptions): SkipgramResult {
  const { words, counts } = buildVocabulary(docs, o.minCount);
  const V = words.length;
  const dims = o.dims;
  const subwords = o.maxn > 0;
  const nBuckets = subwords ? o.buckets : 0;
  const rng = new SeededRng(o.seed);

  // Rows of each word: its own (w) and its n-grams' (V + bucket), in CSR form.
  const rowStart = new Int32Array(V + 1);
  const rowList: number[] = [];
  for (let w = 0; w < V; w++) {
    rowList.push(w);
    if (subwords) for (const b of subwordBuckets(words[w], o.minn, o.maxn, nBuckets)) rowList.push(V + b);
    rowStart[w + 1] = rowList.length;
  }
  const rows = Int32Array.from(rowList);

  const input = new Float32Array((V + nBuckets) * dims);
  for (let i = 0; i < input.length; i++) input[i] = (rng.next() * 2 - 1) / dims;
  const output = new Float32Array(V * dims);

  // Corpus as word ids, one segment per document (context windows do not cross documents).
  const index = new Map(words.map((w, i) => [w, i]));
  const ids: number[] = [];
  const docEnds: number[] = [];
  for (const doc of docs) {
    for (const w of doc) {
      const id = index.get(w);
      if (id !== undefined) ids.push(id);
    }
    docEnds.push(ids.length);
  }
  const corpus = Int32Array.from(ids);
  const total = corpus.length;

  let totalCount = 0;
  for (let w = 0; w < V; w++) totalCount += counts[w];
  const keepProbability = new Float64Array(V);
  for (let w = 0; w < V; w++) {
    const f = counts[w] / totalCount;
    keepProbability[w] = o.sample > 0 ? Math.sqrt(o.sample / f) + o.sample / f : 1;
  }

  const negatives = negativeTable(counts);
  const hidden = new Float64Array(dims);
  const grad = new Float64Array(dims);
  const epochLoss: number[] = [];
  const totalSteps = Math.max(1, o.epochs * total);
  let step = 0;
  let stoppedEarly = false;

  epochs: for (let epoch = 0; epoch < o.epochs; epoch++) {
    let lossSum = 0;
    let lossCount = 0;
    let docStart = 0;
    for (let d = 0; d < docEnds.length; d++) {
      const docEnd = docEnds[d];
      if (d % 256 === 0 && o.shouldStop?.()) {
        stoppedEarly = true;
        break epochs;
      }
      for (let pos = docStart; pos < docEnd; pos++) {
        const lr = o.learningRate * (1 - step / totalSteps);
        step++;
        const center = corpus[pos];
        if (rng.next() > keepProbability[center]) continue;
        const radius = 1 + rng.below(o.window);
        const r0 = rowStart[center];
        const r1 = rowStart[center + 1];
        const scale = 1 / (r1 - r0);
        hidden.fill(0);
        for (let r = r0; r < r1; r++) {
          const base = rows[r] * dims;
          for (let k = 0; k < dims; k++) hidden[k] += input[base + k];
        }
        for (let k = 0; k < dims; k++) hidden[k] *= scale;
        const from = Math.max(docStart, pos - radius);
        const to = Math.min(docEnd - 1, pos + radius);
        for (let c = from; c <= to; c++) {
          if (c === pos) continue;
          const context = corpus[c];
          grad.fill(0);
          lossSum += logisticUpdate(output, hidden, grad, dims, context, 1, lr);
          for (let n = 0; n < o.negative; n++) {
            const target = negatives[rng.below(negatives.length)];
            if (target === context) continue;
            lossSum += logisticUpdate(output, hidden, grad, dims, target, 0, lr);
          }
          lossCount++;
          for (let r = r0; r < r1; r++) {
            const base = rows[r] * dims;
            for (let k = 0; k < dims; k++) input[base + k] += grad[k];
          }
        }
      }
      docStart = docEnd;
    }
    epochLoss.push(lossCount > 0 ? lossSum / lossCount : 0);
    o.onProgress?.((epoch + 1) / o.epochs);
  }

  return { vectors: finalVectors(words, input, rows, rowStart, dims, o.minn, o.maxn, nBuckets), counts, epochLoss, stoppedEarly };
}

function finalVectors(words: string[], input: Float32Array, rows: Int32Array, rowStart: Int32Array, dims: number, minn: number, maxn: number, buckets: number): SubwordVectors {
  const V = words.length;
  const wordVectors = new Float32Array(V * dims);
  const used = new Set<number>();
  const sum = new Float64Array(dims);
  for (let w = 0; w < V; w++) {
    sum.fill(0);
    for (let r = rowStart[w]; r < rowStart[w + 1]; r++) {
      const row = rows[r];
      if (row >= V) used.add(row - V);
      for (let k = 0; k < dims; k++) sum[k] += input[row * dims + k];
    }
    const n = rowStart[w + 1] - rowStart[w];
    for (let k = 0; k < dims; k++) wordVectors[w * dims + k] = sum[k] / n;
  }
  const bucketIds = Int32Array.from(used).sort();
  const bucketVectors = new Float32Array(bucketIds.length * dims);
  bucketIds.forEach((b, i) => bucketVectors.set(input.subarray((V + b) * dims, (V + b + 1) * dims), i * dims));
  return { dims, words, wordVectors, minn, maxn, buckets, bucketIds, bucketVectors };
}

/** Unigram^0.75 table for negative sampling (word2vec's distribution). */
function negativeTable(counts: Int32Array): Int32Array {
  const V = counts.length;
  if (V === 0) return new Int32Array(0);
  let z = 0;
  for (let w = 0; w < V; w++) z += Math.pow(counts[w], 0.75);
  const size = Math.min(NEGATIVE_TABLE_SIZE, Math.max(1000, 100 * V));
  const table = new Int32Array(size);
  let w = 0;
  let cumulative = Math.pow(counts[0], 0.75) / z;
  for (let i = 0; i < size; i++) {
    table[i] = w;
    if ((i + 1) / size > cumulative && w < V - 1) {
      w++;
      cumulative += Math.pow(counts[w], 0.75) / z;
    }
  }
  return table;
}

/** One logistic update of output row `target` towards `label`, accumulating the hidden gradient; returns the loss. */
function logisticUpdate(output: Float32Array, hidden: Float64Array, grad: Float64Array, dims: number, target: number, label: number, lr: number): number {
  const base = target * dims;
  let dot = 0;
  for (let k = 0; k < dims; k++) dot += output[base + k] * hidden[k];
  const score = sigmoid(dot);
  const alpha = lr * (label - score);
  for (let k = 0; k < dims; k++) {
    grad[k] += alpha * output[base + k];
    output[base + k] += alpha * hidden[k];
  }
  return -Math.log(label === 1 ? Math.max(score, 1e-12) : Math.max(1 - score, 1e-12));
}

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Vector lookup for transform: vocabulary words use their stored vector; other words the mean
 * of their n-gram buckets that some training word used (none known = no vector).
 */
export class SubwordLookup {
  private readonly wordIndex: Map<string, number>;
  private readonly bucketRow: Map<number, number>;

  constructor(readonly v: SubwordVectors) {
    this.wordIndex = new Map(v.words.map((w, i) => [w, i]));
    this.bucketRow = new Map(Array.from(v.bucketIds, (b, i) => [b, i]));
  }

  /** Adds the word's vector times `weight` into `out`; returns false when the word has no vector. */
  addInto(word: string, weight: number, out: Float64Array): boolean {
    const dims = this.v.dims;
    const id = this.wordIndex.get(word);
    if (id !== undefined) {
      for (let k = 0; k < dims; k++) out[k] += weight * this.v.wordVectors[id * dims + k];
      return true;
    }
    const rows: number[] = [];
    for (const b of subwordBuckets(word, this.v.minn, this.v.maxn, this.v.buckets)) {
      const row = this.bucketRow.get(b);
      if (row !== undefined) rows.push(row);
    }
    if (rows.length === 0) return false;
    const w = weight / rows.length;
    for (const row of rows) for (let k = 0; k < dims; k++) out[k] += w * this.v.bucketVectors[row * dims + k];
    return true;
  }

  wordIndexOf(word: string): number | undefined {
    return this.wordIndex.get(word);
  }
}
