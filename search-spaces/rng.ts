/**
 * A small seeded PRNG whose whole state is plain JSON, so it survives `continueAsNew` and
 * replays identically inside the Temporal workflow sandbox.
 *
 * Generator: xoshiro128** on four uint32 words, seeded through splitmix32.
 * Use it either functionally (`nextFloat(state) -> { value, state }`, the input is never
 * mutated) or through the `Rng` class (`Rng.fromState(state)` ... `rng.state()`).
 */

/** Four uint32 words as regular JSON numbers. Never all zero. */
export interface RngState {
  s: [number, number, number, number];
}

export interface Drawn<T> {
  value: T;
  state: RngState;
}

const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;

function splitmix32(x: number): { value: number; next: number } {
  const next = (x + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  z ^= z >>> 15;
  return { value: z >>> 0, next };
}

/**
 * Fold a JS number (any finite value: negative, fractional, up to 2^53 and beyond) into
 * 32-bit words; different seeds give different words.
 */
function seedWords(seed: number): number[] {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new Error(`rng seed must be a finite number, got ${String(seed)}`);
  const whole = Math.trunc(seed);
  const negative = whole < 0 || Object.is(whole, -0) ? 1 : 0;
  const magnitude = Math.abs(whole);
  const lo = magnitude % TWO_32 >>> 0;
  const hi = Math.floor(magnitude / TWO_32) % TWO_32 >>> 0;
  const frac = Math.floor(Math.abs(seed - whole) * TWO_32) >>> 0;
  return [lo, hi, frac, negative];
}

/** A fresh state from a number seed. Same seed, same stream. */
export function seedRng(seed: number): RngState {
  let x = 0x2545f491;
  for (const w of seedWords(seed)) {
    x = (x ^ w) | 0;
    x = splitmix32(x).value | 0;
  }
  const s: number[] = [];
  for (let i = 0; i < 4; i++) {
    const r = splitmix32(x);
    x = r.next;
    s.push(r.value);
  }
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return { s: [s[0], s[1], s[2], s[3]] };
}

/** Derive an independent seed for a named sub-stream (e.g. the QMC scramble of a TPE sampler). */
export function deriveSeed(seed: number, stream: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193);
  const words = seedWords(seed);
  let x = h | 0;
  for (const w of words) x = splitmix32((x ^ w) | 0).value | 0;
  return x >>> 0;
}

/** Checks that a value read back from JSON is a usable RNG state. */
export function isRngState(value: unknown): value is RngState {
  if (!value || typeof value !== 'object') return false;
  const s = (value as { s?: unknown }).s;
  return (
    Array.isArray(s) &&
    s.length === 4 &&
    s.every((w) => typeof w === 'number' && Number.isInteger(w) && w >= 0 && w < TWO_32) &&
    s.some((w) => w !== 0)
  );
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Mutable convenience wrapper; `state()` returns a fresh JSON copy. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(state: RngState) {
    if (!isRngState(state)) throw new Error(`invalid rng state: ${JSON.stringify(state)}`);
    [this.a, this.b, this.c, this.d] = state.s;
  }

  static fromSeed(seed: number): Rng {
    return new Rng(seedRng(seed));
  }

  static fromState(state: RngState): Rng {
    return new Rng(state);
  }

  state(): RngState {
    return { s: [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0] };
  }

  /** Uniform integer in [0, 2^32). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_53;
  }

  /** Uniform float in (0, 1]: safe under a logarithm. */
  nextFloatOpenLow(): number {
    return 1 - this.nextFloat();
  }

  /** Uniform integer in [0, n), unbiased. `n` must be a positive integer. */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`nextInt: n must be a positive integer, got ${n}`);
    if (n === 1) return 0;
    if (n <= TWO_32) {
      const limit = TWO_32 - (TWO_32 % n);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return x % n;
      }
    }
    if (n > TWO_53) throw new Error(`nextInt: n must be at most 2^53, got ${n}`);
    return Math.floor(this.nextFloat() * n);
  }

  /** Standard normal draw (Box-Muller; uses two uniforms per draw, no cached spare). */
  normal(): number {
    const u = this.nextFloatOpenLow();
    const v = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Index drawn with probability proportional to `weights` (non-negative, positive sum). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    if (!(total > 0) || !Number.isFinite(total)) throw new Error('weightedIndex: weights must have a positive finite sum');
    const target = this.nextFloat() * total;
    let acc = 0;
    for (let i = 0; i < weights.length; i++) {
      acc += weights[i];
      if (target < acc) return i;
    }
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return weights.length - 1;
  }
}

/** Functional forms: the input state is never mutated. */
export function nextUint32(state: RngState): Drawn<number> {
  const r = Rng.fromState(state);
  return { value: r.nextUint32(), state: r.state() };
}

export function nextFloat(state: RngState): Drawn<number> {
  const r = Rng.fromState(state);
  return { value: r.nextFloat(), state: r.state() };
}

export function nextInt(state: RngState, n: number): Drawn<number> {
  const r = Rng.fromState(state);
  return { value: r.nextInt(n), state: r.state() };
}

export function normal(state: RngState): Drawn<number> {
  const r = Rng.fromState(state);
  return { value: r.normal(), state: r.state() };
}
