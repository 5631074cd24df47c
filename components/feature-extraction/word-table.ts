/**
 * Word -> id table keyed by a range of a larger string, so the tokenizer can look words up
 * without slicing a new string per token (a Map<string, number> spent most of tf-idf's time
 * allocating and hashing those slices). Open addressing over word ids; words are kept as
 * UTF-16 code units in one pool.
 */
import { growInt32 } from './int-list.js';

/** FNV-1a step over one UTF-16 code unit; the tokenizer folds it while it scans a word. */
export function hashStep(h: number, codeUnit: number): number {
  return Math.imul(h ^ codeUnit, 0x01000193);
}

export const HASH_SEED = 0x811c9dc5 | 0;

export function hashOf(word: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < word.length; i++) h = hashStep(h, word.charCodeAt(i));
  return h;
}

/**
 * What the word tokenizer looks words up in: a WordTable, or the read-only column table of a
 * compiled scorer (components/compiled/column-table.ts). `h` is the hash of text[from, to).
 */
export interface WordLookup {
  /** The id of text[from, to), or -1. */
  find(text: string, from: number, to: number, h: number): number;
  /** Its id, added first when missing; a read-only table answers as `find`. */
  findOrAdd(text: string, from: number, to: number, h: number): number;
}

/** Ints per hash-table slot (see WordTable.slots). */
const SLOT = 4;

export class WordTable implements WordLookup {
  private pool: Uint16Array;
  private poolLength = 0;
  /** Per word, where it starts in the pool and its length (for wordOf; lookups read the slot's copy). */
  private span: Int32Array;
  private strings: (string | undefined)[] = [];
  /**
   * SLOT ints per slot: word id + 1 (0 = empty), the word's hash, its pool start and length.
   * A lookup reads one slot and the pool: in a server the table is out of cache at each
   * request, and per-word arrays beside the slots cost a cache miss more per token.
   */
  private slots: Int32Array;
  private mask: number;
  size = 0;

  /**
   * Sized for `words` words of `codeUnits` UTF-16 units in all, so a table built from a known
   * vocabulary (a model being loaded) never grows: growing leaves the old arrays as garbage.
   */
  constructor(words = 1024, codeUnits = 1 << 16) {
    this.pool = new Uint16Array(Math.max(1, codeUnits));
    this.span = new Int32Array(2 * Math.max(1, words));
    const capacity = powerOfTwoAtLeast(2 * Math.max(1, words));
    this.slots = new Int32Array(SLOT * capacity);
    this.mask = capacity - 1;
  }

  /** The id of text[from, to), or -1. `h` is the hash of that range. */
  find(text: string, from: number, to: number, h: number): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = mixHash(h) & mask; ; i = (i + 1) & mask) {
      const at = SLOT * i;
      const slot = slots[at];
      if (slot === 0) return -1;
      if (slots[at + 1] === h && this.equals(at, text, from, to)) return slot - 1;
    }
  }

  findOrAdd(text: string, from: number, to: number, h: number): number {
    let i = mixHash(h) & this.mask;
    for (; ; i = (i + 1) & this.mask) {
      const slot = this.slots[SLOT * i];
      if (slot === 0) break;
      if (this.slots[SLOT * i + 1] === h && this.equals(SLOT * i, text, from, to)) return slot - 1;
    }
    const id = this.size++;
    if (2 * id >= this.span.length) this.span = growInt32(this.span, 2 * id + 2);
    const n = to - from;
    if (this.poolLength + n > this.pool.length) {
      const pool = new Uint16Array(Math.max(this.pool.length * 2, this.poolLength + n));
      pool.set(this.pool);
      this.pool = pool;
    }
    for (let k = 0; k < n; k++) this.pool[this.poolLength + k] = text.charCodeAt(from + k);
    this.span[2 * id] = this.poolLength;
    this.span[2 * id + 1] = n;
    this.poolLength += n;
    const at = SLOT * i;
    this.slots[at] = id + 1;
    this.slots[at + 1] = h;
    this.slots[at + 2] = this.span[2 * id];
    this.slots[at + 3] = n;
    if (this.size * 2 > this.mask + 1) this.rehash(2 * (this.mask + 1));
    return id;
  }

  /**
   * Trims the arrays to the words held and lets the hash table fill up to 3/4: a table that
   * is only read from now on (a loaded model's vocabulary) needs no room to grow.
   */
  compact(): this {
    this.pool = this.pool.slice(0, this.poolLength);
    this.span = this.span.slice(0, 2 * this.size);
    const capacity = powerOfTwoAtLeast(Math.ceil((4 * Math.max(1, this.size)) / 3));
    if (capacity < this.mask + 1) this.rehash(capacity);
    return this;
  }

  add(word: string): number {
    return this.findOrAdd(word, 0, word.length, hashOf(word));
  }

  wordOf(id: number): string {
    let s = this.strings[id];
    if (s === undefined) {
      const codes = this.pool.subarray(this.span[2 * id], this.span[2 * id] + this.span[2 * id + 1]);
      s = '';
      // Chunked so a very long token cannot exceed the argument-count limit.
      for (let k = 0; k < codes.length; k += 8192) s += String.fromCharCode(...codes.subarray(k, k + 8192));
      this.strings[id] = s;
    }
    return s;
  }

  /** Whether the word in the slot at `at` is text[from, to). */
  private equals(at: number, text: string, from: number, to: number): boolean {
    const n = to - from;
    if (this.slots[at + 3] !== n) return false;
    const base = this.slots[at + 2];
    for (let k = 0; k < n; k++) if (this.pool[base + k] !== text.charCodeAt(from + k)) return false;
    return true;
  }


  private rehash(capacity: number): void {
    const slots = new Int32Array(SLOT * capacity);
    const mask = capacity - 1;
    const old = this.slots;
    for (let s = 0; s < old.length; s += SLOT) {
      if (old[s] === 0) continue;
      let i = mixHash(old[s + 1]) & mask;
      while (slots[SLOT * i] !== 0) i = (i + 1) & mask;
      for (let k = 0; k < SLOT; k++) slots[SLOT * i + k] = old[s + k];
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** FNV's low bits are weak for short keys: hash tables mix a hash with this before masking it. */
export function mixHash(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b);
  return h ^ (h >>> 16);
}

export function powerOfTwoAtLeast(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
