import { describe, expect, it } from 'vitest';
import { NgramTrie } from '../../../components/feature-extraction/ngram-trie.js';
import { WordTable, hashOf } from '../../../components/feature-extraction/word-table.js';

const words = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}${'x'.repeat(i % 7)}`);

describe('WordTable', () => {
  it('finds every word after compact() and keeps growing afterwards', () => {
    const table = new WordTable(4, 8); // deliberately undersized: it must grow
    const ids = words.map((w) => table.add(w));
    expect(new Set(ids).size).toBe(words.length);
    table.compact();
    words.forEach((w, i) => {
      expect(table.find(w, 0, w.length, hashOf(w))).toBe(ids[i]);
      expect(table.wordOf(ids[i])).toBe(w);
    });
    expect(table.find('absent', 0, 6, hashOf('absent'))).toBe(-1);
    const extra = table.add('after-compact');
    expect(extra).toBe(words.length);
    expect(table.add('after-compact')).toBe(extra);
    words.forEach((w, i) => expect(table.add(w)).toBe(ids[i]));
  });
});

describe('NgramTrie', () => {
  it('finds every n-gram after compact() and keeps growing afterwards', () => {
    const trie = new NgramTrie(2);
    const grams = Array.from({ length: 2000 }, (_, i) => [i % 97, (i * 7) % 53, i]);
    const nodes = grams.map((g) => trie.insert(g));
    trie.compact();
    grams.forEach((g, i) => {
      expect(trie.tokensOf(nodes[i])).toEqual(g);
      expect(trie.child(trie.child(trie.child(0, g[0]), g[1]), g[2])).toBe(nodes[i]);
    });
    expect(trie.child(0, 10_000)).toBe(-1);
    const more = trie.insert([1, 2, 3, 4]);
    expect(trie.tokensOf(more)).toEqual([1, 2, 3, 4]);
    grams.forEach((g, i) => expect(trie.insert(g)).toBe(nodes[i]));
  });
});
