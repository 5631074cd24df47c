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
import { IntList } from '../feature-extraction/int-list.js';
import { HASH_SEED, hashStep, type WordLookup } from '../feature-extraction/word-table.js';

export class WordSpans implements WordLookup {
  readonly starts = new IntList(256);
  readonly ends = new IntList(256);
  readonly hashes = new IntList(256);

  get length(): number {
    return this.starts.length;
  }

  clear(): void {
    this.starts.clear();
    this.ends.clear();
    this.hashes.clear();
  }

  /** Notes text[from, to) and answers its ordinal among the words noted since `clear`. */
  find(_text: string, from: number, to: number, h: number): number {
    this.starts.push(from);
    this.ends.push(to);
    this.hashes.push(h);
    return this.starts.length - 1;
  }

  findOrAdd(text: string, from: number, to: number, h: number): number {
    return this.find(text, from, to, h);
  }

  /**
   * Notes the words of bytes[0, n), an ASCII text one code unit per byte, as wordTokens
   * would note them from the string: maximal runs of at least two word characters.
   */
  scanAscii(bytes: Uint8Array, n: number): void {
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
      if (i - start >= 2) this.find('', start, i, h);
      // bytes[i] ended the word, so it is no word character.
      i++;
    }
  }
}
