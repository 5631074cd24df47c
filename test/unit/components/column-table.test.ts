/**
 * The compiled scorer's word table (components/compiled/column-table.ts) and its batch
 * lookup: findMany, on the string and on ASCII bytes, must answer what `find` answers word by word, hash
 * collisions included, and WordSpans.scanAscii must cut an ASCII text exactly as wordTokens
 * cuts the string, since the scorer takes the byte path for every ASCII message.
 */
import { describe, expect, it } from 'vitest';
import { ColumnTable } from '../../../components/compiled/column-table.js';
import { WordSpans } from '../../../components/compiled/word-spans.js';
import { TokenBuffer, wordTokens } from '../../../components/feature-extraction/text-analyzers.js';
import { hashOf } from '../../../components/feature-extraction/word-table.js';
import { mulberry32 } from '../../../core/random.js';
import { loadSpamAssassin } from '../../../data/builtin/spam-assassin.js';

/** Pairs of words with the same 32-bit hash, found by a birthday search: of equal and of different lengths. */
const SAME_LENGTH_COLLISION = ['qakuqx', 'tmwmmg'];
const OTHER_LENGTH_COLLISION = ['qxirznw', 'ymvxne'];

function spansOf(text: string): WordSpans {
  const spans = new WordSpans();
  wordTokens(text, spans, false, new TokenBuffer());
  return spans;
}

function asciiBytes(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  expect(bytes.length).toBe(text.length);
  return bytes;
}

/** Each word of `text` by `find`, by findMany, and (ASCII text) by findMany on its bytes over scanAscii's spans. */
function lookups(table: ColumnTable, text: string): { one: number[]; many: number[]; ascii?: number[] } {
  const spans = spansOf(text);
  const n = spans.length;
  const one = Array.from({ length: n }, (_, q) => table.find(text, spans.starts[q], spans.ends[q], spans.hashes[q]));
  const many = new Int32Array(n);
  table.findMany(text, spans, many);
  if (/[^\x00-\x7f]/.test(text)) return { one, many: Array.from(many) };
  const bytes = asciiBytes(text);
  const byteSpans = new WordSpans();
  byteSpans.scanAscii(bytes, bytes.length);
  const ascii = new Int32Array(byteSpans.length);
  table.findMany(text, byteSpans, ascii, bytes);
  return { one, many: Array.from(many), ascii: Array.from(ascii) };
}

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
    expect(got.many).toEqual(got.one);
    expect(got.ascii).toEqual(got.one);
    // Both words of each pair: the batch's first hash match may be the other word.
    for (const order of [[sameA, sameB, otherA, otherB], [sameB, sameA, otherB, otherA]]) {
      const both = new ColumnTable(order, [1, 2, 3, 4]);
      const all = lookups(both, text);
      expect(all.one.filter((c) => c >= 0).map((c) => order[c])).toEqual([sameB, otherB, sameA, otherA, sameB]);
      expect(all.many).toEqual(all.one);
      expect(all.ascii).toEqual(all.one);
    }
  });

  it('answers as find on real mail, Unicode text going through findMany', async () => {
    const texts = (await loadSpamAssassin()).table.columns.text.map(String);
    const vocabulary = [...new Set(texts.slice(0, 300).flatMap((t) => t.toLowerCase().match(/\w\w+/g) ?? []))];
    const table = new ColumnTable(vocabulary, vocabulary.map((_, i) => i));
    let asciiTexts = 0;
    for (const text of [...texts.slice(250, 400).map((t) => t.toLowerCase()), 'Café naïve ΟΔΟΣ οδος 東京都 ok👍ok']) {
      const got = lookups(table, text);
      expect(got.many).toEqual(got.one);
      if (got.ascii) {
        asciiTexts++;
        expect(got.ascii).toEqual(got.one);
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
      expect(got.many).toEqual(expected);
      expect(got.ascii).toEqual(expected);
    }
  });
});

describe('WordSpans.scanAscii', () => {
  /** Seeded ASCII strings rich in word boundaries: letters, digits, _, punctuation, controls, runs of one. */
  function randomAscii(seed: number, length: number): string {
    let x = seed;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const alphabet = 'aZ9_ \t\n.,-!@#x\u0000\u007fQ';
    return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  }

  it('cuts ASCII text as wordTokens cuts the string: same spans, same hashes', () => {
    const texts = ['', 'a', 'ab', ' ab ', 'a b c', '__ 12 x_y', 'end with word', ...Array.from({ length: 300 }, (_, s) => randomAscii(s + 1, 1 + (s % 97)))];
    for (const text of texts) {
      const expected = spansOf(text);
      const got = new WordSpans();
      got.scanAscii(asciiBytes(text), text.length);
      const view = (s: WordSpans) => Array.from({ length: s.length }, (_, q) => [s.starts[q], s.ends[q], s.hashes[q]]);
      expect(view(got), JSON.stringify(text)).toEqual(view(expected));
    }
  });

  it('notes the words after a clear from the start', () => {
    const spans = new WordSpans();
    spans.scanAscii(asciiBytes('one two'), 7);
    spans.clear();
    spans.scanAscii(asciiBytes('three'), 5);
    expect([spans.length, spans.starts[0], spans.ends[0], spans.hashes[0]]).toEqual([1, 0, 5, hashOf('three')]);
  });
});
