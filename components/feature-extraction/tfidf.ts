/**
 * TF-IDF vectoriser with scikit-learn's TfidfVectorizer semantics (same tokens, n-grams,
 * document-frequency pruning, idf and normalisation), so models trained here score like
 * their Python counterparts. Fitted state is the sorted vocabulary and its idf weights.
 *
 * Beyond scikit-learn (all off by default, so the defaults stay equivalent): Unicode NFKC
 * and contact/price masking before tokenizing (./text-normalize.ts), and word tokenizers
 * other than the regex one (./word-tokenizers.ts: Porter-stemmed English, kuromoji for
 * Japanese; kuromoji needs the async `prepare()`). `fitTransform` tokenizes the training
 * text once; `transform` reuses its vocabulary-sized scratch across calls.
 */
import { defineComponent, paramSchema, type ParamsOf } from '../core/define-component.js';
import { UserInputError } from '../../core/errors.js';
import type { CsrMatrix } from '../core/matrix.js';
import type { CellValue, FeatureExtractor, FitContext } from '../core/types.js';
import type { OnnxGraphBuilder } from '../export/onnx-builder.js';
import { blockConverter, type FittedPart } from '../export/onnx-converter.js';
import { DataType, attr } from '../export/onnx-values.js';
import { IntList, growFloat64, growInt32 } from './int-list.js';
import { NgramTrie, ROOT } from './ngram-trie.js';
import { charTermOrder, compareByCodePoint, wordTermOrder } from './term-order.js';
import { TokenBuffer, analyze, codePointsOf, type Analyzer } from './text-analyzers.js';
import { prepareText, type Normalization } from './text-normalize.js';
import { WORD_TOKENIZERS, createWordSource, prepareWordTokenizer, type WordSource, type WordTokenizerName } from './word-tokenizers.js';
import { WordTable } from './word-table.js';

export const TFIDF_SCHEMA = paramSchema({
  analyzer: { type: 'enum', default: 'word', choices: ['word', 'char', 'char_wb'], description: 'Word tokens, character n-grams, or character n-grams inside word boundaries.' },
  tokenizer: { type: 'enum', default: 'regex', choices: [...WORD_TOKENIZERS], description: "Word tokens (analyzer 'word'): scikit-learn's regex, Porter-stemmed English, or Japanese morphemes (kuromoji, loaded once per process)." },
  normalize: { type: 'enum', default: 'none', choices: ['none', 'nfkc'], description: 'Unicode NFKC before tokenizing: folds full-width and half-width forms.' },
  maskPatterns: { type: 'bool', default: false, description: 'Replace e-mail addresses, URLs, phone numbers and prices by __email__, __url__, __phone__, __price__ tokens.' },
  ngramMin: { type: 'int', default: 1, min: 1, max: 10, description: 'Shortest n-gram (words or characters).' },
  ngramMax: { type: 'int', default: 1, min: 1, max: 10, description: 'Longest n-gram.', search: { type: 'int', low: 1, high: 2 } },
  lowercase: { type: 'bool', default: true, description: 'Lower-case text before tokenizing.' },
  minDf: { type: 'int', default: 1, min: 1, description: 'Keep terms found in at least this many training documents.', search: { type: 'int', low: 1, high: 5 } },
  maxDf: { type: 'float', default: 1, min: 0, exclusiveMin: true, max: 1, description: 'Drop terms found in more than this fraction of training documents.' },
  maxFeatures: { type: 'int', default: 0, min: 0, description: 'Keep only the most frequent terms; 0 = no limit.' },
  sublinearTf: { type: 'bool', default: false, description: 'Use 1 + ln(tf) instead of raw counts.', search: { type: 'categorical', choices: [true, false] } },
  useIdf: { type: 'bool', default: true, description: 'Weight terms by inverse document frequency.' },
  smoothIdf: { type: 'bool', default: true, description: 'Add one to document frequencies, as if one extra document held every term.' },
  norm: { type: 'enum', default: 'l2', choices: ['l2', 'none'], description: 'Scale each row to unit Euclidean length.' },
});

export type TfidfParams = ParamsOf<typeof TFIDF_SCHEMA>;

export interface TfidfState {
  /**
   * Vocabulary sorted by code point (Python's order, locale-free); a term's index is its
   * column. Word n-grams are joined by one space.
   */
  terms: string[];
  idf: number[];
}

export function validateTfidfParams(p: TfidfParams): string[] {
  const problems: string[] = [];
  if (p.ngramMin > p.ngramMax) problems.push(`ngramMin: must be <= ngramMax (${p.ngramMax}), got ${p.ngramMin}`);
  if ((p.tokenizer ?? 'regex') !== 'regex' && p.analyzer !== 'word') {
    problems.push(`tokenizer: "${p.tokenizer}" needs analyzer "word" (character n-grams do not use a word tokenizer), got analyzer "${p.analyzer}"`);
  }
  return problems;
}

/**
 * The configurations components/export can write as ONNX: regex word tokens (reproduced
 * with onnxruntime's Tokenizer op), no NFKC and no masking (ONNX has no such string ops).
 */
export function tfidfOnnxExportProblems(p: TfidfParams): string[] {
  const problems: string[] = [];
  if (p.analyzer !== 'word') problems.push(`analyzer: only "word" exports to ONNX, got "${p.analyzer}"`);
  if ((p.tokenizer ?? 'regex') !== 'regex') problems.push(`tokenizer: only "regex" exports to ONNX, got "${p.tokenizer}"`);
  if ((p.normalize ?? 'none') !== 'none') problems.push(`normalize: only "none" exports to ONNX, got "${p.normalize}"`);
  if (p.maskPatterns) problems.push('maskPatterns: masking does not export to ONNX');
  return problems;
}

/**
 * Per-instance scratch reused by every transform (tokens and n-gram columns), so a request
 * allocates no token-sized buffers. Safe because transform is synchronous: two calls never
 * interleave.
 */
class TransformScratch {
  readonly buffer = new TokenBuffer();
  readonly grams = new IntList();
}

export class TfidfVectorizer implements FeatureExtractor {
  private vocabulary: Vocabulary | undefined;
  private scratch: TransformScratch | undefined;
  /** Stemming / kuromoji tokens; undefined for the regex fast path. */
  private readonly wordSource: WordSource | undefined;

  constructor(readonly params: TfidfParams) {
    const problems = validateTfidfParams(params);
    if (problems.length > 0) throw new UserInputError(problems, 'invalid tfidf parameters');
    this.wordSource = params.analyzer === 'word' ? createWordSource(params.tokenizer ?? 'regex') : undefined;
  }

  static load(params: TfidfParams, state: unknown): TfidfVectorizer {
    const v = new TfidfVectorizer(params);
    const s = state as TfidfState;
    if (!Array.isArray(s?.terms) || !Array.isArray(s.idf) || s.terms.length !== s.idf.length) {
      throw new Error('tfidf: fitted state needs terms and idf arrays of equal length');
    }
    v.vocabulary = Vocabulary.fromTerms(s.terms, Float64Array.from(s.idf), params.analyzer);
    return v;
  }

  get outputSize(): number {
    return this.fitted().size;
  }

  /** Loads the kuromoji dictionary when tokenizer is 'kuromoji' (once per process). */
  async prepare(): Promise<void> {
    if (this.params.analyzer === 'word') await prepareWordTokenizer(this.params.tokenizer ?? 'regex');
  }

  fit(values: readonly CellValue[], _ctx: FitContext): void {
    this.fitVocabulary(values, false);
  }

  /** fit + transform, tokenizing the training text once: each document's n-grams are kept from counting. */
  fitTransform(values: readonly CellValue[], _ctx: FitContext): CsrMatrix {
    const { colOfNode, docGrams } = this.fitVocabulary(values, true);
    const grams = docGrams!;
    const columns = this.scratchFor().grams;
    return this.buildRows(values.length, (r) => {
      columns.clear();
      for (let k = grams.ends[r]; k < grams.ends[r + 1]; k++) columns.push(colOfNode[grams.nodes.data[k]]);
      return columns;
    });
  }

  transform(values: readonly CellValue[]): CsrMatrix {
    const vocab = this.fitted();
    const p = this.params;
    const { buffer, grams } = this.scratchFor();
    // A vocabulary of single words whose word ids are their columns (as loaded from a bundle)
    // takes the tokens as columns: no n-gram trie walk per token.
    const tokensAreColumns = vocab.wordIsColumn && p.analyzer === 'word' && p.ngramMin === 1;
    return this.buildRows(values.length, (r) => {
      analyze(prepareText(values[r], p), p.analyzer, vocab.words, false, buffer, this.wordSource);
      if (tokensAreColumns) return buffer.tokens;
      collectNgrams(buffer, p, vocab.trie, false, grams);
      for (let k = 0; k < grams.length; k++) grams.data[k] = vocab.column[grams.data[k]];
      return grams;
    });
  }

  getState(): TfidfState {
    const v = this.fitted();
    return { terms: v.termList(), idf: Array.from(v.idf) };
  }

  /** Counts n-grams, selects the vocabulary, and (when asked) keeps each document's n-gram nodes. */
  private fitVocabulary(values: readonly CellValue[], keepDocGrams: boolean) {
    const p = this.params;
    const nDocs = values.length;
    const { words, trie, count, df, docGrams } = countNgrams(values, p, this.wordSource, keepDocGrams);
    // Term strings are only built when the radix order cannot be used (see ./term-order.ts).
    const termOf = (node: number): string => termString(trie, words, p.analyzer, node);

    const nodes: number[] = [];
    const maxDocs = p.maxDf * nDocs;
    for (let node = 1; node < trie.size; node++) {
      // count 0 = only ever a prefix of longer n-grams, never a feature itself.
      if (count(node) > 0 && df(node) >= p.minDf && df(node) <= maxDocs) nodes.push(node);
    }
    if (nodes.length === 0) {
      throw new UserInputError(
        `tfidf: no terms left from ${nDocs} documents (minDf ${p.minDf}, maxDf ${p.maxDf}); the column may be empty, or lower minDf / raise maxDf`,
      );
    }
    const inTermOrder =
      (p.analyzer === 'word' ? wordTermOrder(nodes, trie, words, p.ngramMax) : charTermOrder(nodes, trie, p.ngramMax)) ??
      Int32Array.from(nodes.map((node) => ({ node, term: termOf(node) })).sort((x, y) => compareByCodePoint(x.term, y.term)), (x) => x.node);
    let columnNode = inTermOrder;
    if (p.maxFeatures > 0 && nodes.length > p.maxFeatures) {
      // Most frequent first, ties broken by term: a stable sort by count of the term-ordered list.
      const byCount = Array.from(inTermOrder).sort((a, b) => count(b) - count(a));
      const kept = new Uint8Array(trie.size);
      for (let k = 0; k < p.maxFeatures; k++) kept[byCount[k]] = 1;
      columnNode = inTermOrder.filter((node) => kept[node] === 1);
    }
    const smooth = p.smoothIdf ? 1 : 0;
    const idf = Float64Array.from(columnNode, (node) => Math.log((nDocs + smooth) / (df(node) + smooth)) + 1);
    const colOfNode = new Int32Array(trie.size).fill(-1);
    columnNode.forEach((node, col) => (colOfNode[node] = col));
    this.vocabulary = Vocabulary.fromFit(columnNode, colOfNode, idf, words, trie, p.analyzer);
    this.scratch = undefined;
    return { colOfNode, docGrams };
  }

  /**
   * CSR rows of tf-idf weights. `rowColumns(r)` lists the column of every n-gram occurrence
   * of row r (-1 for n-grams outside the vocabulary) in a list this may reorder, reused
   * between rows. Columns are summed in increasing order, as scikit-learn's sorted CSR rows are.
   *
   * Term counts come from sorting the row's list and counting runs, not from a
   * vocabulary-sized array: in a server the model's tables are out of cache at each request,
   * and a counter per column cost a cache miss per distinct term.
   */
  private buildRows(rows: number, rowColumns: (r: number) => IntList): CsrMatrix {
    const vocab = this.fitted();
    const p = this.params;
    const idf = vocab.idf;
    const idfOf = (col: number) => idf[col];
    const indptr = new Int32Array(rows + 1);
    // One row (a served request) gets arrays of its exact size below: no copy at the end.
    const capacity = rows === 1 ? 0 : Math.max(256, Math.min(rows * 16, 1 << 20));
    let indices = new Int32Array(capacity);
    let data = new Float64Array(capacity);
    let nnz = 0;
    for (let r = 0; r < rows; r++) {
      const list = rowColumns(r);
      const columns = list.data.subarray(0, list.length).sort();
      const n = columns.length;
      let k = 0;
      while (k < n && columns[k] < 0) k++;
      let distinct = 0;
      for (let q = k; q < n; q++) if (q === k || columns[q] !== columns[q - 1]) distinct++;
      if (nnz + distinct > indices.length) {
        indices = growInt32(indices, nnz + distinct);
        data = growFloat64(data, nnz + distinct);
      }
      nnz += rowWeights(columns, k, idfOf, p, indices, data, nnz);
      indptr[r + 1] = nnz;
    }
    const exact = nnz === indices.length;
    return { kind: 'csr', rows, cols: vocab.size, indptr, indices: exact ? indices : indices.slice(0, nnz), values: exact ? data : data.slice(0, nnz) };
  }

  private scratchFor(): TransformScratch {
    this.scratch ??= new TransformScratch();
    return this.scratch;
  }

  private fitted(): Vocabulary {
    if (!this.vocabulary) throw new Error('tfidf is not fitted');
    return this.vocabulary;
  }
}

/**
 * One row's tf-idf weights from its token columns sorted in increasing order (unknown tokens,
 * -1, before `from`): each distinct column and its weight go to `cols` / `values` from `at`,
 * normalised when `norm` is l2. Returns how many. Columns are summed in increasing order, as
 * scikit-learn's sorted CSR rows are; compiled scorers (components/compiled) build theirs
 * from the same termValue and scaleRow in the same order, so their rows are these, bit for bit.
 */
export function rowWeights(
  sorted: ArrayLike<number>,
  from: number,
  idfOf: (col: number) => number,
  p: Pick<TfidfParams, 'sublinearTf' | 'useIdf' | 'norm'>,
  cols: Int32Array,
  values: Float64Array,
  at: number,
): number {
  const n = sorted.length;
  let k = from;
  let m = at;
  let sumSquares = 0;
  while (k < n) {
    const col = sorted[k];
    let count = 0;
    while (k < n && sorted[k] === col) {
      count++;
      k++;
    }
    const v = termValue(count, col, idfOf, p);
    cols[m] = col;
    values[m] = v;
    m++;
    sumSquares += v * v;
  }
  scaleRow(values, at, m, sumSquares, p);
  return m - at;
}

/** Divides values[from, to) by their l2 norm (the square root of `sumSquares`) when `norm` is l2. */
export function scaleRow(values: Float64Array, from: number, to: number, sumSquares: number, p: Pick<TfidfParams, 'norm'>): void {
  const scale = rowScale(sumSquares, p);
  if (scale === 1) return;
  for (let q = from; q < to; q++) values[q] *= scale;
}

/**
 * What scaleRow multiplies a row's values by: the inverse of its l2 norm, or 1 (which changes
 * no value's bits) without normalisation. A compiled scorer scales each value as it uses it.
 */
export function rowScale(sumSquares: number, p: Pick<TfidfParams, 'norm'>): number {
  return p.norm === 'l2' && sumSquares > 0 ? 1 / Math.sqrt(sumSquares) : 1;
}

/** One term's tf-idf value before normalisation: its count, sublinear if asked, times its idf if asked. */
export function termValue(count: number, col: number, idfOf: (col: number) => number, p: Pick<TfidfParams, 'sublinearTf' | 'useIdf'>): number {
  const v = p.sublinearTf ? 1 + Math.log(count) : count;
  return p.useIdf ? v * idfOf(col) : v;
}

/**
 * The fitted vocabulary as a trie over the analyzer's tokens, for transform-time lookups.
 * The terms themselves are not kept as strings (80k of them cost ~3 MB of heap in a serving
 * process that never reads them): `termList()` rebuilds them from the trie when asked.
 */
class Vocabulary {
  /**
   * @param words word -> token id (word analyzer only; may hold words outside the vocabulary)
   * @param trie the n-grams, in `words` ids or code points
   * @param column column of each trie node; -1 for nodes outside the vocabulary
   */
  private constructor(
    readonly size: number,
    readonly idf: Float64Array,
    readonly words: WordTable,
    readonly analyzer: Analyzer,
    readonly trie: NgramTrie,
    readonly column: Int32Array,
    /** Every term is one word whose id in `words` is its column (see fromTerms). */
    readonly wordIsColumn = false,
  ) {}

  private static build(idf: Float64Array, words: WordTable, analyzer: Analyzer, tokensOf: (col: number) => ArrayLike<number>, trieNodes?: number): Vocabulary {
    const trie = new NgramTrie(trieNodes);
    const nodes = new Int32Array(idf.length);
    let wordIsColumn = analyzer === 'word';
    for (let col = 0; col < idf.length; col++) {
      const tokens = tokensOf(col);
      if (tokens.length !== 1 || tokens[0] !== col) wordIsColumn = false;
      nodes[col] = trie.insert(tokens);
    }
    trie.compact();
    const column = new Int32Array(trie.size).fill(-1);
    nodes.forEach((node, col) => (column[node] = col));
    // Only when `words` holds nothing else: a word outside the vocabulary must look up as -1.
    return new Vocabulary(idf.length, idf, words, analyzer, trie, column, wordIsColumn && words.size === idf.length);
  }

  /**
   * The vocabulary a fit selected from its counting trie (`columnNode[col]` = node, and
   * `colOfNode` the inverse over every counted node). When it
   * keeps most of the counted n-grams the counting trie is reused as is; otherwise a trie of
   * only the vocabulary is built, so a pruned model does not hold every n-gram of the corpus.
   */
  static fromFit(columnNode: Int32Array, colOfNode: Int32Array, idf: Float64Array, words: WordTable, trie: NgramTrie, analyzer: Analyzer): Vocabulary {
    if (2 * columnNode.length < trie.size) return Vocabulary.build(idf, words, analyzer, (col) => trie.tokensOf(columnNode[col]));
    // compact() keeps node ids, so the fit's node -> column map is this trie's column map.
    trie.compact();
    return new Vocabulary(columnNode.length, idf, words, analyzer, trie, colOfNode);
  }

  /** Rebuilds a vocabulary from its fitted state; the tables are sized from the terms up front. */
  static fromTerms(terms: readonly string[], idf: Float64Array, analyzer: Analyzer): Vocabulary {
    let codeUnits = 0;
    let tokens = 0;
    for (const term of terms) {
      codeUnits += term.length;
      tokens += analyzer === 'word' ? countWords(term) : term.length;
    }
    if (analyzer !== 'word') return Vocabulary.build(idf, new WordTable(1, 1), analyzer, (col) => codePointsOf(terms[col]), tokens + 1);
    const words = new WordTable(tokens, codeUnits);
    const vocabulary = Vocabulary.build(idf, words, analyzer, (col) => terms[col].split(' ').map((w) => words.add(w)), tokens + 1);
    words.compact();
    return vocabulary;
  }

  /** The terms in column order: word n-grams joined by one space. */
  termList(): string[] {
    const terms = new Array<string>(this.size);
    for (let node = 1; node < this.column.length; node++) {
      const col = this.column[node];
      if (col >= 0) terms[col] = termString(this.trie, this.words, this.analyzer, node);
    }
    return terms;
  }
}

/** A trie node's term: word n-grams joined by one space, character n-grams as they are. */
function termString(trie: NgramTrie, words: WordTable, analyzer: Analyzer, node: number): string {
  return analyzer === 'word' ? trie.joinTokens(node, (t) => words.wordOf(t), ' ') : trie.joinTokens(node, String.fromCodePoint, '');
}

function countWords(term: string): number {
  let n = 1;
  for (let i = 0; i < term.length; i++) if (term.charCodeAt(i) === 32) n++;
  return n;
}

/**
 * Every n-gram of the corpus as a trie node, with its corpus count and document frequency;
 * with `keepDocGrams`, also each document's n-gram nodes (for the one-pass fitTransform).
 */
function countNgrams(values: readonly CellValue[], p: TfidfParams, wordSource: WordSource | undefined, keepDocGrams: boolean) {
  const words = new WordTable();
  const trie = new NgramTrie();
  // Per node, interleaved so one n-gram touches one cache line:
  // [corpus count, documents containing it, last document seen + 1].
  let stats = new Int32Array(3 * 4096);
  const buffer = new TokenBuffer();
  const grams = new IntList();
  const docGrams = keepDocGrams ? { nodes: new IntList(1 << 16), ends: new Int32Array(values.length + 1) } : undefined;
  for (let d = 0; d < values.length; d++) {
    analyze(prepareText(values[d], p), p.analyzer, words, true, buffer, wordSource);
    collectNgrams(buffer, p, trie, true, grams);
    if (3 * trie.size > stats.length) stats = growInt32(stats, 3 * trie.size);
    for (let k = 0; k < grams.length; k++) {
      const at = 3 * grams.data[k];
      stats[at]++;
      if (stats[at + 2] !== d + 1) {
        stats[at + 2] = d + 1;
        stats[at + 1]++;
      }
    }
    if (docGrams) {
      docGrams.nodes.pushAll(grams);
      docGrams.ends[d + 1] = docGrams.nodes.length;
    }
  }
  return { words, trie, count: (node: number) => stats[3 * node], df: (node: number) => stats[3 * node + 1], docGrams };
}

/**
 * Appends to `out` the trie node of every n-gram of every segment, following scikit-learn:
 * n-grams of length ngramMin..ngramMax at each position; for char_wb a padded word shorter
 * than ngramMin counts once as a whole. Without `add`, n-grams missing from the trie are skipped.
 */
function collectNgrams(buffer: TokenBuffer, p: TfidfParams, trie: NgramTrie, add: boolean, out: IntList): void {
  out.clear();
  const tokens = buffer.tokens.data;
  const minN = p.ngramMin;
  const maxN = p.ngramMax;
  let start = 0;
  for (let s = 0; s < buffer.segmentEnds.length; s++) {
    const end = buffer.segmentEnds.data[s];
    const whole = p.analyzer === 'char_wb' && end - start < minN;
    for (let i = start; i < end; i++) {
      let node = ROOT;
      const last = whole ? end : Math.min(end, i + maxN);
      for (let j = i; j < last; j++) {
        const token = tokens[j];
        node = token < 0 ? -1 : add ? trie.childOrAdd(node, token) : trie.child(node, token);
        if (node < 0) break;
        if (whole ? j === end - 1 : j - i + 1 >= minN) out.push(node);
      }
      if (whole) break;
    }
    start = end;
  }
}

/** The token pattern of the regex tokenizer, in RE2 syntax (onnxruntime's Tokenizer op). */
export const ONNX_TOKEN_PATTERN = '[\\p{L}\\p{N}_]{2,}';

/**
 * The block's partial scores as ONNX: [N] strings -> tokens -> n-gram counts -> tf-idf ->
 * X W / ||X||. The token rule runs in onnxruntime's Tokenizer op (com.microsoft, RE2) and
 * lower-casing in StringNormalizer (locale C.UTF-8). Parity holds for text in characters
 * both sides' Unicode tables know (onnxruntime 1.30's are older than V8's: letters added in
 * recent Unicode versions are not word characters there), except that U+0130 (İ) and a
 * word-final capital sigma lower-case differently (JavaScript maps them context-dependently,
 * C's towlower does not). The l2 norm divides the [N, K] partial scores instead of the
 * [N, V] features. onnxruntime computes tf-idf in float32, hence no exact `features`.
 */
function tfidfOnnxLogits(g: OnnxGraphBuilder, { name, params: p, state }: FittedPart<TfidfParams, TfidfState>, text: string, W: Float64Array, K: number): string {
  const { terms, idf } = state;
  const V = terms.length;
  let strings = text;
  if (p.lowercase) {
    [strings] = g.node('StringNormalizer', [text], [`${name}_lower`], [attr.string('case_change_action', 'LOWER'), attr.int('is_case_sensitive', 1), attr.string('locale', 'C.UTF-8')]);
  }
  const [tokens] = g.node(
    'Tokenizer',
    [strings],
    [`${name}_tokens`],
    [attr.int('mark', 0), attr.int('mincharnum', 1), attr.string('pad_value', ''), attr.string('tokenexp', ONNX_TOKEN_PATTERN)],
    'com.microsoft',
  );

  // The pool lists n-grams grouped by length (all 1-grams, then 2-grams, ...), each n-gram
  // as its n token strings; ngram_counts[n - 1] is where the n-grams start in the pool.
  const byLength: number[][] = Array.from({ length: p.ngramMax }, () => []);
  const split = terms.map((t) => t.split(' '));
  split.forEach((parts, col) => byLength[parts.length - 1].push(col));
  const pool: string[] = [];
  const ngramCounts: number[] = [];
  const ngramIndexes: number[] = [];
  for (let n = 1; n <= p.ngramMax; n++) {
    ngramCounts.push(pool.length);
    for (const col of byLength[n - 1]) {
      pool.push(...split[col]);
      ngramIndexes.push(col);
    }
  }
  const tfidfInOneOp = p.useIdf && !p.sublinearTf;
  const vectorizerAttrs = [
    attr.int('min_gram_length', p.ngramMin),
    attr.int('max_gram_length', p.ngramMax),
    attr.int('max_skip_count', 0),
    attr.string('mode', tfidfInOneOp ? 'TFIDF' : 'TF'),
    attr.strings('pool_strings', pool),
    attr.ints('ngram_counts', ngramCounts),
    attr.ints('ngram_indexes', ngramIndexes),
  ];
  // Weights are per pool n-gram, in pool order.
  if (tfidfInOneOp) vectorizerAttrs.push(attr.floats('weights', ngramIndexes.map((col) => idf[col])));
  let [X] = g.node('TfIdfVectorizer', [tokens], [`${name}_tf`], vectorizerAttrs);
  if (p.sublinearTf) {
    // 1 + ln(tf) where tf > 0; Where keeps the zeros (and hides Log(0)).
    const [positive] = g.node('Greater', [X, g.constant('zero', 'float', [], [0])], [`${name}_present`]);
    const [log] = g.node('Log', [X], [`${name}_log_tf`]);
    const [logPlusOne] = g.node('Add', [log, g.constant('one_f', 'float', [], [1])], [`${name}_sublinear`]);
    [X] = g.node('Where', [positive, logPlusOne, X], [`${name}_tf_sublinear`]);
  }
  if (p.useIdf && !tfidfInOneOp) [X] = g.node('Mul', [X, g.constant(`${name}_idf`, 'float', [V], idf)], [`${name}_tfidf`]);

  // MatMul with float32 features takes float32 weights.
  const [scoresF] = g.node('MatMul', [X, g.constant(`${name}_W`, 'float', [V, K], W)], [`${name}_scores_f`]);
  let [scores] = g.node('Cast', [scoresF], [`${name}_scores`], [attr.int('to', DataType.DOUBLE)]);
  if (p.norm === 'l2') {
    const [normF] = g.node('ReduceL2', [X, g.constant('axis1', 'int64', [1], [1])], [`${name}_norm_f`], [attr.int('keepdims', 1)]);
    const [norm] = g.node('Cast', [normF], [`${name}_norm`], [attr.int('to', DataType.DOUBLE)]);
    // An empty row has norm 0 and scores 0: divide by a tiny positive number instead, giving 0.
    const [safe] = g.node('Max', [norm, g.constant('tiny', 'double', [], [1e-300])], [`${name}_norm_safe`]);
    [scores] = g.node('Div', [scores, safe], [`${name}_scores_l2`]);
  }
  return scores;
}

defineComponent({
  role: 'feature',
  kind: 'tfidf',
  description: 'TF-IDF bag of word or character n-grams (scikit-learn TfidfVectorizer semantics); sparse output.',
  accepts: ['text'],
  nonNegativeOutput: () => true,
  params: TFIDF_SCHEMA,
  validate: (params) => validateTfidfParams(params),
  toOnnx: blockConverter({ input: 'string', canExport: tfidfOnnxExportProblems, width: (s: TfidfState) => s.terms.length, logits: tfidfOnnxLogits }),
  create: (params) => new TfidfVectorizer(params),
  load: (params, state) => TfidfVectorizer.load(params, state),
});
