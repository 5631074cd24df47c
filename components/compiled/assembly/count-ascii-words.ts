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

// Record layout (must match ../column-table.ts): 64 bytes per column.
const RECORD_SHIFT = 6;
const LENGTH_AT = 4; //     int32 [1]: word length in UTF-16 units
const TAIL_AT = 8; //       int32 [2]: where units past the inline ones start in the tail
const STAMP_AT = 12; //     int32 [3]: the text that last counted the word
const COUNT_AT = 60; //     int32 [15]: its count in that text
const ASCII8_AT = 32; //    int32 [8, 9]: the first 8 units as bytes, zero-padded (0 when not ASCII)
const UNITS_AT = 40; //     uint16 [20..]: the first INLINE_UNITS units
const INLINE_UNITS = 10;


/** word-table.ts's mixHash: spreads a word's hash over the index's slots. */
function mixHash(h: u32): u32 {
  h ^= h >>> 16;
  h = h * 0x45d9f3b;
  return h ^ (h >>> 16);
}

/**
 * Whether column `col`'s word equals the `n` (>= 1) bytes at `at` (its length is known to be
 * n): the first 8 as one 64-bit comparison, the rest unit by unit. Reads up to 8 bytes from
 * `at` whatever n is; the caller's memory has room past every text.
 */
function equalsBytes(records: usize, tail: usize, col: i32, at: usize, n: i32): bool {
  const record = records + (<usize>col << RECORD_SHIFT);
  let first = load<u64>(at);
  if (n < 8) first &= (<u64>1 << (<u64>n << 3)) - 1;
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
  const h = wordHash(at, n);
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

/** The index slot of the word with hash `h`: its column + 1, or 0 when no word of that hash is there. */
function probe(index: usize, mask: u32, h: u32): i32 {
  let slot = mixHash(h) & mask;
  let entry = load<i32>(index + (<usize>slot << 3));
  while (entry != 0 && load<u32>(index + (<usize>slot << 3) + 4) != h) {
    slot = (slot + 1) & mask;
    entry = load<i32>(index + (<usize>slot << 3));
  }
  return entry;
}

const HASH_LENGTH: u32 = 0x9e3779b1;
const HASH_GROUP: u32 = 0x85ebca77;

/**
 * column-table.ts's tableHash of the `n` (>= 1) ASCII bytes at `at`: the length, then the
 * bytes 4 at a time (little-endian, zero-padded), at least 2 groups. Words of up to 8 bytes
 * (most) take two masked 32-bit loads and no branch. Reads up to 7 bytes past the word.
 */
function wordHash(at: usize, n: i32): u32 {
  const first = n >= 4 ? <u32>0xffffffff : (<u32>1 << (<u32>n << 3)) - 1;
  const second = n >= 8 ? <u32>0xffffffff : n <= 4 ? <u32>0 : (<u32>1 << (<u32>(n - 4) << 3)) - 1;
  let h = <u32>n * HASH_LENGTH;
  h = rotl<u32>((h ^ (load<u32>(at) & first)) * HASH_GROUP, 13);
  h = rotl<u32>((h ^ (load<u32>(at + 4) & second)) * HASH_GROUP, 13);
  for (let k: i32 = 8; k < n; k += 4) {
    const left = n - k;
    const group = left >= 4 ? load<u32>(at + k) : load<u32>(at + k) & ((<u32>1 << (<u32>left << 3)) - 1);
    h = rotl<u32>((h ^ group) * HASH_GROUP, 13);
  }
  return h;
}

/** Notes the word text[start, end) (if of two or more bytes) as the q-th: its index candidate, start and length. Returns the new q. */
function noteWord(text: usize, start: i32, end: i32, index: usize, mask: u32, words: usize, q: i32): i32 {
  const length = end - start;
  if (length < 2) return q;
  const word = words + <usize>q * 12;
  store<i32>(word, probe(index, mask, wordHash(text + <usize>start, length)) - 1);
  store<i32>(word + 4, start);
  store<i32>(word + 8, length);
  return q + 1;
}

/**
 * Counts the words of the `n` ASCII bytes at `text` into the records, as ColumnTable.countAscii
 * does: words are maximal runs of two or more word characters (`\w`: letters, digits, _),
 * lower-cased in place when `lowercase`, each counted in its record under `generation`.
 * Writes the columns counted for the first time in this text to `distinct` and returns how
 * many. (They are sorted in JavaScript: V8's sort of a typed array took half the time of a
 * quicksort here.) `words` is scratch for 3 int32 per word (n / 3 + 1 words). Reads, and when
 * lower-casing writes, up to 63 bytes past the text.
 */
export function countAsciiWords(
  text: usize,
  n: i32,
  lowercase: bool,
  index: usize,
  mask: u32,
  records: usize,
  tail: usize,
  generation: i32,
  words: usize,
  distinct: usize,
): i32 {
  // Pass 1: classify 64 bytes at a time with SIMD into a bit mask of word characters, walk the
  // mask's transitions (word starts and ends) instead of branching on every byte, and read
  // each word's index slot, so that the slots' cache misses overlap.
  let q: i32 = 0;
  let inWord = false;
  let wordStart: i32 = 0;
  let before: u64 = 0; // 1 when the byte before this block of 64 is a word character
  for (let base: i32 = 0; base < n; base += 64) {
    let wordBits: u64 = 0;
    for (let b: i32 = 0; b < 4; b++) {
      const at = text + <usize>(base + (b << 4));
      const bytes = v128.load(at);
      // v | 0x20 folds A-Z onto a-z and moves no other byte into a-z.
      const letter = i8x16.lt_u(i8x16.sub(v128.or(bytes, i8x16.splat(0x20)), i8x16.splat(0x61)), i8x16.splat(26));
      const digit = i8x16.lt_u(i8x16.sub(bytes, i8x16.splat(0x30)), i8x16.splat(10));
      const underscore = i8x16.eq(bytes, i8x16.splat(0x5f));
      wordBits |= <u64>i8x16.bitmask(v128.or(v128.or(letter, digit), underscore)) << <u64>(b << 4);
      if (lowercase) {
        const upper = i8x16.lt_u(i8x16.sub(bytes, i8x16.splat(0x41)), i8x16.splat(26));
        v128.store(at, v128.or(bytes, v128.and(upper, i8x16.splat(0x20))));
      }
    }
    // Bytes past the text are not its own.
    const left = n - base;
    if (left < 64) wordBits &= (<u64>1 << <u64>left) - 1;
    // A set bit where the class changes: starts and ends alternate.
    let changes = wordBits ^ ((wordBits << 1) | before);
    before = wordBits >> 63;
    while (changes != 0) {
      const at = base + <i32>ctz(changes);
      changes &= changes - 1;
      if (inWord) q = noteWord(text, wordStart, at, index, mask, words, q);
      else wordStart = at;
      inWord = !inWord;
    }
  }
  if (inWord) q = noteWord(text, wordStart, n, index, mask, words, q);
  // Pass 2: check each candidate's record (its load now in flight or done) and count.
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
    if (load<i32>(record + STAMP_AT) == generation) {
      store<i32>(record + COUNT_AT, load<i32>(record + COUNT_AT) + 1);
    } else {
      store<i32>(record + STAMP_AT, generation);
      store<i32>(record + COUNT_AT, 1);
      store<i32>(distinct + (<usize>counted << 2), col);
      counted++;
    }
  }
  return counted;
}
