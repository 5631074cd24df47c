/**
 * TF-IDF vectoriser with scikit-learn's TfidfVectorizer semantics (same tokens, n-grams,
 * document-frequency pruning, idf and normalisation), so models trained here score like
 * their Python counterparts. Fitted state is the sorted vocabulary and its idf weights.
 */
import { registerComponent } from '../core/component-table.js';
import { UserInputError } from '../core/errors.js';
import type { CsrMatrix } from '../core/matrix.js';
import type { ResolvedParams } from '../core/params.js';
import type { CellValue, FeatureExtractor, FitContext } from '../core/types.js';
import { NgramTrie, ROOT, growFloat64, growInt32 } from './ngram-trie.js';
import { TokenBuffer, analyze, codePointsOf, type Analyzer, type WordLookup } from './text-analyzers.js';

export interface TfidfParams {
  analyzer: Analyzer;
  ngramMin: number;
  ngramMax: number;
  lowercase: boolean;
  /** Keep terms found in at least this many training documents. */
  minDf: number;
  /** Drop terms found in more than this fraction of training documents. */
  maxDf: number;
  /** Keep only the most frequent terms (by corpus count); 0 = no limit. */
  maxFeatures: number;
  sublinearTf: boolean;
  useIdf: boolean;
  smoothIdf: boolean;
  norm: 'l2' | 'none';
}

export interface TfidfState {
  /** Sorted vocabulary; a term's index is its column. Word n-grams are joined by one space. */
  terms: string[];
  idf: number[];
}

export function validateTfidfParams(p: TfidfParams): string[] {
  return p.ngramMin <= p.ngramMax ? [] : [`ngramMin: must be <= ngramMax (${p.ngramMax}), got ${p.ngramMin}`];
}

export class TfidfVectorizer implements FeatureExtractor {
  private vocabulary: Vocabulary | undefined;

  constructor(readonly params: TfidfParams) {
    const problems = validateTfidfParams(params);
    if (problems.length > 0) throw new UserInputError(problems, 'invalid tfidf parameters');
  }

  static load(params: TfidfParams, state: unknown): TfidfVectorizer {
    const v = new TfidfVectorizer(params);
    const s = state as TfidfState;
    if (!Array.isArray(s?.terms) || !Array.isArray(s.idf) || s.terms.length !== s.idf.length) {
      throw new Error('tfidf: fitted state needs terms and idf arrays of equal length');
    }
    v.vocabulary = new Vocabulary(s.terms, Float64Array.from(s.idf), params.analyzer);
    return v;
  }

  get outputSize(): number {
    return this.fitted().terms.length;
  }

  fit(values: readonly CellValue[], _ctx: FitContext): void {
    const p = this.params;
    const nDocs = values.length;
    const words = new Map<string, number>();
    const wordList: string[] = [];
    const lookup: WordLookup = (w) => {
      let id = words.get(w);
      if (id === undefined) {
        id = wordList.length;
        words.set(w, id);
        wordList.push(w);
      }
      return id;
    };
    // Per n-gram node: documents containing it, corpus count, and the last document seen (+1).
    const trie = new NgramTrie();
    let df = new Int32Array(4096);
    let count = new Float64Array(4096);
    let lastDoc = new Int32Array(4096);
    const buffer = new TokenBuffer();
    for (let d = 0; d < nDocs; d++) {
      analyze(documentText(values[d], p.lowercase), p.analyzer, lookup, buffer);
      walkNgrams(buffer, p, (node, token) => trie.childOrAdd(node, token), (node) => {
        if (node >= df.length) {
          df = growInt32(df, node + 1);
          count = growFloat64(count, node + 1);
          lastDoc = growInt32(lastDoc, node + 1);
        }
        count[node]++;
        if (lastDoc[node] !== d + 1) {
          lastDoc[node] = d + 1;
          df[node]++;
        }
      });
    }

    const maxDocs = p.maxDf * nDocs;
    let kept: { term: string; node: number }[] = [];
    const separator = p.analyzer === 'word' ? ' ' : '';
    for (let node = 1; node < trie.size; node++) {
      // count 0 = only ever a prefix of longer n-grams, never a feature itself.
      if (count[node] === 0 || df[node] < p.minDf || df[node] > maxDocs) continue;
      const tokens = trie.tokensOf(node);
      const term = p.analyzer === 'word' ? tokens.map((t) => wordList[t]).join(separator) : String.fromCodePoint(...tokens);
      kept.push({ term, node });
    }
    if (kept.length === 0) {
      throw new UserInputError(
        `tfidf: no terms left from ${nDocs} documents (minDf ${p.minDf}, maxDf ${p.maxDf}); the column may be empty, or lower minDf / raise maxDf`,
      );
    }
    kept.sort((a, b) => compareTerms(a.term, b.term));
    if (p.maxFeatures > 0 && kept.length > p.maxFeatures) {
      // Array sort is stable, so equal counts keep their term order.
      kept = kept.sort((a, b) => count[b.node] - count[a.node]).slice(0, p.maxFeatures);
      kept.sort((a, b) => compareTerms(a.term, b.term));
    }
    const idf = new Float64Array(kept.length);
    const smooth = p.smoothIdf ? 1 : 0;
    for (let i = 0; i < kept.length; i++) {
      idf[i] = Math.log((nDocs + smooth) / (df[kept[i].node] + smooth)) + 1;
    }
    this.vocabulary = new Vocabulary(kept.map((k) => k.term), idf, p.analyzer);
  }

  transform(values: readonly CellValue[]): CsrMatrix {
    const vocab = this.fitted();
    const p = this.params;
    const nCols = vocab.terms.length;
    const rows = values.length;
    const counts = new Float64Array(nCols);
    const touched = new Int32Array(nCols);
    let nTouched = 0;
    const indptr = new Int32Array(rows + 1);
    let indices = new Int32Array(Math.max(1024, rows * 16));
    let data = new Float64Array(indices.length);
    let nnz = 0;
    const words = vocab.words;
    const lookup: WordLookup = (w) => words.get(w) ?? -1;
    const buffer = new TokenBuffer();
    const trie = vocab.trie;
    const column = vocab.column;
    const step = (node: number, token: number) => trie.child(node, token);
    const visit = (node: number) => {
      const col = column[node];
      if (col < 0) return;
      if (counts[col] === 0) touched[nTouched++] = col;
      counts[col]++;
    };
    for (let r = 0; r < rows; r++) {
      analyze(documentText(values[r], p.lowercase), p.analyzer, lookup, buffer);
      nTouched = 0;
      walkNgrams(buffer, p, step, visit);
      const cols = touched.subarray(0, nTouched).sort();
      if (nnz + nTouched > indices.length) {
        indices = growInt32(indices, nnz + nTouched);
        data = growFloat64(data, nnz + nTouched);
      }
      let sumSquares = 0;
      for (let k = 0; k < nTouched; k++) {
        const col = cols[k];
        let v = p.sublinearTf ? 1 + Math.log(counts[col]) : counts[col];
        if (p.useIdf) v *= vocab.idf[col];
        counts[col] = 0;
        indices[nnz + k] = col;
        data[nnz + k] = v;
        sumSquares += v * v;
      }
      if (p.norm === 'l2' && sumSquares > 0) {
        const scale = 1 / Math.sqrt(sumSquares);
        for (let k = 0; k < nTouched; k++) data[nnz + k] *= scale;
      }
      nnz += nTouched;
      indptr[r + 1] = nnz;
    }
    return { kind: 'csr', rows, cols: nCols, indptr, indices: indices.slice(0, nnz), values: data.slice(0, nnz) };
  }

  getState(): TfidfState {
    const v = this.fitted();
    return { terms: [...v.terms], idf: Array.from(v.idf) };
  }

  private fitted(): Vocabulary {
    if (!this.vocabulary) throw new Error('tfidf is not fitted');
    return this.vocabulary;
  }
}

/** The fitted vocabulary as a trie over the analyzer's tokens, for transform-time lookups. */
class Vocabulary {
  readonly trie = new NgramTrie();
  /** Column of each trie node; -1 for nodes that are only prefixes of vocabulary n-grams. */
  readonly column: Int32Array;
  /** Word -> token id (word analyzer only). */
  readonly words = new Map<string, number>();

  constructor(readonly terms: string[], readonly idf: Float64Array, analyzer: Analyzer) {
    const nodes = new Int32Array(terms.length);
    terms.forEach((term, col) => {
      const tokens = analyzer === 'word' ? term.split(' ').map((w) => this.wordId(w)) : codePointsOf(term);
      nodes[col] = this.trie.insert(tokens);
    });
    this.column = new Int32Array(this.trie.size).fill(-1);
    nodes.forEach((node, col) => (this.column[node] = col));
  }

  private wordId(word: string): number {
    let id = this.words.get(word);
    if (id === undefined) {
      id = this.words.size;
      this.words.set(word, id);
    }
    return id;
  }
}

/**
 * Calls `visit` for every n-gram of every segment, following scikit-learn: n-grams of
 * length ngramMin..ngramMax at each position; for char_wb a padded word shorter than
 * ngramMin counts once as a whole. `step` returns -1 when an n-gram cannot be extended.
 */
function walkNgrams(
  buffer: TokenBuffer,
  p: TfidfParams,
  step: (node: number, token: number) => number,
  visit: (node: number) => void,
): void {
  const tokens = buffer.tokens;
  const minN = p.ngramMin;
  const maxN = p.ngramMax;
  let start = 0;
  for (let s = 0; s < buffer.segments; s++) {
    const end = buffer.segmentEnds[s];
    if (p.analyzer === 'char_wb' && end - start < minN) {
      let node = ROOT;
      for (let i = start; i < end && node >= 0; i++) node = step(node, tokens[i]);
      if (node > ROOT) visit(node);
    } else {
      for (let i = start; i < end; i++) {
        let node = ROOT;
        const last = Math.min(end, i + maxN);
        for (let j = i; j < last; j++) {
          const token = tokens[j];
          if (token < 0) break;
          node = step(node, token);
          if (node < 0) break;
          if (j - i + 1 >= minN) visit(node);
        }
      }
    }
    start = end;
  }
}

function documentText(value: CellValue, lowercase: boolean): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return lowercase ? text.toLowerCase() : text;
}

/** Plain code-unit order: deterministic and locale-free (Python sorts by code point; they differ only above U+FFFF). */
function compareTerms(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

registerComponent({
  role: 'feature',
  kind: 'tfidf',
  description: 'TF-IDF bag of word or character n-grams (scikit-learn TfidfVectorizer semantics); sparse output.',
  accepts: ['text'],
  onnxExportable: true,
  params: {
    analyzer: { type: 'enum', default: 'word', choices: ['word', 'char', 'char_wb'], description: 'Word tokens, character n-grams, or character n-grams inside word boundaries.' },
    ngramMin: { type: 'int', default: 1, min: 1, max: 10, description: 'Shortest n-gram (words or characters).' },
    ngramMax: { type: 'int', default: 1, min: 1, max: 10, description: 'Longest n-gram.', search: { type: 'int', low: 1, high: 2 } },
    lowercase: { type: 'bool', default: true, description: 'Lower-case text before tokenizing.' },
    minDf: { type: 'int', default: 1, min: 1, description: 'Keep terms found in at least this many training documents.', search: { type: 'int', low: 1, high: 10, log: true } },
    maxDf: { type: 'float', default: 1, min: 0, exclusiveMin: true, max: 1, description: 'Drop terms found in more than this fraction of training documents.' },
    maxFeatures: { type: 'int', default: 0, min: 0, description: 'Keep only the most frequent terms; 0 = no limit.' },
    sublinearTf: { type: 'bool', default: false, description: 'Use 1 + ln(tf) instead of raw counts.', search: { type: 'categorical', choices: [true, false] } },
    useIdf: { type: 'bool', default: true, description: 'Weight terms by inverse document frequency.' },
    smoothIdf: { type: 'bool', default: true, description: 'Add one to document frequencies, as if one extra document held every term.' },
    norm: { type: 'enum', default: 'l2', choices: ['l2', 'none'], description: 'Scale each row to unit Euclidean length.' },
  },
  validate: (params) => validateTfidfParams(params as unknown as TfidfParams),
  create: (params: ResolvedParams) => new TfidfVectorizer(params as unknown as TfidfParams),
  load: (params: ResolvedParams, state: unknown) => TfidfVectorizer.load(params as unknown as TfidfParams, state),
});
