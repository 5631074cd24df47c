/**
 * Text analyzers for the tf-idf vectoriser: they cut a document into segments of integer
 * tokens, and n-grams are then taken inside each segment.
 *
 * - word:    one segment per document; tokens are ids of words, a word being a maximal run of
 *            at least two Unicode letters/digits/underscores (scikit-learn's `(?u)\b\w\w+\b`).
 * - char:    one segment per document; tokens are code points, with runs of two or more
 *            whitespace characters collapsed to one space.
 * - char_wb: one segment per whitespace-separated word, padded with a space on each side.
 *
 * Other word tokenizers (stemming, kuromoji) plug in as a `WordSource` (./word-tokenizers.ts).
 *
 * Tokens are written into one reusable buffer and words are looked up by range, so the hot
 * loop allocates nothing per token.
 */
import { IntList } from './int-list.js';
import type { WordSource } from './word-tokenizers.js';
import { HASH_SEED, hashStep, type WordLookup, type WordTable } from './word-table.js';

export type Analyzer = 'word' | 'char' | 'char_wb';

/** Reusable output of `analyze`: tokens of all segments back to back, and where each segment ends. */
export class TokenBuffer {
  readonly tokens = new IntList();
  readonly segmentEnds = new IntList(64);

  clear(): void {
    this.tokens.clear();
    this.segmentEnds.clear();
  }
}

const SPACE = 32;

/**
 * Fills `out` with the segments of `text` (already lower-cased if asked). Words missing from
 * `words` are added when `addWords`, otherwise they become token -1, which no n-gram crosses.
 */
export function analyze(text: string, analyzer: Analyzer, words: WordTable, addWords: boolean, out: TokenBuffer, wordSource?: WordSource): void {
  out.clear();
  if (analyzer === 'word' && wordSource) wordSource.tokens(text, words, addWords, out);
  else if (analyzer === 'word') wordTokens(text, words, addWords, out);
  else if (analyzer === 'char') charTokens(text, out);
  else charWbTokens(text, out);
}

/**
 * Appends one segment of regex word tokens (`(?u)\b\w\w+\b`) to `out`. The hot loop of
 * tf-idf training and of every served prediction: each code unit is read once and hashed as
 * the word is scanned, and ASCII is classified by table lookup without a call.
 * test/unit/components/word-tokens-equivalence.test.ts holds it to the earlier version.
 */
export function wordTokens(text: string, words: WordLookup, addWords: boolean, out: TokenBuffer): void {
  const n = text.length;
  const tokens = out.tokens;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    let width = c < 128 ? ASCII_WORD[c] : nonAsciiWordWidth(text, i);
    if (width === 0) {
      i++;
      continue;
    }
    const start = i;
    let codePoints = 0;
    let h = HASH_SEED;
    for (;;) {
      h = hashStep(h, c);
      if (width === 2) h = hashStep(h, text.charCodeAt(i + 1));
      codePoints++;
      i += width;
      if (i >= n) break;
      c = text.charCodeAt(i);
      width = c < 128 ? ASCII_WORD[c] : nonAsciiWordWidth(text, i);
      if (width === 0) break;
    }
    // Python counts code points, so one astral letter is a one-character word and is dropped.
    if (codePoints >= 2) tokens.push(addWords ? words.findOrAdd(text, start, i, h) : words.find(text, start, i, h));
    // text[i] ended the word, so it is no word character: step over it (a lone code unit, as above).
    i++;
  }
  out.segmentEnds.push(tokens.length);
}

/** UTF-16 width of the non-ASCII word character at `i`, or 0 if it is not one. */
function nonAsciiWordWidth(text: string, i: number): number {
  const cp = codePointAt(text, i);
  return isWordChar(cp) ? (cp > 0xffff ? 2 : 1) : 0;
}

function charTokens(text: string, out: TokenBuffer): void {
  let pendingSpace = -1;
  let spaceRun = 0;
  for (let i = 0; i < text.length; ) {
    const cp = codePointAt(text, i);
    i += cp > 0xffff ? 2 : 1;
    if (isWhitespace(cp)) {
      pendingSpace = cp;
      spaceRun++;
      continue;
    }
    // scikit-learn collapses runs of two or more whitespace characters; a single one is kept as is.
    if (spaceRun > 0) out.tokens.push(spaceRun > 1 ? SPACE : pendingSpace);
    spaceRun = 0;
    out.tokens.push(cp);
  }
  if (spaceRun > 0) out.tokens.push(spaceRun > 1 ? SPACE : pendingSpace);
  out.segmentEnds.push(out.tokens.length);
}

function charWbTokens(text: string, out: TokenBuffer): void {
  let inWord = false;
  for (let i = 0; i < text.length; ) {
    const cp = codePointAt(text, i);
    i += cp > 0xffff ? 2 : 1;
    if (isWhitespace(cp)) {
      if (inWord) {
        out.tokens.push(SPACE);
        out.segmentEnds.push(out.tokens.length);
        inWord = false;
      }
      continue;
    }
    if (!inWord) {
      out.tokens.push(SPACE);
      inWord = true;
    }
    out.tokens.push(cp);
  }
  if (inWord) {
    out.tokens.push(SPACE);
    out.segmentEnds.push(out.tokens.length);
  }
}

/** Code point at a UTF-16 index; a lone surrogate stands for itself. */
function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c < 0xdc00 && i + 1 < text.length ? text.codePointAt(i)! : c;
}

/** The code points of a term, in the token alphabet of the char analyzers. */
export function codePointsOf(term: string): number[] {
  const cps: number[] = [];
  for (const ch of term) cps.push(ch.codePointAt(0)!);
  return cps;
}

// ---- character classes, matching Python's `\w` and `str.isspace` -------------------------

/** 1 for the ASCII code units that are word characters (`\w`), else 0. */
export const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_WORD[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 ? 1 : 0;
}

/** Per code point, filled lazily: 0 = not yet known, 1 = word character, 2 = not. The Unicode regex is too slow per character. */
let unicodeWord: Uint8Array | undefined;
const WORD_RE = /^[\p{L}\p{N}_]$/u;

function isWordChar(cp: number): boolean {
  if (cp < 128) return ASCII_WORD[cp] === 1;
  unicodeWord ??= new Uint8Array(0x110000);
  let known = unicodeWord[cp];
  if (known === 0) {
    known = WORD_RE.test(String.fromCodePoint(cp)) ? 1 : 2;
    unicodeWord[cp] = known;
  }
  return known === 1;
}

/** Python's whitespace set (str.isspace / re's `\s`), which differs from JavaScript's `\s`. */
function isWhitespace(cp: number): boolean {
  if (cp <= 32) return cp === 32 || (cp >= 9 && cp <= 13) || (cp >= 28 && cp <= 31);
  if (cp < 0x85) return false;
  return (
    cp === 0x85 || cp === 0xa0 || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000
  );
}
