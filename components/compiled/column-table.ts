/**
 * Word -> tf-idf column table of a compiled scorer, laid out for a server whose tables are
 * out of cache at every request. One 64-byte record per column holds everything a word of a
 * request needs: its hash, its length, its first 16 UTF-16 units, its idf and one model
 * weight. A known word then costs one cache miss for its record (plus an 8-byte index slot),
 * where the general tf-idf path reads a hash slot, the word's characters, its idf and its
 * weight from four separate arrays.
 *
 * Record of column c (16 int32 = 8 float64 = 32 uint16 at 64 * c bytes):
 *   int32 [0] hash, [1] length in UTF-16 units, [2] where units past the 16th start in `tail`
 *   float64 [2] idf, [3] weight
 *   uint16 [16..31] the first 16 units
 */
import { hashOf, mixHash, powerOfTwoAtLeast, type WordLookup } from '../feature-extraction/word-table.js';
import type { WordSpans } from './word-spans.js';

const INTS = 16;
const FLOATS = 8;
const UNITS = 32;
const INLINE_UNITS = 16;
const UNITS_AT = 16;
/** findMany's mark for a word whose first hash match is another word. */
const COLLIDED = -2;

export class ColumnTable implements WordLookup {
  /** Two ints per slot: column + 1 (0 = empty) and the word's hash, checked before the record is read. */
  private readonly index: Int32Array;
  private readonly mask: number;
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;
  private readonly units: Uint16Array;
  /** Units past the 16th of longer words, back to back. */
  private readonly tail: Uint16Array;

  /**
   * @param words the column's word, one per column (distinct)
   * @param idf per column
   * @param weight per column (a binary linear model's coefficient), or none
   */
  constructor(words: readonly string[], idf: ArrayLike<number>, weight?: ArrayLike<number>) {
    const n = words.length;
    const records = new ArrayBuffer(64 * Math.max(1, n));
    this.ints = new Int32Array(records);
    this.floats = new Float64Array(records);
    this.units = new Uint16Array(records);
    let tailLength = 0;
    for (const w of words) tailLength += Math.max(0, w.length - INLINE_UNITS);
    this.tail = new Uint16Array(tailLength);
    // Under 5/8 full, so a word outside the vocabulary usually ends its probe within a slot or two.
    const capacity = powerOfTwoAtLeast(Math.ceil((8 * Math.max(1, n)) / 5));
    this.index = new Int32Array(2 * capacity);
    this.mask = capacity - 1;
    let tailAt = 0;
    for (let col = 0; col < n; col++) {
      const word = words[col];
      const h = hashOf(word);
      this.ints[INTS * col] = h;
      this.ints[INTS * col + 1] = word.length;
      this.ints[INTS * col + 2] = tailAt;
      this.floats[FLOATS * col + 2] = idf[col];
      this.floats[FLOATS * col + 3] = weight ? weight[col] : 0;
      for (let k = 0; k < word.length; k++) {
        if (k < INLINE_UNITS) this.units[UNITS * col + UNITS_AT + k] = word.charCodeAt(k);
        else this.tail[tailAt++] = word.charCodeAt(k);
      }
      let slot = mixHash(h) & this.mask;
      while (this.index[2 * slot] !== 0) {
        if (this.index[2 * slot + 1] === h && this.equals(this.index[2 * slot] - 1, word, 0, word.length)) {
          throw new Error(`column table: the word ${JSON.stringify(word)} names two columns`);
        }
        slot = (slot + 1) & this.mask;
      }
      this.index[2 * slot] = col + 1;
      this.index[2 * slot + 1] = h;
    }
  }

  /** The column of text[from, to), or -1. `h` is its hash (word-table.ts's hashStep over its units). */
  find(text: string, from: number, to: number, h: number): number {
    const index = this.index;
    const mask = this.mask;
    for (let slot = mixHash(h) & mask; ; slot = (slot + 1) & mask) {
      const entry = index[2 * slot];
      if (entry === 0) return -1;
      if (index[2 * slot + 1] === h && this.equals(entry - 1, text, from, to)) return entry - 1;
    }
  }

  /**
   * `find` for every word of `spans` (all of `text`), into out[0, spans.length). Done in
   * passes, so that the loads of different words, each likely a cache miss in a server, are in
   * flight together: first every word's index slot, then every candidate's record length,
   * then the characters, by then in cache. Word by word, each miss waited for the last.
   * `bytes`, when given, holds an ASCII `text` one code unit per byte, which the words are
   * then compared against (cheaper than charCodeAt).
   */
  findMany(text: string, spans: WordSpans, out: Int32Array, bytes?: Uint8Array): void {
    this.candidates(spans, out);
    const { starts, ends } = spans;
    for (let q = 0; q < spans.length; q++) {
      const col = out[q];
      if (col === COLLIDED || (col >= 0 && !(bytes ? this.equalsBytes(col, bytes, starts[q], ends[q]) : this.equals(col, text, starts[q], ends[q])))) {
        out[q] = this.find(text, starts[q], ends[q], spans.hashes[q]);
      }
    }
  }

  /**
   * findMany's first two passes: per word, the column whose index slot holds its hash (-1 for
   * none), then COLLIDED where that column's word has another length.
   */
  private candidates(spans: WordSpans, out: Int32Array): void {
    const n = spans.length;
    const starts = spans.starts;
    const ends = spans.ends;
    const hashes = spans.hashes;
    const { index, mask, ints } = this;
    for (let q = 0; q < n; q++) {
      const h = hashes[q];
      let slot = mixHash(h) & mask;
      let entry = index[2 * slot];
      while (entry !== 0 && index[2 * slot + 1] !== h) {
        slot = (slot + 1) & mask;
        entry = index[2 * slot];
      }
      out[q] = entry - 1;
    }
    for (let q = 0; q < n; q++) {
      const col = out[q];
      if (col >= 0 && ints[INTS * col + 1] !== ends[q] - starts[q]) out[q] = COLLIDED;
    }
  }

  /** Read-only: a word outside the vocabulary is -1, as for `find`. */
  findOrAdd(text: string, from: number, to: number, h: number): number {
    return this.find(text, from, to, h);
  }

  idf(col: number): number {
    return this.floats[FLOATS * col + 2];
  }

  weight(col: number): number {
    return this.floats[FLOATS * col + 3];
  }

  private equals(col: number, text: string, from: number, to: number): boolean {
    const n = to - from;
    if (this.ints[INTS * col + 1] !== n) return false;
    const units = this.units;
    const at = UNITS * col + UNITS_AT;
    const inline = n < INLINE_UNITS ? n : INLINE_UNITS;
    for (let k = 0; k < inline; k++) if (units[at + k] !== text.charCodeAt(from + k)) return false;
    const tailAt = this.ints[INTS * col + 2] - INLINE_UNITS;
    for (let k = INLINE_UNITS; k < n; k++) if (this.tail[tailAt + k] !== text.charCodeAt(from + k)) return false;
    return true;
  }

  /** `equals` for a word of known length (candidates checked it) in bytes, one per code unit. */
  private equalsBytes(col: number, bytes: Uint8Array, from: number, to: number): boolean {
    const n = to - from;
    const units = this.units;
    const at = UNITS * col + UNITS_AT;
    const inline = n < INLINE_UNITS ? n : INLINE_UNITS;
    for (let k = 0; k < inline; k++) if (units[at + k] !== bytes[from + k]) return false;
    const tailAt = this.ints[INTS * col + 2] - INLINE_UNITS;
    for (let k = INLINE_UNITS; k < n; k++) if (this.tail[tailAt + k] !== bytes[from + k]) return false;
    return true;
  }
}
