/**
 * A fitted pipeline of one word tf-idf block into logistic regression (the usual text
 * moderation model), compiled into one pass for serving: tokenize, count the words in a
 * ColumnTable whose record holds each word's idf, weight and count, normalise, dot. The
 * general path builds a CSR row through the tf-idf vectoriser and hands it to the classifier,
 * reading the model's tables from several arrays; in a server, where those tables are out of
 * cache at every request, that costs ~4 cache misses per distinct word against ~2 here.
 *
 * An ASCII text (most messages) is read as bytes, lower-cased, cut and counted in one
 * WebAssembly function over the table's memory (ColumnTable.countAsciiText), so it is not
 * lower-cased as a string first.
 *
 * Same arithmetic in the same order as TfidfVectorizer.transform + LogisticRegression, so the
 * probabilities are bit-identical (test/unit/components/linear-text-scorer.test.ts).
 */
import { LogisticRegression } from '../classifiers/logistic-regression.js';
import { sigmoid, softmaxRow } from '../classifiers/class-weights.js';
import type { Pipeline } from '../core/pipeline.js';
import type { CellValue } from '../core/types.js';
import { TokenBuffer, wordTokens } from '../feature-extraction/text-analyzers.js';
import { TfidfVectorizer, rowScale, termValue, type TfidfParams } from '../feature-extraction/tfidf.js';
import { prepareText } from '../feature-extraction/text-normalize.js';
import { ColumnTable, asciiWordBytes } from './column-table.js';

export interface CompiledScorer {
  /** The input column the scorer reads. */
  readonly column: string;
  /** Row-major rows x classes probabilities, as `Pipeline.predictProba` gives them. */
  predictProba(values: readonly CellValue[]): Float64Array;
  /**
   * `predictProba` of the one text of a JSON request body `{"records": [{COLUMN: "…"}]}`, read
   * from its bytes without parsing it, when it has that shape and its text is ASCII;
   * undefined for any other body (parse it, check it, and call predictProba).
   */
  predictProbaOfJsonBody(body: Uint8Array): Float64Array | undefined;
}

/**
 * The compiled scorer of `pipeline`, or undefined when it is not of the shape this compiles:
 * one tf-idf block of weight 1 with regex word unigrams, into logistic regression. Other
 * pipelines keep the general path. `options.kernel` false scores in JavaScript only, even
 * where the WebAssembly kernel loads (as on a machine without WebAssembly).
 */
export function compileLinearTextScorer(pipeline: Pipeline, options: { kernel?: boolean } = {}): CompiledScorer | undefined {
  const parts = pipeline.fittedParts();
  if (!parts || parts.blocks.length !== 1) return undefined;
  const [block] = parts.blocks;
  const { extractor } = block;
  if (block.weight !== 1 || !(extractor instanceof TfidfVectorizer) || !(parts.classifier instanceof LogisticRegression)) return undefined;
  const p = extractor.params;
  if (p.analyzer !== 'word' || (p.tokenizer ?? 'regex') !== 'regex' || p.ngramMin !== 1 || p.ngramMax !== 1) return undefined;
  const { terms, idf } = extractor.getState();
  const { W, b, K, nFeatures } = parts.classifier.linearWeights();
  if (nFeatures !== terms.length) return undefined;
  // A binary model's weight rides in the word's record; a multi-class one's K weights stay in W.
  const table = new ColumnTable(terms, idf, K === 1 ? W : undefined, options);
  // The scorer holds no reference to the pipeline, so a server frees the pipeline's tables.
  return new LinearTextScorer(block.column, p, table, K === 1 ? new Float64Array(0) : W, b, K);
}

class LinearTextScorer implements CompiledScorer {
  private readonly tokens = new TokenBuffer();
  private readonly wordBytes: Uint8Array;
  private row = new Float64Array(256);
  private readonly idfOf = (col: number): number => this.table.idf(col);
  private readonly scores: Float64Array;

  constructor(
    readonly column: string,
    private readonly params: TfidfParams,
    private readonly table: ColumnTable,
    private readonly W: Float64Array,
    private readonly b: Float64Array,
    private readonly K: number,
  ) {
    this.scores = new Float64Array(K);
    this.wordBytes = asciiWordBytes(params.lowercase);
  }

  predictProba(values: readonly CellValue[]): Float64Array {
    const proba = new Float64Array(values.length * this.classCount);
    for (let r = 0; r < values.length; r++) {
      this.table.beginText();
      this.countWords(values[r]);
      this.probabilitiesOfCounted(proba, r);
    }
    return proba;
  }

  predictProbaOfJsonBody(body: Uint8Array): Float64Array | undefined {
    // Masking rewrites the text before it is cut (prepareText), so it needs the string.
    if (this.params.maskPatterns) return undefined;
    this.table.beginText();
    if (!this.table.countJsonBodyText(body, this.column, this.wordBytes)) return undefined;
    const proba = new Float64Array(this.classCount);
    this.probabilitiesOfCounted(proba, 0);
    return proba;
  }

  private get classCount(): number {
    return this.K === 1 ? 2 : this.K;
  }

  /** Row `r` of `proba` from the text counted in the table. */
  private probabilitiesOfCounted(proba: Float64Array, r: number): void {
    const scores = this.scores;
    this.scoreCounted(scores);
    if (this.K === 1) {
      const positive = sigmoid(scores[0]);
      proba[2 * r] = 1 - positive;
      proba[2 * r + 1] = positive;
    } else {
      softmaxRow(scores, 0, this.K, scores);
      proba.set(scores, r * this.K);
    }
  }

  /** Counts the words of one cell into the table, as prepareText then wordTokens would cut them. */
  private countWords(value: CellValue): void {
    const { table, params: p } = this;
    // Lower-casing and NFKC leave an ASCII text's words as the byte path reads them (NFKC
    // changes no ASCII character), so only masking and non-strings need prepareText first.
    const prepared = p.maskPatterns || typeof value !== 'string';
    const text = prepared ? prepareText(value, p) : value;
    if (table.countAsciiText(text, this.wordBytes)) return;
    const tokens = this.tokens;
    tokens.clear();
    wordTokens(prepared ? text : prepareText(text, p), table, false, tokens);
    const { data, length } = tokens.tokens;
    for (let k = 0; k < length; k++) if (data[k] >= 0) table.count(data[k]);
  }

  /** The linear scores of the text counted in the table, as TfidfVectorizer's buildRows then linearForward compute them. */
  private scoreCounted(scores: Float64Array): void {
    const { table, params: p, K } = this;
    if (K === 1) {
      const score = table.tfidfDot(this.b[0], p);
      if (score !== undefined) {
        scores[0] = score;
        return;
      }
    }
    // Columns in increasing order, as scikit-learn's sorted CSR rows are summed.
    const cols = table.countedColumns();
    const m = cols.length;
    if (this.row.length < m) this.row = new Float64Array(Math.max(m, 2 * this.row.length));
    const row = this.row;
    let sumSquares = 0;
    for (let q = 0; q < m; q++) {
      const col = cols[q];
      const v = termValue(table.countOf(col), col, this.idfOf, p);
      row[q] = v;
      sumSquares += v * v;
    }
    // Each value scaled as it is used (the same product scaleRow would store): one pass less.
    const scale = rowScale(sumSquares, p);
    if (K === 1) {
      let s = this.b[0];
      for (let q = 0; q < m; q++) s += row[q] * scale * table.weight(cols[q]);
      scores[0] = s;
      return;
    }
    for (let c = 0; c < K; c++) scores[c] = this.b[c];
    for (let q = 0; q < m; q++) {
      const v = row[q] * scale;
      const w = cols[q] * K;
      for (let c = 0; c < K; c++) scores[c] += v * this.W[w + c];
    }
  }
}
