/**
 * Where each word of a text is and its hash, noted so that a ColumnTable can then find all of
 * them in one batch (ColumnTable.findMany), with their cache misses overlapping instead of
 * each word's waiting on the tokenizer's next word.
 *
 * As a WordLookup it is filled by wordTokens; an ASCII text held as bytes is cut by
 * `scanAscii`, the same rule read from a byte array: V8 reads a typed array's element for
 * less than a string's charCodeAt, and the bytes serve the word comparisons after.
 */
import { ASCII_WORD } from '../feature-extraction/text-analyzers.js';
import { HASH_SEED, hashStep, type WordLookup } from '../feature-extraction/word-table.js';

export class WordSpans implements WordLookup {
  /** Word q is text[starts[q], ends[q]) with hash hashes[q], for q < length. */
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  hashes = new Int32Array(256);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  /** Notes text[from, to) and answers its ordinal among the words noted since `clear`. */
  find(_text: string, from: number, to: number, h: number): number {
    if (this.length === this.starts.length) this.reserve(this.length + 1);
    const q = this.length++;
    this.starts[q] = from;
    this.ends[q] = to;
    this.hashes[q] = h;
    return q;
  }

  findOrAdd(text: string, from: number, to: number, h: number): number {
    return this.find(text, from, to, h);
  }

  /**
   * Notes the words of bytes[0, n), an ASCII text one code unit per byte, as wordTokens
   * would note them from the string: maximal runs of at least two word characters.
   */
  scanAscii(bytes: Uint8Array, n: number): void {
    // A word takes two bytes and a separator, so room for this many is room for all: the
    // loop then stores without a capacity check per word.
    this.reserve(this.length + Math.floor(n / 3) + 1);
    const { starts, ends, hashes } = this;
    let q = this.length;
    let i = 0;
    while (i < n) {
      let c = bytes[i];
      if (ASCII_WORD[c] !== 1) {
        i++;
        continue;
      }
      const start = i;
      let h = HASH_SEED;
      do {
        h = hashStep(h, c);
        i++;
      } while (i < n && ASCII_WORD[(c = bytes[i])] === 1);
      if (i - start >= 2) {
        starts[q] = start;
        ends[q] = i;
        hashes[q] = h;
        q++;
      }
      // bytes[i] ended the word, so it is no word character.
      i++;
    }
    this.length = q;
  }

  private reserve(capacity: number): void {
    if (capacity <= this.starts.length) return;
    const size = Math.max(capacity, 2 * this.starts.length);
    const grow = (old: Int32Array) => {
      const next = new Int32Array(size);
      next.set(old.subarray(0, this.length));
      return next;
    };
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
    this.hashes = grow(this.hashes);
  }
}
