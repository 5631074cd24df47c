/**
 * The seeded generator for training embeddings: core/random.ts's mulberry32, started from this
 * class's own seed folding (the 64-bit seed's halves xor-ed, then one murmur3 finaliser). The
 * folding differs from createRng's `seedState`; it is kept so that trained embeddings, and the
 * tests and stored models that depend on them, stay the same for the same seed.
 */
import { mix32, mulberry32Uint32 } from '../../core/random.js';

export class SeededRng {
  private readonly nextRaw: () => number;

  constructor(seed: number) {
    this.nextRaw = mulberry32Uint32(mix32((Math.trunc(seed) ^ Math.floor(seed / 0x1_0000_0000)) >>> 0));
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    return this.nextRaw();
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextRaw() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}
