import { describe, expect, it } from 'vitest';
import { getFeatureComponent } from '../../../components/index.js';
import { NgramTrie } from '../../../components/feature-extraction/ngram-trie.js';
import { compareByCodePoint, wordTermOrder } from '../../../components/feature-extraction/term-order.js';
import { WordTable } from '../../../components/feature-extraction/word-table.js';
import { createRng } from '../../../core/random.js';

const tfidf = getFeatureComponent('tfidf', 'test');
const defaults = Object.fromEntries(Object.entries(tfidf.params).map(([k, s]) => [k, s.default]));

/** Words chosen to stress the order: prefixes of each other, accents, U+E000-U+FFFF, above U+FFFF. */
const POOL = ['ab', 'abc', 'abd', 'b2', 'ba', 'éa', 'ea', '\uE000x', '\uFF21b', '😀y', '𝒳z', '日本', '本日', 'x_1', 'zz'];

function corpus(seed: number, docs = 60): string[] {
  const rng = createRng(seed);
  return Array.from({ length: docs }, () => Array.from({ length: 3 + Math.floor(rng() * 8) }, () => POOL[Math.floor(rng() * POOL.length)]).join(rng() < 0.5 ? ' ' : ', '));
}

function fit(docs: string[], params: Record<string, unknown>) {
  const v = tfidf.create({ ...defaults, ...params });
  v.fit(docs, { seed: 0 });
  return { v, terms: (v.getState() as { terms: string[] }).terms };
}

describe('tfidf vocabulary order without building term strings', () => {
  for (const params of [
    { analyzer: 'word', ngramMin: 1, ngramMax: 1 },
    { analyzer: 'word', ngramMin: 1, ngramMax: 3 },
    { analyzer: 'char', ngramMin: 1, ngramMax: 3 },
    { analyzer: 'char_wb', ngramMin: 2, ngramMax: 4 },
  ]) {
    it(`${params.analyzer} ${params.ngramMin}-${params.ngramMax}: terms in code-point order, maxFeatures keeps the most frequent with ties by term`, () => {
      const docs = corpus(params.ngramMax * 7 + params.analyzer.length);
      const counting = { ...params, useIdf: false, norm: 'none' };
      const { v, terms } = fit(docs, counting);
      for (let i = 1; i < terms.length; i++) expect(compareByCodePoint(terms[i - 1], terms[i]), `${terms[i - 1]} before ${terms[i]}`).toBeLessThan(0);
      expect(terms).toEqual([...terms].sort(compareByCodePoint));

      // Corpus counts from the raw-count transform; the reference selection, done with strings.
      const X = v.transform(docs);
      if (X.kind !== 'csr') throw new Error(`tf-idf output should be csr, got ${X.kind}`);
      const counts = new Float64Array(terms.length);
      X.indices.forEach((col, k) => (counts[col] += X.values[k]));
      const k = Math.floor(terms.length / 3);
      const expected = terms
        .map((term, col) => ({ term, count: counts[col] }))
        .sort((a, b) => b.count - a.count || compareByCodePoint(a.term, b.term))
        .slice(0, k)
        .map((t) => t.term)
        .sort(compareByCodePoint);
      expect(fit(docs, { ...counting, maxFeatures: k }).terms).toEqual(expected);
    });
  }

  it('falls back to comparing strings when a word holds a space or a control character', () => {
    const words = new WordTable();
    const trie = new NgramTrie();
    const nodes = ['a b', 'ab'].map((w) => trie.insert([words.add(w)]));
    expect(wordTermOrder(nodes, trie, words, 1)).toBeUndefined();
    const plain = new WordTable();
    const plainTrie = new NgramTrie();
    const plainNodes = ['bb', 'ab', 'b'].map((w) => plainTrie.insert([plain.add(w)]));
    expect(Array.from(wordTermOrder(plainNodes, plainTrie, plain, 1)!)).toEqual([plainNodes[1], plainNodes[2], plainNodes[0]]);
  });
});
