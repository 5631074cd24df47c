/**
 * A trie over integer tokens: node ids name n-grams without building their strings.
 * The n-gram (t1..tn) is the node reached from the root by following t1, then t2, ...
 *
 * Children are found through one open-addressing hash table whose slots hold node ids;
 * a node's own (parent, token) is its key. A JavaScript Map keyed by numbers was the
 * bottleneck of tf-idf fitting (about 3x slower on SpamAssassin bigrams).
 */

import { growInt32 } from './int-list.js';
import { powerOfTwoAtLeast } from './word-table.js';

export const ROOT = 0;

export class NgramTrie {
  /** parent[node] and token[node] rebuild a node's n-gram; index 0 is the root. */
  private parent: Int32Array;
  private token: Int32Array;
  /**
   * Open addressing with linear probing, three ints per slot (parent, token, node) so a probe
   * touches one cache line; node 0 marks an empty slot (the root is nobody's child).
   */
  private slots: Int32Array;
  private mask: number;
  size = 1;

  /** Sized for `nodes` nodes (root included), so a trie of known size never grows. */
  constructor(nodes = 1024) {
    this.parent = new Int32Array(Math.max(2, nodes));
    this.token = new Int32Array(Math.max(2, nodes));
    const capacity = powerOfTwoAtLeast(2 * Math.max(2, nodes));
    this.slots = new Int32Array(3 * capacity);
    this.mask = capacity - 1;
  }

  /** The child of `node` along `token`, or -1. */
  child(node: number, token: number): number {
    const slots = this.slots;
    for (let i = hash(node, token) & this.mask; ; i = (i + 1) & this.mask) {
      const id = slots[3 * i + 2];
      if (id === 0) return -1;
      if (slots[3 * i] === node && slots[3 * i + 1] === token) return id;
    }
  }

  childOrAdd(node: number, token: number): number {
    const slots = this.slots;
    let i = hash(node, token) & this.mask;
    for (; ; i = (i + 1) & this.mask) {
      const id = slots[3 * i + 2];
      if (id === 0) break;
      if (slots[3 * i] === node && slots[3 * i + 1] === token) return id;
    }
    const id = this.size++;
    if (id >= this.parent.length) {
      this.parent = growInt32(this.parent, id + 1);
      this.token = growInt32(this.token, id + 1);
    }
    this.parent[id] = node;
    this.token[id] = token;
    slots[3 * i] = node;
    slots[3 * i + 1] = token;
    slots[3 * i + 2] = id;
    // Keep the load factor at or below one half so probe runs stay short.
    if (this.size * 2 > this.mask + 1) this.rehash(2 * (this.mask + 1));
    return id;
  }

  /**
   * Trims the node arrays and lets the hash table fill up to 3/4, for a trie that is only
   * read from now on (a loaded model's vocabulary).
   */
  compact(): this {
    this.parent = this.parent.slice(0, this.size);
    this.token = this.token.slice(0, this.size);
    const capacity = powerOfTwoAtLeast(Math.ceil((4 * this.size) / 3));
    if (capacity < this.mask + 1) this.rehash(capacity);
    return this;
  }

  /** Inserts a whole n-gram and returns its node. */
  insert(tokens: ArrayLike<number>): number {
    let node = ROOT;
    for (let i = 0; i < tokens.length; i++) node = this.childOrAdd(node, tokens[i]);
    return node;
  }

  /** A node's n-gram as text: its tokens' strings joined by `separator`. */
  joinTokens(node: number, tokenString: (token: number) => string, separator: string): string {
    let text = tokenString(this.token[node]);
    for (let n = this.parent[node]; n !== ROOT; n = this.parent[n]) text = tokenString(this.token[n]) + separator + text;
    return text;
  }

  parentOf(node: number): number {
    return this.parent[node];
  }

  /** The last token of a node's n-gram. */
  tokenOf(node: number): number {
    return this.token[node];
  }

  /** How many tokens a node's n-gram has (0 for the root). */
  depthOf(node: number): number {
    let depth = 0;
    for (let n = node; n !== ROOT; n = this.parent[n]) depth++;
    return depth;
  }

  /** The tokens of a node's n-gram, first to last. */
  tokensOf(node: number): number[] {
    const out: number[] = [];
    for (let n = node; n !== ROOT; n = this.parent[n]) out.push(this.token[n]);
    return out.reverse();
  }

  private rehash(capacity: number): void {
    const slots = new Int32Array(3 * capacity);
    const mask = capacity - 1;
    for (let id = 1; id < this.size; id++) {
      let i = hash(this.parent[id], this.token[id]) & mask;
      while (slots[3 * i + 2] !== 0) i = (i + 1) & mask;
      slots[3 * i] = this.parent[id];
      slots[3 * i + 1] = this.token[id];
      slots[3 * i + 2] = id;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function hash(node: number, token: number): number {
  let h = Math.imul(node, 0x9e3779b1) ^ Math.imul(token + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}
