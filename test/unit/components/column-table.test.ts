/**
 * The compiled scorer's word table (components/compiled/column-table.ts): `find` must answer
 * every word's column, hash collisions included, and countAscii (JavaScript) and countAsciiText
 * (the WebAssembly kernel, for texts that fit it) must count an ASCII text's words exactly as
 * `find` over wordTokens' words of the string would, since the scorer takes the byte path for
 * every ASCII message.
 */
import { describe, expect, it } from 'vitest';
import { columnTableKernelAvailable } from '../../../components/compiled/column-table-kernel.js';
import { ColumnTable, KERNEL_TEXT_BYTES } from '../../../components/compiled/column-table.js';
import { ASCII_WORD, TokenBuffer, wordTokens } from '../../../components/feature-extraction/text-analyzers.js';
import { rowScale, termValue } from '../../../components/feature-extraction/tfidf.js';
import { hashOf } from '../../../components/feature-extraction/word-table.js';
import { mulberry32 } from '../../../core/random.js';
import { loadSpamAssassin } from '../../../data/builtin/spam-assassin.js';

/** Pairs of words with the same 32-bit hash, found by a birthday search: of equal and of different lengths. */
const SAME_LENGTH_COLLISION = ['qakuqx', 'tmwmmg'];
const OTHER_LENGTH_COLLISION = ['qxirznw', 'ymvxne'];

/** Word characters as themselves, lower-cased when asked; 0 for the rest (the scorer's map). */
function wordBytes(lowercase: boolean): Uint8Array {
  const map = new Uint8Array(256);
  for (let c = 0; c < 128; c++) if (ASCII_WORD[c]) map[c] = lowercase && c >= 65 && c <= 90 ? c + 32 : c;
  return map;
}

/** Each word's column by `find`, over the words wordTokens cuts from the string. */
function findEach(table: ColumnTable, text: string): number[] {
  const tokens = new TokenBuffer();
  wordTokens(text, table, false, tokens);
  return Array.from(tokens.tokens.data.subarray(0, tokens.tokens.length));
}

/** column -> count, of the known columns among `columns`, in column order. */
function tally(columns: number[]): [number, number][] {
  const counts = new Map<number, number>();
  for (const c of columns) if (c >= 0) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0]);
}

/** The counts of the current text, as column -> count; countedColumns must list them in increasing order. */
function counts(table: ColumnTable): [number, number][] {
  const columns = Array.from(table.countedColumns());
  expect(columns).toEqual([...columns].sort((a, b) => a - b));
  return columns.map((c) => [c, table.countOf(c)]);
}

/** What countAscii (JavaScript) counts in an ASCII `text` (mapped by `map`). */
function countedAscii(table: ColumnTable, text: string, map = wordBytes(false)): [number, number][] {
  const bytes = new TextEncoder().encode(text);
  expect(bytes.length).toBe(text.length);
  table.beginText();
  table.countAscii(bytes, bytes.length, map);
  return counts(table);
}

/** What countAsciiText (the kernel, for a text that fits it) counts in an ASCII `text`. */
function countedText(table: ColumnTable, text: string, map = wordBytes(false)): [number, number][] {
  table.beginText();
  expect(table.countAsciiText(text, map)).toBe(true);
  return counts(table);
}

/** Each word by `find`, and (ASCII text) the counts by countAscii and countAsciiText next to find's counts. */
function lookups(table: ColumnTable, text: string): { one: number[]; expected: [number, number][]; ascii?: [number, number][]; kernel?: [number, number][] } {
  const one = findEach(table, text);
  const expected = tally(one);
  if (/[^\x00-\x7f]/.test(text)) {
    table.beginText();
    expect(table.countAsciiText(text, wordBytes(false))).toBe(false);
    expect(counts(table)).toEqual([]);
    return { one, expected };
  }
  return { one, expected, ascii: countedAscii(table, text), kernel: countedText(table, text) };
}

describe('the WebAssembly kernel', () => {
  it('loads (npm run build compiles it), and tables count with it unless told not to', () => {
    expect(columnTableKernelAvailable()).toBe(true);
    expect(new ColumnTable(['ab'], [1]).usesKernel).toBe(true);
    expect(new ColumnTable(['ab'], [1], undefined, { kernel: false }).usesKernel).toBe(false);
  });

  it('is checked on the vocabulary when a table is built: a kernel that counts wrong (a stale build) is not used', () => {
    const words = ['alpha', 'beta', 'gamma', 'delta', 'Caps', 'x_1', 'ümlaut', 'épée'];
    const table = new ColumnTable(words, words.map(() => 1));
    const check = () => (table as unknown as { kernelCountsRight(w: readonly string[]): boolean }).kernelCountsRight(words);
    expect(check()).toBe(true);
    // What a kernel of another record layout would see: the first bytes of one word wrong.
    const ints = (table as unknown as { ints: Int32Array }).ints;
    ints[16 * 2 + 8] ^= 1;
    expect(check()).toBe(false);
  });
});

describe('ColumnTable', () => {
  const words = ['ab', 'abcdefghijklmnop', 'abcdefghijklmnopq', 'abcdefghijklmnopr', 'überlänge_mit_umlauten_und_mehr', '𝐀𝐁'];
  const table = new ColumnTable(words, [1, 2, 3, 4, 5, 6], [0.5, -1, 2, 3, 4, 5]);
  const find = (text: string, from = 0, to = text.length) => table.find(text, from, to, hashOf(text.slice(from, to)));

  it('finds each word by a range of a larger text, and its idf and weight', () => {
    words.forEach((w, col) => {
      expect(find(`xx ${w} yy`, 3, 3 + w.length)).toBe(col);
      expect(table.idf(col)).toBe(col + 1);
    });
    expect(table.weight(1)).toBe(-1);
  });

  it('tells apart words that share their first 16 units, and answers -1 for the rest', () => {
    expect(find('abcdefghijklmnopq')).toBe(2);
    expect(find('abcdefghijklmnopr')).toBe(3);
    expect(find('abcdefghijklmnops')).toBe(-1);
    expect(find('abcdefghijklmno')).toBe(-1);
    expect(find('a')).toBe(-1);
    expect(table.findOrAdd('zz', 0, 2, hashOf('zz'))).toBe(-1);
    expect(find('zz')).toBe(-1);
  });

  it('refuses a word given twice', () => {
    expect(() => new ColumnTable(['same', 'other', 'same'], [1, 1, 1])).toThrow(/"same" names two columns/);
  });
});

describe('ColumnTable batch lookup', () => {
  it('the collision pairs do share a hash', () => {
    for (const [a, b] of [SAME_LENGTH_COLLISION, OTHER_LENGTH_COLLISION]) expect(hashOf(a)).toBe(hashOf(b));
  });

  it('answers as find for every word, through hash collisions of equal and other lengths', () => {
    const [sameA, sameB] = SAME_LENGTH_COLLISION;
    const [otherA, otherB] = OTHER_LENGTH_COLLISION;
    const text = `${sameB} ${otherB} abcdefghijklmnopq ${sameA} zz ab ${otherA} abcdefghijklmnops ${sameB} unknown`;
    // Only one word of each pair in the table: the other must not be taken for it.
    const halves = new ColumnTable([sameA, otherA, 'ab', 'abcdefghijklmnopq'], [1, 2, 3, 4]);
    const got = lookups(halves, text);
    expect(got.one).toEqual([-1, -1, 3, 0, -1, 2, 1, -1, -1, -1]);
    expect(got.ascii).toEqual(got.expected);
    expect(got.kernel).toEqual(got.expected);
    // Both words of each pair: the batch's first hash match may be the other word.
    for (const order of [[sameA, sameB, otherA, otherB], [sameB, sameA, otherB, otherA]]) {
      const both = new ColumnTable(order, [1, 2, 3, 4]);
      const all = lookups(both, text);
      expect(all.one.filter((c) => c >= 0).map((c) => order[c])).toEqual([sameB, otherB, sameA, otherA, sameB]);
      expect(all.ascii).toEqual(all.expected);
      expect(all.kernel).toEqual(all.expected);
    }
  });

  it('counts as find on real mail; Unicode text by find alone', async () => {
    const texts = (await loadSpamAssassin()).table.columns.text.map(String);
    const vocabulary = [...new Set(texts.slice(0, 300).flatMap((t) => t.toLowerCase().match(/\w\w+/g) ?? []))];
    const table = new ColumnTable(vocabulary, vocabulary.map((_, i) => i));
    let asciiTexts = 0;
    for (const text of [...texts.slice(250, 400).map((t) => t.toLowerCase()), 'Café naïve ΟΔΟΣ οδος 東京都 ok👍ok']) {
      const got = lookups(table, text);
      if (got.ascii) {
        asciiTexts++;
        expect(got.ascii).toEqual(got.expected);
        expect(got.kernel).toEqual(got.expected);
      }
    }
    expect(asciiTexts).toBeGreaterThan(100);
  });
});

describe('ColumnTable at 2^17 words', () => {
  it('answers every known word with its column and every other word with -1', () => {
    const next = mulberry32(99);
    const randomWord = () => Array.from({ length: 3 + Math.floor(next() * 9) }, () => String.fromCharCode(97 + Math.floor(next() * 26))).join('');
    const vocabulary = [...new Set(Array.from({ length: 170_000 }, randomWord))].slice(0, 131_072);
    expect(vocabulary.length).toBe(131_072);
    const known = new Map(vocabulary.map((w, col) => [w, col]));
    const table = new ColumnTable(vocabulary, vocabulary.map(() => 1));
    const others = Array.from({ length: 60_000 }, randomWord);
    // One text per 2,000 words, each word looked up by find and findMany on the string and the bytes.
    const words = [...vocabulary.filter((_, i) => i % 4 === 0), ...others];
    for (let at = 0; at < words.length; at += 2000) {
      const chunk = words.slice(at, at + 2000);
      const got = lookups(table, chunk.join(' '));
      const expected = chunk.filter((w) => w.length >= 2).map((w) => known.get(w) ?? -1);
      expect(got.one).toEqual(expected);
      expect(got.ascii).toEqual(tally(expected));
      expect(got.kernel).toEqual(tally(expected));
    }
  });
});

describe.each([
  ['countAscii', countedAscii],
  ['countAsciiText', countedText],
])('ColumnTable.%s', (_name, counted) => {
  /** Seeded ASCII strings rich in word boundaries: letters of both cases, digits, _, punctuation, controls, runs of one. */
  function randomAscii(seed: number, length: number): string {
    const next = mulberry32(seed);
    const alphabet = 'aZ9_ \t\n.,-!@#x\u0000\u007fQbB';
    return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  }
  const texts = ['', 'a', 'ab', ' ab ', 'a b c', '__ 12 x_y', 'end with word', 'AB ab Ab aB', ...Array.from({ length: 400 }, (_, s) => randomAscii(s + 1, 1 + (s % 97)))];
  // Every word of length 2-4 over the alphabet's word characters, lower-case and as cut, so most random words are known.
  const letters = ['a', 'z', '9', '_', 'x', 'q', 'b', 'Z', 'Q', 'B'];
  const vocabulary = new Set<string>();
  const grow = (prefix: string) => {
    if (prefix.length >= 2) vocabulary.add(prefix);
    if (prefix.length < 4) for (const l of letters) grow(prefix + l);
  };
  grow('');
  const words = [...vocabulary].filter((w, i) => i % 3 !== 0); // and leave some out
  const table = new ColumnTable(words, words.map(() => 1));

  it('counts ASCII text as find counts the words wordTokens cuts from the string', () => {
    let known = 0;
    for (const text of texts) {
      const expected = tally(findEach(table, text));
      known += expected.length;
      expect(counted(table, text), JSON.stringify(text)).toEqual(expected);
    }
    expect(known).toBeGreaterThan(300);
  });

  it('lower-cases through its byte map as the string would be lower-cased, and counts each text afresh', () => {
    for (const text of texts) {
      expect(counted(table, text, wordBytes(true)), JSON.stringify(text)).toEqual(tally(findEach(table, text.toLowerCase())));
    }
    // A word counted in one text is not counted in the next.
    expect(counted(table, 'ab ab zz')).toEqual(tally(findEach(table, 'ab ab zz')));
    expect(counted(table, 'zz')).toEqual(tally(findEach(table, 'zz')));
  });

  it('counts words at every offset near 16- and 64-byte boundaries, and words far longer than a record holds inline', () => {
    const edgeWords = ['ab', 'zz', ...Array.from({ length: 140 }, (_, k) => 'q'.repeat(k + 2))];
    const edges = new ColumnTable(edgeWords, edgeWords.map(() => 1));
    const texts: string[] = [];
    for (const at of [14, 15, 16, 17, 30, 31, 32, 33, 47, 48, 49, 62, 63, 64, 65, 66, 126, 127, 128, 129]) {
      texts.push(`${'-'.repeat(at)}ab`, `${'-'.repeat(at - 2)}ab-`, `${'q'.repeat(at)}`, `${'q'.repeat(at)} zz`, `zz ${'q'.repeat(at)}`, `${'-'.repeat(at)}${'q'.repeat(70)}`);
    }
    for (const text of texts) expect(counted(edges, text), text).toEqual(tally(findEach(edges, text)));
  });

  it('counts right across the wrap of its text numbers', () => {
    const fresh = new ColumnTable(words, words.map(() => 1));
    const [a, b] = words;
    counted(fresh, `${a} ${b}`);
    // Two texts before the 2^31st: the stamps are cleared then, so the first text's words do not pass for counted.
    (fresh as unknown as { generation: number }).generation = 0x7fffffff - 1;
    for (const text of [`${a} ${a}`, b, `${a} ${b} ${b}`, a]) {
      const expected = tally(findEach(fresh, text));
      expect(expected.length).toBeGreaterThan(0);
      expect(counted(fresh, text), text).toEqual(expected);
    }
  });
});

describe('ColumnTable byte comparisons', () => {
  it('never takes an ASCII word for a vocabulary word with other characters, whose low bytes it shares', () => {
    // \u0162 and \u0262 have the low byte of "b"; the 64-bit comparison covers units 0-7, the unit loop the rest.
    const vocabulary = ['a\u0162', 'abcdefghi\u0162', 'abcdefgh\u0262j', 'ab', 'abcdefghib', 'abcdefgh', 'abcdefghi'];
    for (const kernel of [true, false]) {
      const table = new ColumnTable(vocabulary, vocabulary.map(() => 1), undefined, { kernel });
      for (const text of ['ab abcdefghib abcdefghbj abcdefgh abcdefghi ab', 'abcdefghbj abcdefgbb', 'ab']) {
        const expected = tally(findEach(table, text));
        expect(countedText(table, text), `${text} (kernel ${kernel})`).toEqual(expected);
        expect(countedAscii(table, text), text).toEqual(expected);
      }
      expect(tally(findEach(table, 'ab abcdefghib abcdefghbj')).map(([col]) => vocabulary[col])).toEqual(['ab', 'abcdefghib']);
    }
  });
});

describe('ColumnTable.countAsciiText beyond the kernel', () => {
  it('counts a text longer than the kernel takes in JavaScript, with the same counts', () => {
    const vocabulary = ['alpha', 'beta', 'gamma', 'delta_9', 'x1'];
    const table = new ColumnTable(vocabulary, vocabulary.map(() => 1));
    expect(table.usesKernel).toBe(true);
    const long = Array.from({ length: 20_000 }, (_, i) => `${vocabulary[i % 7] ?? 'Other'} `).join('');
    expect(long.length).toBeGreaterThan(KERNEL_TEXT_BYTES);
    expect(countedText(table, long)).toEqual(tally(findEach(table, long)));
    expect(countedText(table, long.slice(0, KERNEL_TEXT_BYTES))).toEqual(tally(findEach(table, long.slice(0, KERNEL_TEXT_BYTES))));
  });
});

describe('ColumnTable.countedColumns', () => {
  /** `count`s a random subset of the vocabulary in random order, some columns several times. */
  function countRandomColumns(table: ColumnTable, size: number, distinct: number, random: () => number): Map<number, number> {
    const expected = new Map<number, number>();
    table.beginText();
    for (let k = 0; k < distinct; k++) {
      const col = Math.floor(random() * size);
      const times = 1 + Math.floor(random() * 3);
      for (let t = 0; t < times; t++) table.count(col);
      expected.set(col, (expected.get(col) ?? 0) + times);
    }
    return expected;
  }

  it('lists the columns counted in increasing order, however they came, text after text (the kernel bitmap sort and JavaScript)', () => {
    const random = mulberry32(17);
    // Sizes on both sides of a 64-bit word and of a summary word (64 x 64 columns).
    for (const size of [1, 2, 63, 64, 65, 4095, 4096, 4097, 70_000]) {
      const words = Array.from({ length: size }, (_, i) => `w${i}`);
      for (const kernel of [true, false]) {
        const table = new ColumnTable(words, words.map(() => 1), undefined, { kernel });
        expect(table.usesKernel).toBe(kernel);
        for (let text = 0; text < 40; text++) {
          // Mostly message-sized texts; now and then one word, or as many draws as the vocabulary has.
          const distinct = text % 10 === 0 ? 1 : text % 10 === 1 ? Math.min(size, 5_000) : 1 + Math.floor(random() * 300);
          const expected = countRandomColumns(table, size, distinct, random);
          // The two ends of the vocabulary, sometimes: the first and last bits of the bitmap.
          if (text % 7 === 3) for (const col of [0, size - 1]) (table.count(col), expected.set(col, (expected.get(col) ?? 0) + 1));
          expect(counts(table), `size ${size}, text ${text}, kernel ${kernel}`).toEqual([...expected].sort((a, b) => a[0] - b[0]));
        }
      }
    }
  });

  it('sorts columns spread over a vocabulary of hundreds of thousands, where the bitmap gives way to a comparison sort', () => {
    const size = 400_000;
    const words = Array.from({ length: size }, (_, i) => `w${i}`);
    const table = new ColumnTable(words, new Float64Array(size));
    const random = mulberry32(5);
    // Two far-apart columns (the summary words between them outnumber what a comparison sort costs), then message-sized texts.
    for (const distinct of [2, 3, 120, 2, 300]) {
      const expected = countRandomColumns(table, size, distinct, random);
      if (distinct <= 3) for (const col of [size - 1, 0]) (table.count(col), expected.set(col, (expected.get(col) ?? 0) + 1));
      expect(counts(table), `${distinct} columns`).toEqual([...expected].sort((a, b) => a[0] - b[0]));
    }
  });

  it('sorts the columns an ASCII text counted in the kernel, and goes on sorting the ones counted after it', () => {
    const vocabulary = Array.from({ length: 9_000 }, (_, i) => `word${(i * 7919) % 9_000}`);
    const table = new ColumnTable(vocabulary, vocabulary.map(() => 1));
    const text = Array.from({ length: 400 }, (_, i) => vocabulary[(i * 104_729) % vocabulary.length]).join(' ');
    const expected = tally(findEach(table, text));
    expect(countedText(table, text)).toEqual(expected);
    // More counted into the same text after the kernel's sorted columns.
    table.count(8_999);
    table.count(0);
    const more = new Map(expected);
    for (const col of [8_999, 0]) more.set(col, (more.get(col) ?? 0) + 1);
    expect(counts(table)).toEqual([...more].sort((a, b) => a[0] - b[0]));
  });
});

describe('ColumnTable: texts counted in parts', () => {
  const vocabulary = Array.from({ length: 500 }, (_, i) => `term${i}`);
  const idf = vocabulary.map((_, i) => 1 + (i % 7) / 3);
  const weights = vocabulary.map((_, i) => ((i * 37) % 11) - 5);
  const random = mulberry32(23);
  const text = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' ');

  /** bias + the tf-idf row (l2) dotted with the weights, in column order, as the scorer's JavaScript computes it. */
  function expectedDot(table: ColumnTable, bias: number): number {
    const columns = Array.from(table.countedColumns());
    const values = columns.map((c) => termValue(table.countOf(c), c, (col) => idf[col], { sublinearTf: false, useIdf: true }));
    const scale = rowScale(values.reduce((sum, v) => sum + v * v, 0), { norm: 'l2' });
    return values.reduce((s, v, q) => s + v * scale * weights[columns[q]], bias);
  }

  it('counts ASCII texts, single columns and more ASCII texts into one text, in any order, and scores them', () => {
    for (const kernel of [true, false]) {
      const table = new ColumnTable(vocabulary, idf, weights, { kernel });
      for (let round = 0; round < 20; round++) {
        const [a, b] = [text(1 + Math.floor(random() * 200)), text(1 + Math.floor(random() * 200))];
        const single = Math.floor(random() * vocabulary.length);
        const expected = tally([...findEach(table, a), single, ...findEach(table, b)]);
        table.beginText();
        expect(table.countAsciiText(a, wordBytes(false))).toBe(true);
        // Straight after the kernel counted a text: a column counted in JavaScript, then another text.
        table.count(single);
        expect(table.countAsciiText(b, wordBytes(false))).toBe(true);
        const dot = table.tfidfDot(0.25, { sublinearTf: false, useIdf: true, norm: 'l2' });
        expect(counts(table), `round ${round}, kernel ${kernel}`).toEqual(expected);
        if (kernel) expect(dot).toBe(expectedDot(table, 0.25));
        else expect(dot).toBeUndefined();
        // One ASCII text alone: its columns are read where the kernel left them.
        table.beginText();
        expect(table.countAsciiText(a, wordBytes(false))).toBe(true);
        const alone = table.tfidfDot(-1, { sublinearTf: false, useIdf: true, norm: 'l2' });
        expect(counts(table)).toEqual(tally(findEach(table, a)));
        if (kernel) expect(alone).toBe(expectedDot(table, -1));
      }
    }
  });
});
