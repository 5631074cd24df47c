/**
 * The regex word tokenizer's hot loop was rewritten for serving speed (issue #17): it must
 * cut exactly the tokens the earlier version did (./helpers/reference-word-tokens.ts), with
 * the same hashes, on real mail and on Unicode edge cases, since training and serving share
 * it. And a tf-idf vectoriser loaded from its state (the serving fast path, where word ids
 * are columns) must give bit-identical rows to the one that was fitted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getFeatureComponent, type CsrMatrix, type FeatureExtractor } from '../../../components/index.js';
import { TokenBuffer, wordTokens } from '../../../components/feature-extraction/text-analyzers.js';
import { WordTable } from '../../../components/feature-extraction/word-table.js';
import { loadSpamAssassin } from '../../../data/builtin/spam-assassin.js';
import { referenceWordTokens } from './helpers/reference-word-tokens.js';

/**
 * Both tokenizers on one text: the same token strings, each found in the table by the
 * reference hash, and the same ids when only looking up (serving: unknown words are -1).
 * Returns what differs ('' for nothing), so a corpus of thousands of texts stays fast.
 */
function tokenDifference(text: string): string {
  const words = new WordTable();
  const out = new TokenBuffer();
  wordTokens(text, words, true, out);
  const ids = Array.from(out.tokens.data.subarray(0, out.tokens.length));
  const reference = referenceWordTokens(text);
  const got = ids.map((id) => words.wordOf(id)).join('\u0000');
  const expected = reference.map((r) => r.token).join('\u0000');
  if (got !== expected) return `tokens of ${JSON.stringify(text.slice(0, 80))}: ${JSON.stringify(got.slice(0, 200))} != ${JSON.stringify(expected.slice(0, 200))}`;
  if (reference.some((r, k) => words.find(r.token, 0, r.token.length, r.hash) !== ids[k])) return `hashes differ in ${JSON.stringify(text.slice(0, 80))}`;
  const lookedUp = new TokenBuffer();
  wordTokens(`${text} zzunknownzz`, words, false, lookedUp);
  if (lookedUp.tokens.length !== ids.length + 1 || ids.some((id, k) => lookedUp.tokens.data[k] !== id) || lookedUp.tokens.data[ids.length] !== -1) {
    return `lookup ids differ in ${JSON.stringify(text.slice(0, 80))}`;
  }
  return '';
}

function expectSameTokens(text: string): number {
  expect(tokenDifference(text)).toBe('');
  return referenceWordTokens(text).length;
}

describe('the regex word tokenizer against its earlier version', () => {
  let messages: string[] = [];
  beforeAll(async () => {
    const { table } = await loadSpamAssassin();
    messages = table.columns.text.map((t) => String(t ?? ''));
  }, 60_000);

  it('cuts the same tokens from a third of the SpamAssassin messages, as is and lower-cased', () => {
    // Every third message (~2,000, ~400k tokens): the full corpus takes 10 s for no more coverage.
    const sample = messages.filter((_, i) => i % 3 === 0);
    expect(sample.length).toBeGreaterThan(2000);
    const differences = sample.flatMap((m) => [tokenDifference(m), tokenDifference(m.toLowerCase())]).filter((d) => d !== '');
    expect(differences).toEqual([]);
    const tokens = sample.reduce((n, m) => n + referenceWordTokens(m).length, 0);
    expect(tokens).toBeGreaterThan(300_000);
  });

  it.each([
    ['empty', ''],
    ['one letter, one word, ends mid-word', 'a bc'],
    ['underscores and digits', '__init__ x_1 2024 _ 9'],
    ['accented Latin, Greek final sigma, Cyrillic', 'Café naïve ΟΔΟΣ οδος Привет мир'],
    ['combining marks split words (\\p{M} is no word character)', 'cafe\u0301 re\u0301sume\u0301'],
    ['CJK and kana', '東京都 カタカナ ひらがな 漢字かな'],
    ['digits of other scripts', '٣٤٥ ०१२ ১২'],
    ['astral letters: one alone is a one-character word', '𝐀 𝐀𝐁 a𝐀 𝒳y 𠀀𠀁'],
    ['emoji and symbols between words', 'ok👍ok 🎉🎉 a😀bc € ¥100'],
    ['lone surrogates', '\ud835 ab\ud835cd \udc00ef gh\ud835'],
    ['high surrogate before a non-low surrogate', 'ab\ud835x yz'],
    ['Unicode spaces and punctuation', 'one\u00a0two\u2003three\u3000four—five…six'],
    ['full-width letters', 'ＡＢＣ１２３ ａｂ'],
  ])('%s', (_name, text) => {
    expectSameTokens(text);
    expectSameTokens(text.toLowerCase());
  });

  it('agrees on random strings of tricky characters', () => {
    const alphabet = ['a', 'Z', '_', '0', ' ', '.', 'é', '\u0301', 'ß', 'Σ', 'ς', '東', 'ｶ', '٣', '𝐀', '😀', '\ud835', '\udc00', '\u00a0', '\n', '-', "'"];
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let k = 0; k < 2000; k++) {
      let text = '';
      const length = Math.floor(next() * 30);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      expectSameTokens(text);
    }
  });
});

describe('tfidf loaded from its state (serving) scores like the fitted one', () => {
  const tfidf = getFeatureComponent('tfidf', 'test');
  const defaults = Object.fromEntries(Object.entries(tfidf.params).map(([k, s]) => [k, s.default]));
  const docs = ['The cat sat on the mat', 'the dog sat', 'a cat, a CAT!', 'Ünïcödé wörds and 𝐀𝐁 letters', '', 'dogs and cats and mats'];
  const queries = [...docs, 'an unseen word beside the cat', 'mat mat mat dog', 'nothing known here'];

  it.each([
    ['unigrams (word ids are columns)', {}],
    ['bigrams', { ngramMax: 2 }],
    ['bigrams only', { ngramMin: 2, ngramMax: 2 }],
    ['the most frequent terms', { maxFeatures: 4 }],
    ['sublinear tf, no norm', { sublinearTf: true, norm: 'none' }],
    ['stemmed', { tokenizer: 'english-stem' }],
    ['characters', { analyzer: 'char_wb', ngramMin: 2, ngramMax: 3 }],
  ])('%s', (_name, params) => {
    const fitted: FeatureExtractor = tfidf.create({ ...defaults, ...params });
    fitted.fit(docs, { seed: 0 });
    const loaded = tfidf.load({ ...defaults, ...params }, JSON.parse(JSON.stringify(fitted.getState())));
    const a = fitted.transform(queries) as CsrMatrix;
    const b = loaded.transform(queries) as CsrMatrix;
    expect(Array.from(b.indptr)).toEqual(Array.from(a.indptr));
    expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    // And fitTransform's rows are transform's.
    const again: FeatureExtractor = tfidf.create({ ...defaults, ...params });
    const c = again.fitTransform!(docs, { seed: 0 }) as CsrMatrix;
    const d = fitted.transform(docs) as CsrMatrix;
    expect(Array.from(c.indices)).toEqual(Array.from(d.indices));
    expect(Array.from(c.values)).toEqual(Array.from(d.values));
  });
});
