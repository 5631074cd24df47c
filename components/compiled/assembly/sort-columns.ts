/**
 * AssemblyScript (compiled with ./count-ascii-words.ts into one WebAssembly module by
 * `npm run build`): the distinct columns of a text put in increasing order, as the scorer
 * sums them (scikit-learn's sorted CSR rows), through a two-level bitmap instead of a
 * comparison sort.
 *
 * A comparison sort of ~120 columns mispredicts a branch at about every other comparison:
 * V8's sort of a typed array took ~3 us for 118 random columns, more than the rest of
 * counting. Here each column sets one bit, and the set bits are read back in order, skipping
 * empty 64-bit words by a summary bit per word: ~m + (the summary words in the columns' range)
 * steps, each without a data-dependent branch to mispredict but the loops' own.
 *
 * The bitmaps are all zero between calls: every bit set is cleared on the way out.
 */

/**
 * Sorts the `m` distinct columns (int32) at `columns` in place, with `bits` (one bit per column
 * of the vocabulary, zeroed, 64-bit words) and `summary` (one bit per word of `bits`, zeroed).
 * Returns false, leaving them as they were, when the columns spread over so many summary words
 * that scanning them would cost more than a comparison sort (a vocabulary of many millions).
 */
export function sortColumns(columns: usize, m: i32, bits: usize, summary: usize): bool {
  if (m < 2) return true;
  let low: u32 = u32.MAX_VALUE;
  let high: u32 = 0;
  for (let k: i32 = 0; k < m; k++) {
    const col = load<u32>(columns + (<usize>k << 2));
    const word = col >>> 6;
    const group = word >>> 6;
    if (group < low) low = group;
    if (group > high) high = group;
  }
  // ~m log m comparisons against one step per summary word in the range.
  if (high - low > <u32>(8 * m + 64)) return false;
  for (let k: i32 = 0; k < m; k++) {
    const col = load<u32>(columns + (<usize>k << 2));
    const word = col >>> 6;
    const at = bits + (<usize>word << 3);
    store<u64>(at, load<u64>(at) | (<u64>1 << <u64>(col & 63)));
    const group = summary + (<usize>(word >>> 6) << 3);
    store<u64>(group, load<u64>(group) | (<u64>1 << <u64>(word & 63)));
  }
  let out: usize = columns;
  for (let group = low; group <= high; group++) {
    const groupAt = summary + (<usize>group << 3);
    let words = load<u64>(groupAt);
    if (words == 0) continue;
    store<u64>(groupAt, 0);
    while (words != 0) {
      const word = (group << 6) | <u32>ctz(words);
      words &= words - 1;
      const at = bits + (<usize>word << 3);
      let set = load<u64>(at);
      store<u64>(at, 0);
      while (set != 0) {
        store<u32>(out, (word << 6) | <u32>ctz(set));
        out += 4;
        set &= set - 1;
      }
    }
  }
  return true;
}
