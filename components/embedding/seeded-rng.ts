/**
 * A small seeded generator for training embeddings: the same seed gives the same stream on
 * every machine (32-bit integer arithmetic only). mulberry32 after a murmur3 finaliser, so
 * nearby seeds (0, 1, 2, ...) start far apart.
 */
export class SeededRng {
  private state: number;

  constructor(seed: number) {
    let x = (Math.trunc(seed) ^ Math.floor(seed / 0x1_0000_0000)) >>> 0;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    this.state = (x ^ (x >>> 16)) >>> 0;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}
