/**
 * AssemblyScript (compiled to WebAssembly by `npm run build`, not by tsc): ColumnTable's
 * countAscii as a WebAssembly function, for the compiled scorer's hot loop. The same
 * algorithm, the same table layout (see ../column-table.ts) and the same hash; only faster:
 * WebAssembly reads bytes and records without the bounds checks and tagged-number handling a
 * JavaScript loop over typed arrays pays for, about 2.5x the speed on a 1.1 KB message.
 *
 * Everything lives in the memory the caller (ColumnTable) passes in; the function allocates
 * nothing and keeps no state between calls. Offsets are in bytes.
 */

import { ASCII8_AT, COUNT_AT, INLINE_UNITS, LENGTH_AT, RECORD_SHIFT, STAMP_AT, TAIL_AT, UNITS_AT } from './record-layout';

const HASH_SEED: u32 = 0x811c9dc5;
const HASH_PRIME: u32 = 0x01000193;

/** word-table.ts's mixHash: spreads a word's hash over the index's slots. */
function mixHash(h: u32): u32 {
  h ^= h >>> 16;
  h = h * 0x45d9f3b;
  return h ^ (h >>> 16);
}

/**
 * Whether column `col`'s word equals the `n` (>= 1) bytes at `at` (its length is known to be
 * n): the first 8 as one 64-bit comparison, the rest unit by unit. Reads up to 8 bytes from
 * `at` whatever n is; the caller's memory has room past every text. Inlined: binaryen left it a
 * function, and its call for each word cost ~0.5 us a message.
 */
// @ts-ignore: decorator
@inline
function equalsBytes(records: usize, tail: usize, col: i32, at: usize, n: i32): bool {
  const record = records + (<usize>col << RECORD_SHIFT);
  const first = load<u64>(at) & select<u64>((<u64>1 << (<u64>n << 3)) - 1, <u64>-1, n < 8);
  if (first != load<u64>(record + ASCII8_AT)) return false;
  const tailAt = load<i32>(record + TAIL_AT) - INLINE_UNITS;
  for (let k = 8; k < n; k++) {
    const unit = k < INLINE_UNITS ? load<u16>(record + UNITS_AT + (<usize>k << 1)) : load<u16>(tail + (<usize>(tailAt + k) << 1));
    if (unit != <u16>load<u8>(at + k)) return false;
  }
  return true;
}

/** The column of the `n` bytes at `at`, or -1: a full probe, for words whose first hash match was another word. */
function findBytes(index: usize, mask: u32, records: usize, tail: usize, at: usize, n: i32): i32 {
  let h = HASH_SEED;
  for (let k = 0; k < n; k++) h = (h ^ load<u8>(at + k)) * HASH_PRIME;
  let slot = mixHash(h) & mask;
  while (true) {
    const entry = load<i32>(index + (<usize>slot << 3));
    if (entry == 0) return -1;
    const col = entry - 1;
    if (
      load<u32>(index + (<usize>slot << 3) + 4) == h &&
      load<i32>(records + (<usize>col << RECORD_SHIFT) + LENGTH_AT) == n &&
      equalsBytes(records, tail, col, at, n)
    ) {
      return col;
    }
    slot = (slot + 1) & mask;
  }
}

/**
 * Counts the words of the `n` ASCII bytes at `text` into the records, as ColumnTable.countAscii
 * does: bytes mapped through the 256-byte table at `wordByte` (0 = separator, else the byte as
 * the vocabulary spells it, written back), words of two or more bytes, each counted in its
 * record under `generation`. Writes the columns counted for the first time in this text to
 * `distinct`, in the order first seen, and returns how many (./sort-columns.ts sorts them).
 * `words` is scratch for 3 int32 per word (n / 3 + 1 words).
 */
export function countAsciiWords(
  text: usize,
  n: i32,
  wordByte: usize,
  index: usize,
  mask: u32,
  records: usize,
  tail: usize,
  generation: i32,
  words: usize,
  distinct: usize,
): i32 {
  // Pass 1: cut and hash every word.
  let q: i32 = 0;
  let i: i32 = 0;
  while (i < n) {
    let c = load<u8>(wordByte + load<u8>(text + i));
    if (c == 0) {
      i++;
      continue;
    }
    const start = i;
    let h = HASH_SEED;
    while (true) {
      store<u8>(text + i, c);
      h = (h ^ c) * HASH_PRIME;
      i++;
      if (i >= n) break;
      c = load<u8>(wordByte + load<u8>(text + i));
      if (c == 0) break;
    }
    if (i - start >= 2) {
      const word = words + <usize>q * 12;
      store<u32>(word, h);
      store<i32>(word + 4, start);
      store<i32>(word + 8, i - start);
      q++;
    }
    // text[i] ended the word, so it is no word character.
    i++;
  }
  // The tables are mostly out of cache in a server (other work runs between requests), and a
  // cache miss waits ~100 ns: the next two loops only read, one word after another with
  // nothing else to wait on, so the misses of many words are in flight at once. (Inside the
  // scan, a mispredicted word boundary cut that short; ~1.3 us less per request, cache cold.)
  // Each word's index slot: its hash becomes the candidate column (-1: not in the vocabulary).
  for (let k: i32 = 0; k < q; k++) {
    const word = words + <usize>k * 12;
    const wordHash = load<u32>(word);
    let slot = mixHash(wordHash) & mask;
    let entry = load<i32>(index + (<usize>slot << 3));
    while (entry != 0 && load<u32>(index + (<usize>slot << 3) + 4) != wordHash) {
      slot = (slot + 1) & mask;
      entry = load<i32>(index + (<usize>slot << 3));
    }
    store<i32>(word, entry - 1);
  }
  // Each candidate's record, read once before pass 2 checks and counts it. The reads' OR is
  // stored (where `distinct` is written next) only so that no optimiser drops them.
  let touched: i32 = 0;
  for (let k: i32 = 0; k < q; k++) {
    const col = load<i32>(words + <usize>k * 12);
    touched |= load<i32>(records + (<usize>select<i32>(col, 0, col >= 0) << RECORD_SHIFT) + LENGTH_AT);
  }
  store<i32>(distinct, touched);
  // Pass 2: check each candidate's record (now in cache) and count.
  let counted: i32 = 0;
  for (let k: i32 = 0; k < q; k++) {
    const word = words + <usize>k * 12;
    let col = load<i32>(word);
    if (col < 0) continue;
    const at = text + <usize>load<i32>(word + 4);
    const length = load<i32>(word + 8);
    let record = records + (<usize>col << RECORD_SHIFT);
    if (load<i32>(record + LENGTH_AT) != length || !equalsBytes(records, tail, col, at, length)) {
      col = findBytes(index, mask, records, tail, at, length);
      if (col < 0) continue;
      record = records + (<usize>col << RECORD_SHIFT);
    }
    // Without a branch: whether a word is new to the text is as unpredictable as the text.
    const seen = load<i32>(record + STAMP_AT) == generation;
    store<i32>(record + STAMP_AT, generation);
    store<i32>(record + COUNT_AT, select<i32>(load<i32>(record + COUNT_AT) + 1, 1, seen));
    store<i32>(distinct + (<usize>counted << 2), col);
    counted += i32(!seen);
  }
  return counted;
}
