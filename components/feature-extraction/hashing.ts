/**
 * Hashing vectoriser with scikit-learn's HashingVectorizer semantics: each word or character
 * n-gram is hashed (MurmurHash3 x86-32, seed 0, of its UTF-8 bytes; word n-grams joined by one
 * space) to column |h| mod 2^k, with sign +1/-1 from the hash's sign when `alternateSign`
 * (so collisions cancel in expectation), then rows are l2-normalised.
 *
 * No vocabulary: the feature space is fixed, unseen terms still land somewhere, memory does not
 * grow with the corpus, and there is nothing to learn (the fitted state is empty). The price
 * is that columns cannot be named and distinct terms may collide. Same text preparation
 * (NFKC, masking, lower-casing) and word tokenizers as tfidf.
 */
import { defineComponent, paramSchema, type ParamsOf } from '../core/define-component.js';
import { UserInputError } from '../../core/errors.js';
import type { CsrMatrix } from '../core/matrix.js';
import type { CellValue, FeatureExtractor, FitContext } from '../core/types.js';
import { IntList, growFloat64, growInt32 } from './int-list.js';
import { murmurhash3 } from './murmurhash3.js';
import { TokenBuffer, analyze, type Analyzer } from './text-analyzers.js';
import { prepareText, type Normalization } from './text-normalize.js';
import { WORD_TOKENIZERS, prepareWordTokenizer, wordTokenStrings, type WordTokenizerName } from './word-tokenizers.js';
import { WordTable } from './word-table.js';

export const HASHING_SCHEMA = paramSchema({
  analyzer: { type: 'enum', default: 'word', choices: ['word', 'char', 'char_wb'], description: 'Word tokens, character n-grams, or character n-grams inside word boundaries.' },
  tokenizer: { type: 'enum', default: 'regex', choices: [...WORD_TOKENIZERS], description: "Word tokens (analyzer 'word'): scikit-learn's regex, Porter-stemmed English, or Japanese morphemes (kuromoji)." },
  normalize: { type: 'enum', default: 'none', choices: ['none', 'nfkc'], description: 'Unicode NFKC before tokenizing: folds full-width and half-width forms.' },
  maskPatterns: { type: 'bool', default: false, description: 'Replace e-mail addresses, URLs, phone numbers and prices by placeholder tokens.' },
  lowercase: { type: 'bool', default: true, description: 'Lower-case text before tokenizing.' },
  ngramMin: { type: 'int', default: 1, min: 1, max: 10, description: 'Shortest n-gram (words or characters).' },
  ngramMax: { type: 'int', default: 1, min: 1, max: 10, description: 'Longest n-gram.', search: { type: 'int', low: 1, high: 2 } },
  nFeaturesLog2: { type: 'int', default: 20, min: 4, max: 24, description: 'Number of columns as a power of two (20 = 1,048,576, scikit-learn\'s default).', search: { type: 'int', low: 16, high: 22 } },
  alternateSign: { type: 'bool', default: true, description: 'Sign each term by its hash so collisions cancel in expectation.' },
  norm: { type: 'enum', default: 'l2', choices: ['l2', 'none'], description: 'Scale each row to unit Euclidean length.' },
});

export type HashingParams = ParamsOf<typeof HASHING_SCHEMA>;

/** Nothing is learned; the state only records the width, to catch a params/state mix-up on load. */
export interface HashingState {
  nFeatures: number;
}

export function validateHashingParams(p: HashingParams): string[] {
  const problems: string[] = [];
  if (p.ngramMin > p.ngramMax) problems.push(`ngramMin: must be <= ngramMax (${p.ngramMax}), got ${p.ngramMin}`);
  if (p.tokenizer !== 'regex' && p.analyzer !== 'word') {
    problems.push(`tokenizer: "${p.tokenizer}" needs analyzer "word", got analyzer "${p.analyzer}"`);
  }
  return problems;
}

export class HashingVectorizer implements FeatureExtractor {
  private fittedFlag = false;
  private readonly scratch = new DocumentBytes();
  private readonly buffer = new TokenBuffer();
  private readonly entries = new IntList();
  /** The char analyzers' token path needs a word table argument; it is never written. */
  private readonly noWords = new WordTable();

  constructor(readonly params: HashingParams) {
    const problems = validateHashingParams(params);
    if (problems.length > 0) throw new UserInputError(problems, 'invalid hashing parameters');
  }

  static load(params: HashingParams, state: unknown): HashingVectorizer {
    const v = new HashingVectorizer(params);
    const s = state as HashingState;
    if (s?.nFeatures !== v.outputSize) throw new Error(`hashing: fitted state is for ${s?.nFeatures} features, params give ${v.outputSize}`);
    v.fittedFlag = true;
    return v;
  }

  get outputSize(): number {
    return 2 ** this.params.nFeaturesLog2;
  }

  async prepare(): Promise<void> {
    if (this.params.analyzer === 'word') await prepareWordTokenizer(this.params.tokenizer);
  }

  fit(_values: readonly CellValue[], _ctx: FitContext): void {
    this.fittedFlag = true;
  }

  transform(values: readonly CellValue[]): CsrMatrix {
    if (!this.fittedFlag) throw new Error('hashing is not fitted');
    const p = this.params;
    const nFeatures = this.outputSize;
    const rows = values.length;
    const indptr = new Int32Array(rows + 1);
    let indices = new Int32Array(Math.max(256, Math.min(rows * 16, 1 << 20)));
    let data = new Float64Array(indices.length);
    let nnz = 0;
    const entries = this.entries;
    for (let r = 0; r < rows; r++) {
      this.documentBytes(prepareText(values[r], p));
      this.hashNgrams(nFeatures, entries);
      // Each entry is column * 2 + (negative ? 1 : 0): sorting groups a column's occurrences.
      const sorted = entries.data.subarray(0, entries.length).sort();
      if (nnz + sorted.length > indices.length) {
        indices = growInt32(indices, nnz + sorted.length);
        data = growFloat64(data, nnz + sorted.length);
      }
      const rowStart = nnz;
      let sumSquares = 0;
      for (let k = 0; k < sorted.length; ) {
        const col = sorted[k] >>> 1;
        let v = 0;
        for (; k < sorted.length && sorted[k] >>> 1 === col; k++) v += sorted[k] & 1 ? -1 : 1;
        if (v === 0) continue;
        indices[nnz] = col;
        data[nnz] = v;
        sumSquares += v * v;
        nnz++;
      }
      if (p.norm === 'l2' && sumSquares > 0) {
        const scale = 1 / Math.sqrt(sumSquares);
        for (let k = rowStart; k < nnz; k++) data[k] *= scale;
      }
      indptr[r + 1] = nnz;
    }
    return { kind: 'csr', rows, cols: nFeatures, indptr, indices: indices.slice(0, nnz), values: data.slice(0, nnz) };
  }

  getState(): HashingState {
    if (!this.fittedFlag) throw new Error('hashing is not fitted');
    return { nFeatures: this.outputSize };
  }

  /** Fills the scratch with the UTF-8 bytes of each token, in segments (see text-analyzers.ts). */
  private documentBytes(text: string): void {
    const doc = this.scratch;
    doc.clear();
    const p = this.params;
    if (p.analyzer === 'word') {
      for (const token of wordTokenStrings(text, p.tokenizer)) doc.addToken(token);
      doc.endSegment();
      return;
    }
    analyze(text, p.analyzer, this.noWords, false, this.buffer);
    const tokens = this.buffer.tokens;
    const ends = this.buffer.segmentEnds;
    let t = 0;
    for (let s = 0; s < ends.length; s++) {
      for (; t < ends.data[s]; t++) doc.addCodePoint(tokens.data[t]);
      doc.endSegment();
    }
  }

  /** Appends column * 2 + signBit of every n-gram of the scratch document to `out`. */
  private hashNgrams(nFeatures: number, out: IntList): void {
    out.clear();
    const p = this.params;
    const doc = this.scratch;
    const separator = p.analyzer === 'word' ? 1 : 0;
    const gram = doc.gram;
    let start = 0;
    for (let s = 0; s < doc.segmentEnds.length; s++) {
      const end = doc.segmentEnds.data[s];
      // As in tfidf: a padded char_wb word shorter than ngramMin counts once, whole.
      const whole = p.analyzer === 'char_wb' && end - start < p.ngramMin;
      for (let i = start; i < end; i++) {
        const last = whole ? end : Math.min(end, i + p.ngramMax);
        let length = 0;
        for (let j = i; j < last; j++) {
          if (j > i && separator) gram.bytes[length++] = 32;
          length = gram.append(doc, j, length);
          if (whole ? j === end - 1 : j - i + 1 >= p.ngramMin) out.push(this.column(gram.bytes, length, nFeatures));
        }
        if (whole) break;
      }
      start = end;
    }
  }

  /** scikit-learn's index and sign rule, including its special case for h = -2^31. */
  private column(bytes: Uint8Array, length: number, nFeatures: number): number {
    const h = murmurhash3(bytes, length, 0);
    const col = h === -2147483648 ? (2147483647 - (nFeatures - 1)) % nFeatures : Math.abs(h) % nFeatures;
    return col * 2 + (this.params.alternateSign && h < 0 ? 1 : 0);
  }
}

/** One document's tokens as UTF-8 byte ranges in one reusable pool. */
class DocumentBytes {
  pool = new Uint8Array(4096);
  poolLength = 0;
  readonly tokenStart = new IntList();
  readonly tokenEnd = new IntList();
  readonly segmentEnds = new IntList(64);
  readonly gram = new GramBytes();
  private readonly encoder = new TextEncoder();

  clear(): void {
    this.poolLength = 0;
    this.tokenStart.clear();
    this.tokenEnd.clear();
    this.segmentEnds.clear();
  }

  addToken(token: string): void {
    this.reserve(token.length * 3);
    const { written } = this.encoder.encodeInto(token, this.pool.subarray(this.poolLength));
    this.tokenStart.push(this.poolLength);
    this.poolLength += written;
    this.tokenEnd.push(this.poolLength);
  }

  addCodePoint(cp: number): void {
    this.reserve(4);
    this.tokenStart.push(this.poolLength);
    this.poolLength = writeUtf8(cp, this.pool, this.poolLength);
    this.tokenEnd.push(this.poolLength);
  }

  endSegment(): void {
    this.segmentEnds.push(this.tokenStart.length);
  }

  private reserve(bytes: number): void {
    if (this.poolLength + bytes <= this.pool.length) return;
    const pool = new Uint8Array(Math.max(this.pool.length * 2, this.poolLength + bytes));
    pool.set(this.pool.subarray(0, this.poolLength));
    this.pool = pool;
  }
}

/** The bytes of the n-gram being hashed. */
class GramBytes {
  bytes = new Uint8Array(256);

  /** Appends token j of `doc` at `length`; returns the new length. */
  append(doc: DocumentBytes, j: number, length: number): number {
    const from = doc.tokenStart.data[j];
    const to = doc.tokenEnd.data[j];
    if (length + (to - from) + 1 > this.bytes.length) {
      const bytes = new Uint8Array(Math.max(this.bytes.length * 2, length + (to - from) + 1));
      bytes.set(this.bytes.subarray(0, length));
      this.bytes = bytes;
    }
    this.bytes.set(doc.pool.subarray(from, to), length);
    return length + (to - from);
  }
}

/** UTF-8 encoding of one code point (a lone surrogate as its 3-byte form, as Python's surrogatepass would). */
function writeUtf8(cp: number, out: Uint8Array, at: number): number {
  if (cp < 0x80) {
    out[at] = cp;
    return at + 1;
  }
  if (cp < 0x800) {
    out[at] = 0xc0 | (cp >> 6);
    out[at + 1] = 0x80 | (cp & 63);
    return at + 2;
  }
  if (cp < 0x10000) {
    out[at] = 0xe0 | (cp >> 12);
    out[at + 1] = 0x80 | ((cp >> 6) & 63);
    out[at + 2] = 0x80 | (cp & 63);
    return at + 3;
  }
  out[at] = 0xf0 | (cp >> 18);
  out[at + 1] = 0x80 | ((cp >> 12) & 63);
  out[at + 2] = 0x80 | ((cp >> 6) & 63);
  out[at + 3] = 0x80 | (cp & 63);
  return at + 4;
}

defineComponent({
  role: 'feature',
  kind: 'hashing',
  description: 'Hashing vectoriser (scikit-learn HashingVectorizer semantics, MurmurHash3): word or character n-grams into 2^k signed columns, no vocabulary; sparse output.',
  accepts: ['text'],
  nonNegativeOutput: (params) => params.alternateSign === false,
  params: HASHING_SCHEMA,
  validate: (params) => validateHashingParams(params),
  create: (params) => new HashingVectorizer(params),
  load: (params, state) => HashingVectorizer.load(params, state),
});
