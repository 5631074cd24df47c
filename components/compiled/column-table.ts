/**
 * Word -> tf-idf column table of a compiled scorer, laid out for a server whose tables are
 * out of cache at every request. One 64-byte record per column holds everything a word of a
 * request needs: its hash, its length, its first 10 UTF-16 units, its idf, one model weight,
 * and the word's count in the text being scored. A known word then costs one cache miss for
 * its record (plus an 8-byte index slot), where the general tf-idf path reads a hash slot,
 * the word's characters, its idf, its weight and a counter from five separate arrays.
 *
 * Record of column c (16 int32 = 8 float64 = 32 uint16 at 64 * c bytes):
 *   int32 [0] hash, [1] length in UTF-16 units, [2] where units past the 10th start in `tail`,
 *         [3] the text (generation) that last counted the word,
 *         [8, 9] its first 8 units as bytes, little-endian, zero-padded (all zero when one is not
 *         ASCII: no ASCII word matches it then), which the kernel compares as one 64-bit number,
 *         [15] its count in that text
 *   float64 [2] idf, [3] weight
 *   uint16 [20..29] the first 10 units
 *
 * Counting in the record, stamped with the text's generation, replaces sorting every word of
 * the text and counting the runs: only the distinct words are sorted, and no counter is reset
 * between texts.
 *
 * The index, records and tail share one memory. When the WebAssembly kernel loads
 * (./column-table-kernel.ts), that memory is the kernel's, with room after the table for a text
 * of up to KERNEL_TEXT_BYTES and its scratch, and an ASCII text that fits is counted there
 * (`countAsciiText`); the JavaScript `countAscii` counts the others, and the string path the rest.
 * A request body of up to the same size fits there too: the kernel reads the text of a
 * single-record request from its bytes (`countJsonBodyText`), so the server need not parse it.
 * The kernel also sorts the distinct columns, whichever path counted them, by a bitmap rather
 * than by comparisons (assembly/sort-columns.ts).
 */
import { columnTableKernel, kernelMemory, type ColumnTableKernel } from './column-table-kernel.js';
import { growInt32 } from '../feature-extraction/int-list.js';
import { ASCII_WORD } from '../feature-extraction/text-analyzers.js';
import { HASH_SEED, hashStep, hashOf, mixHash, powerOfTwoAtLeast, type WordLookup } from '../feature-extraction/word-table.js';
import type { TfidfParams } from '../feature-extraction/tfidf.js';

const INTS = 16;
const FLOATS = 8;
const UNITS = 32;
const INLINE_UNITS = 10;
const UNITS_AT = 20;
const ASCII8 = 8;
const STAMP = 3;
const COUNT = 15;
/** Longest text the kernel counts (bytes); a longer one is counted in JavaScript. */
export const KERNEL_TEXT_BYTES = 64 * 1024;
/** Longest column name a JSON body's record may key its text by for countJsonBodyText (bytes). */
const KERNEL_KEY_BYTES = 256;
/** Words a text of n bytes can hold: a word takes two bytes and a separator. */
const wordsIn = (n: number) => Math.floor(n / 3) + 1;

/** Where the kernel's regions start in the table's memory (bytes). */
interface KernelLayout {
  run: ColumnTableKernel;
  text: Uint8Array;
  textAt: number;
  wordByteAt: number;
  words: number;
  distinctAt: number;
  distinct: Int32Array;
  /** sortColumns' bitmaps: a bit per column and a bit per 64-bit word of those, zero between calls. */
  bitsAt: number;
  summaryAt: number;
  /** The byte map last copied to wordByteAt. */
  wordByte?: Uint8Array;
  /** countJsonBodyText's regions: a request body of up to KERNEL_TEXT_BYTES, and the record's key. */
  body: Uint8Array;
  bodyAt: number;
  keyAt: number;
  /** The key last written to keyAt, and its length in bytes (-1: it cannot key the kernel's bodies). */
  key?: string;
  keyLength: number;
}

/** The two byte maps, as-is and lower-casing: built once, shared (read only). */
const WORD_BYTES = [false, true].map((lowercase) => {
  const map = new Uint8Array(256);
  for (let c = 0; c < 128; c++) if (ASCII_WORD[c] === 1) map[c] = lowercase && c >= 65 && c <= 90 ? c + 32 : c;
  return map;
});

/**
 * Each ASCII byte as the model's vocabulary spells it inside a word (lower-cased when the
 * model lower-cases), 0 for a byte that is no word character (`\w`). Bytes past ASCII never
 * reach it: only an all-ASCII text takes the byte path. The same array for every caller, so
 * the kernel copies it into its memory once, not once per text.
 */
export function asciiWordBytes(lowercase: boolean): Uint8Array {
  return WORD_BYTES[lowercase ? 1 : 0];
}

/** Sorts the first `m` columns of the kernel's `distinct` list in place; false (left as they were) when the bitmap gives way to a comparison sort. */
function sortKernelList(kernel: KernelLayout, m: number): boolean {
  return kernel.run.sortColumns(kernel.distinctAt, m, kernel.bitsAt, kernel.summaryAt) !== 0;
}

export class ColumnTable implements WordLookup {
  /** Two ints per slot: column + 1 (0 = empty) and the word's hash, checked before the record is read. */
  private readonly index: Int32Array;
  private readonly mask: number;
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;
  private readonly units: Uint16Array;
  /** Units past the 10th of longer words, back to back. */
  private readonly tail: Uint16Array;
  /** The current text's number; records stamped with another count nothing in it. */
  private generation = 0;
  /** The distinct columns counted in the current text, in the order first seen. */
  private distinctColumns = new Int32Array(256);
  private distinctCount = 0;
  /**
   * Whether the current text's columns are the kernel's `distinct` list (sorted) rather than
   * distinctColumns: after an ASCII text counted in the kernel they stay there, copied out only
   * if asked for (tfidfDot reads them in place).
   */
  private columnsInKernel = false;
  /** Whether distinctColumns[0, distinctCount) is in increasing order. */
  private sorted = true;
  /** countAscii's per-word scratch: hash then candidate column, start and end of each word. */
  private candidates = new Int32Array(256);
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private kernel?: KernelLayout;
  private readonly recordsAt: number;
  private readonly tailAt: number;
  /** Reused for texts the kernel does not take. */
  private bytes = new Uint8Array(4096);
  private readonly encoder = new TextEncoder();

  /**
   * @param words the column's word, one per column (distinct)
   * @param idf per column
   * @param weight per column (a binary linear model's coefficient), or none
   * @param options.kernel false to count in JavaScript even where the WebAssembly kernel loads
   */
  constructor(words: readonly string[], idf: ArrayLike<number>, weight?: ArrayLike<number>, options: { kernel?: boolean } = {}) {
    const n = words.length;
    let tailLength = 0;
    for (const w of words) tailLength += Math.max(0, w.length - INLINE_UNITS);
    // Under 5/8 full, so a word outside the vocabulary usually ends its probe within a slot or two.
    const capacity = powerOfTwoAtLeast(Math.ceil((8 * Math.max(1, n)) / 5));
    // [index | records | tail] from byte 0, then (with the kernel) the text, its byte map, word
    // scratch, distinct columns and the sort's two bitmaps.
    const recordsAt = 8 * capacity;
    const tailAt = recordsAt + 64 * Math.max(1, n);
    const tableBytes = tailAt + 8 * Math.ceil(tailLength / 4);
    const textAt = tableBytes;
    const wordByteAt = textAt + KERNEL_TEXT_BYTES;
    const wordsAt = wordByteAt + 256;
    const distinctAt = wordsAt + 12 * wordsIn(KERNEL_TEXT_BYTES);
    const bitsAt = 8 * Math.ceil((distinctAt + 4 * wordsIn(KERNEL_TEXT_BYTES)) / 8);
    const bitWords = Math.ceil(Math.max(1, n) / 64);
    const summaryAt = bitsAt + 8 * bitWords;
    const bodyAt = summaryAt + 8 * Math.ceil(bitWords / 64);
    const keyAt = bodyAt + KERNEL_TEXT_BYTES;
    const memory = options.kernel === false ? undefined : kernelMemory(keyAt + KERNEL_KEY_BYTES);
    const buffer = memory?.buffer ?? new ArrayBuffer(tableBytes);
    this.index = new Int32Array(buffer, 0, 2 * capacity);
    this.mask = capacity - 1;
    this.ints = new Int32Array(buffer, recordsAt, INTS * Math.max(1, n));
    this.floats = new Float64Array(buffer, recordsAt, FLOATS * Math.max(1, n));
    this.units = new Uint16Array(buffer, recordsAt, UNITS * Math.max(1, n));
    this.tail = new Uint16Array(buffer, tailAt, tailLength);
    const run = memory && columnTableKernel(memory);
    if (run) {
      this.kernel = {
        run,
        text: new Uint8Array(buffer, textAt, KERNEL_TEXT_BYTES),
        textAt,
        wordByteAt,
        words: wordsAt,
        distinctAt,
        distinct: new Int32Array(buffer, distinctAt, wordsIn(KERNEL_TEXT_BYTES)),
        bitsAt,
        summaryAt,
        body: new Uint8Array(buffer, bodyAt, KERNEL_TEXT_BYTES),
        bodyAt,
        keyAt,
        keyLength: -1,
      };
    }
    this.recordsAt = recordsAt;
    this.tailAt = tailAt;
    let tailFill = 0;
    for (let col = 0; col < n; col++) {
      const word = words[col];
      const h = hashOf(word);
      this.ints[INTS * col] = h;
      this.ints[INTS * col + 1] = word.length;
      this.ints[INTS * col + 2] = tailFill;
      this.floats[FLOATS * col + 2] = idf[col];
      this.floats[FLOATS * col + 3] = weight ? weight[col] : 0;
      let low = 0;
      let high = 0;
      let ascii = true;
      for (let k = 0; k < word.length; k++) {
        const unit = word.charCodeAt(k);
        if (k < INLINE_UNITS) this.units[UNITS * col + UNITS_AT + k] = unit;
        else this.tail[tailFill++] = unit;
        if (k < 8) {
          ascii &&= unit < 128;
          if (k < 4) low |= unit << (8 * k);
          else high |= unit << (8 * (k - 4));
        }
      }
      this.ints[INTS * col + ASCII8] = ascii ? low : 0;
      this.ints[INTS * col + ASCII8 + 1] = ascii ? high : 0;
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
    // A kernel built from another layout (a stale build) would count wrong without failing:
    // check it on some of the vocabulary, and count in JavaScript if it disagrees.
    if (this.kernel && !this.kernelCountsRight(words)) this.kernel = undefined;
  }

  /** Whether the kernel counts a text of up to 4 of the vocabulary's ASCII words, each twice, as `find` does. */
  private kernelCountsRight(words: readonly string[]): boolean {
    const sample: string[] = [];
    const step = Math.max(1, Math.floor(words.length / 8));
    for (let col = 0; col < words.length && sample.length < 8; col += step) {
      // `\w` without the u flag is ASCII only: [A-Za-z0-9_].
      if (/^\w{2,}$/.test(words[col])) sample.push(words[col], words[col]);
    }
    if (sample.length === 0) return true;
    const text = sample.join(' ');
    this.beginText();
    const counted = this.countAsciiText(text, asciiWordBytes(false)) ? Array.from(this.countedColumns()) : [];
    const right = sample.every((w) => {
      const col = this.find(w, 0, w.length, hashOf(w));
      return col >= 0 && counted.includes(col) && this.countOf(col) === 2;
    });
    this.beginText();
    return right && counted.length === sample.length / 2;
  }

  /** Whether ASCII texts are counted by the WebAssembly kernel. */
  get usesKernel(): boolean {
    return this.kernel !== undefined;
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

  // ---- counting the words of one text -----------------------------------------------------

  /** Starts a text: no column has been counted in it yet. */
  beginText(): void {
    this.distinctCount = 0;
    this.sorted = true;
    this.columnsInKernel = false;
    if (this.generation === 0x7fffffff) {
      // 2^31 texts later: clear the stamps so that no record's old stamp can equal a new one.
      for (let at = STAMP; at < this.ints.length; at += INTS) this.ints[at] = 0;
      this.generation = 0;
    }
    this.generation++;
  }

  /** Counts one more occurrence of column `col` (>= 0) in the current text. */
  count(col: number): void {
    const ints = this.ints;
    const at = INTS * col;
    if (ints[at + STAMP] === this.generation) {
      ints[at + COUNT]++;
      return;
    }
    ints[at + STAMP] = this.generation;
    ints[at + COUNT] = 1;
    this.takeColumnsFromKernel();
    this.sorted = false;
    if (this.distinctCount === this.distinctColumns.length) this.distinctColumns = growInt32(this.distinctColumns, this.distinctCount + 1);
    this.distinctColumns[this.distinctCount++] = col;
  }

  /** How often column `col` occurred in the current text (after `count`ing it at least once). */
  countOf(col: number): number {
    return this.ints[INTS * col + COUNT];
  }

  /** The distinct columns counted in the current text, in increasing order (a view, reused). */
  countedColumns(): Int32Array {
    this.takeColumnsFromKernel();
    const columns = this.distinctColumns.subarray(0, this.distinctCount);
    // Both the kernel and the JavaScript paths list the columns in order of first appearance.
    if (!this.sorted) {
      if (!this.sortInKernel(columns)) columns.sort();
      this.sorted = true;
    }
    return columns;
  }

  /**
   * bias + the current text's tf-idf row dotted with the records' weights, computed in the
   * kernel as the compiled scorer's JavaScript loop computes it (termValue, rowScale, then the
   * products summed in column order: the same bits); undefined without the kernel.
   */
  tfidfDot(bias: number, p: Pick<TfidfParams, 'sublinearTf' | 'useIdf' | 'norm'>): number | undefined {
    const kernel = this.kernel;
    if (!kernel) return undefined;
    if (!this.columnsInKernel) {
      const columns = this.countedColumns();
      if (columns.length > kernel.distinct.length) return undefined;
      kernel.distinct.set(columns);
    }
    return kernel.run.tfidfDot(kernel.distinctAt, this.distinctCount, this.recordsAt, bias, p.sublinearTf, p.useIdf, p.norm === 'l2');
  }

  /** Copies the current text's columns out of the kernel's list, where they stayed after countAsciiText. */
  private takeColumnsFromKernel(): void {
    if (!this.columnsInKernel) return;
    const n = this.distinctCount;
    if (this.distinctColumns.length < n) this.distinctColumns = growInt32(this.distinctColumns, n);
    this.distinctColumns.set(this.kernel!.distinct.subarray(0, n));
    this.columnsInKernel = false;
  }

  /** Sorts `columns` by the kernel's bitmap (assembly/sort-columns.ts) if it loaded and takes them. */
  private sortInKernel(columns: Int32Array): boolean {
    const kernel = this.kernel;
    if (!kernel || columns.length > kernel.distinct.length) return false;
    kernel.distinct.set(columns);
    if (!sortKernelList(kernel, columns.length)) return false;
    columns.set(kernel.distinct.subarray(0, columns.length));
    return true;
  }

  /**
   * Counts the words of `text` if it is all ASCII, as countAscii counts its bytes, and answers
   * whether it was; a text with other characters is left for the string path (wordTokens with
   * this table, then `count`). In the WebAssembly kernel when it loaded and the text fits.
   */
  countAsciiText(text: string, wordByte: Uint8Array): boolean {
    const kernel = this.kernel;
    if (kernel && text.length <= KERNEL_TEXT_BYTES) {
      // A non-ASCII unit takes two or more UTF-8 bytes, so then more bytes are written than units read.
      const { read, written } = this.encoder.encodeInto(text, kernel.text);
      if (read !== text.length || written !== text.length) return false;
      this.countKernelText(kernel, text.length, wordByte);
      return true;
    }
    if (this.bytes.length < text.length) this.bytes = new Uint8Array(Math.max(text.length, 2 * this.bytes.length));
    const { read, written } = this.encoder.encodeInto(text, this.bytes);
    if (read !== text.length || written !== text.length) return false;
    this.countAscii(this.bytes, text.length, wordByte);
    return true;
  }

  /**
   * Counts the text of a JSON request body `{"records": [{KEY: "…"}]}` of one record, one field,
   * and ASCII characters, read from the body's bytes in the kernel (assembly/single-text-body.ts),
   * as countAsciiText counts that text once JSON.parse has read it. False, with nothing counted,
   * for a body of any other shape, for a key that needs escaping, or without the kernel: then
   * the caller parses the body.
   */
  countJsonBodyText(body: Uint8Array, key: string, wordByte: Uint8Array): boolean {
    const kernel = this.kernel;
    if (!kernel || body.length > KERNEL_TEXT_BYTES) return false;
    if (kernel.key !== key) {
      kernel.key = key;
      // Printable ASCII without a quote or backslash: the only keys a body spells without escapes.
      const plain = key.length <= KERNEL_KEY_BYTES && /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(key);
      kernel.keyLength = plain ? this.encoder.encodeInto(key, new Uint8Array(kernel.body.buffer, kernel.keyAt, KERNEL_KEY_BYTES)).written : -1;
    }
    if (kernel.keyLength < 0) return false;
    kernel.body.set(body);
    const n = kernel.run.singleTextOfBody(kernel.bodyAt, body.length, kernel.keyAt, kernel.keyLength, kernel.textAt);
    if (n < 0) return false;
    this.countKernelText(kernel, n, wordByte);
    return true;
  }

  /** Counts the ASCII text of `n` bytes at the kernel's text region (countAsciiText's kernel path). */
  private countKernelText(kernel: KernelLayout, n: number, wordByte: Uint8Array): void {
    if (kernel.wordByte !== wordByte) {
      new Uint8Array(kernel.text.buffer, kernel.wordByteAt, 256).set(wordByte);
      kernel.wordByte = wordByte;
    }
    // Columns of an earlier text counted into this one: out of the list the kernel writes next.
    this.takeColumnsFromKernel();
    const counted = kernel.run.countAsciiWords(kernel.textAt, n, kernel.wordByteAt, 0, this.mask, this.recordsAt, this.tailAt, this.generation, kernel.words, kernel.distinctAt);
    // The usual case, the whole text counted in one call: sort the columns where the kernel wrote them, and leave them there.
    if (this.distinctCount === 0 && sortKernelList(kernel, counted)) {
      this.distinctCount = counted;
      this.columnsInKernel = true;
      this.sorted = true;
      return;
    }
    const total = this.distinctCount + counted;
    if (this.distinctColumns.length < total) this.distinctColumns = growInt32(this.distinctColumns, total);
    this.distinctColumns.set(kernel.distinct.subarray(0, counted), this.distinctCount);
    this.distinctCount = total;
    this.sorted = false;
  }

  /**
   * Counts the words of bytes[0, n), an ASCII text one code unit per byte, as wordTokens
   * would cut them from the string (maximal runs of at least two word characters), after
   * mapping each byte through `wordByte`: 0 for a separator, else the byte as the vocabulary
   * spells it (lower-cased when the model lower-cases). Mapped bytes are written back.
   *
   * In passes, so that the words' cache misses are in flight together rather than each
   * waiting for the last: the first cuts and hashes every word, the next reads each word's
   * index slot, the last checks the candidate's record and counts. (The kernel also reads every
   * candidate's record once before the last pass; see assembly/count-ascii-words.ts.)
   */
  countAscii(bytes: Uint8Array, n: number, wordByte: Uint8Array): void {
    const room = wordsIn(n);
    if (this.candidates.length < room) {
      this.candidates = new Int32Array(Math.max(room, 2 * this.candidates.length));
      this.starts = new Int32Array(this.candidates.length);
      this.ends = new Int32Array(this.candidates.length);
    }
    const { candidates, starts, ends, index, mask } = this;
    let q = 0;
    let i = 0;
    while (i < n) {
      let c = wordByte[bytes[i]];
      if (c === 0) {
        i++;
        continue;
      }
      const start = i;
      let h = HASH_SEED;
      do {
        bytes[i] = c;
        h = hashStep(h, c);
        i++;
      } while (i < n && (c = wordByte[bytes[i]]) !== 0);
      if (i - start >= 2) {
        candidates[q] = h;
        starts[q] = start;
        ends[q] = i;
        q++;
      }
      // bytes[i] ended the word, so it is no word character.
      i++;
    }
    // Each word's hash -> its index slot's column (-1: not in the vocabulary), word after word.
    for (let k = 0; k < q; k++) {
      const h = candidates[k];
      let slot = mixHash(h) & mask;
      let entry = index[2 * slot];
      while (entry !== 0 && index[2 * slot + 1] !== h) {
        slot = (slot + 1) & mask;
        entry = index[2 * slot];
      }
      candidates[k] = entry - 1;
    }
    const ints = this.ints;
    for (let k = 0; k < q; k++) {
      let col = candidates[k];
      if (col < 0) continue;
      if (ints[INTS * col + 1] !== ends[k] - starts[k] || !this.equalsBytes(col, bytes, starts[k], ends[k])) {
        // Another word with the same hash held the first matching slot: probe on (rare).
        col = this.findBytes(bytes, starts[k], ends[k]);
        if (col < 0) continue;
      }
      this.count(col);
    }
  }

  /** `find` for bytes[from, to) of an ASCII text. */
  private findBytes(bytes: Uint8Array, from: number, to: number): number {
    let h = HASH_SEED;
    for (let k = from; k < to; k++) h = hashStep(h, bytes[k]);
    const index = this.index;
    const mask = this.mask;
    for (let slot = mixHash(h) & mask; ; slot = (slot + 1) & mask) {
      const entry = index[2 * slot];
      if (entry === 0) return -1;
      const col = entry - 1;
      if (index[2 * slot + 1] === h && this.ints[INTS * col + 1] === to - from && this.equalsBytes(col, bytes, from, to)) return col;
    }
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

  /** `equals` for a word of known length (the caller checked it) in bytes, one per code unit. */
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
