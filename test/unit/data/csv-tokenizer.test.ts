import { describe, expect, it } from 'vitest';
import { CsvTokenizer, UnterminatedQuoteError } from '../../../data/csv-tokenizer.js';
import { createRng } from '../../../core/random.js';

function tokenize(pieces: string[], delimiter = ','): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const t = new CsvTokenizer(delimiter, (fields, line) => out.push({ fields, line }));
  for (const p of pieces) t.push(p);
  t.end();
  return out;
}

/** Cuts `s` at every position in turn (and a few random multi-cuts). */
function* cuts(s: string, rng: () => number): Generator<string[]> {
  yield [s];
  for (let i = 0; i <= s.length; i++) yield [s.slice(0, i), s.slice(i)];
  for (let k = 0; k < 20; k++) {
    const points = Array.from({ length: 4 }, () => Math.floor(rng() * (s.length + 1))).sort((a, b) => a - b);
    yield [0, ...points].map((p, j, all) => s.slice(p, all[j + 1] ?? s.length));
  }
}

const ALPHABET = ['a', 'b', ' ', ',', '\t', '"', '\n', '\r\n', 'é', '商', '😀', 'x y'];

function quote(field: string, delimiter: string): string {
  return /["\n\r]/.test(field) || field.includes(delimiter) || field === '' ? `"${field.replace(/"/g, '""')}"` : field;
}

describe('CsvTokenizer', () => {
  it('round-trips random RFC 4180 data however the input is cut into pieces', () => {
    const rng = createRng(2024);
    for (const delimiter of [',', '\t']) {
      for (let trial = 0; trial < 40; trial++) {
        const nFields = 1 + Math.floor(rng() * 4);
        const records = Array.from({ length: 1 + Math.floor(rng() * 4) }, () =>
          Array.from({ length: nFields }, () =>
            Array.from({ length: Math.floor(rng() * 5) }, () => ALPHABET[Math.floor(rng() * ALPHABET.length)]).join(''),
          ),
        );
        // Every record keeps a non-blank field so none is skipped as blank.
        for (const r of records) r[0] = `k${r[0]}`;
        const eol = rng() < 0.5 ? '\n' : '\r\n';
        const text = records.map((r) => r.map((f) => quote(f, delimiter)).join(delimiter)).join(eol) + (rng() < 0.5 ? eol : '');
        for (const pieces of cuts(text, rng)) {
          expect(tokenize(pieces, delimiter).map((r) => r.fields)).toEqual(records);
        }
      }
    }
  });

  it('reports the line each record starts on, counting newlines in quotes and skipped blank lines', () => {
    const text = 'h1,h2\n\n"a\nb",1\r\n  \n,\nc,"d\r\ne\nf"\ng,h';
    expect(tokenize([text])).toEqual([
      { fields: ['h1', 'h2'], line: 1 },
      { fields: ['a\nb', '1'], line: 3 },
      { fields: ['c', 'd\r\ne\nf'], line: 7 },
      { fields: ['g', 'h'], line: 10 },
    ]);
  });

  it('is lenient like Python csv: stray quotes in unquoted fields, text after a closing quote', () => {
    expect(tokenize(['a,5" wide,"ab"cd,"x" \n'])).toEqual([{ fields: ['a', '5" wide', 'abcd', 'x '], line: 1 }]);
    expect(tokenize(['a,\n,b\n'])).toEqual([
      { fields: ['a', ''], line: 1 },
      { fields: ['', 'b'], line: 2 },
    ]);
  });

  it('throws with the starting line when a quote never closes', () => {
    expect(() => tokenize(['a,b\n1,"x\n', 'y\n'])).toThrow(UnterminatedQuoteError);
    let caught: unknown;
    try {
      tokenize(['a,b\n\n1,"x\ny\n']);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UnterminatedQuoteError);
    expect((caught as UnterminatedQuoteError).line).toBe(3);
  });
});
