import { describe, expect, it } from 'vitest';
import { deriveSeed, isRngState, nextFloat, nextInt, Rng, seedRng } from '../../../search-spaces/index.js';

describe('rng', () => {
  it('same seed gives the same stream, different seeds differ', () => {
    const a = Rng.fromSeed(42);
    const b = Rng.fromSeed(42);
    const c = Rng.fromSeed(43);
    const xs = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('distinguishes negative, fractional and large seeds', () => {
    const first = (s: number) => Rng.fromSeed(s).nextUint32();
    const seeds = [0, -0, 1, -1, 0.5, 2 ** 32, 2 ** 32 + 1, 2 ** 52, -(2 ** 40)];
    const firsts = seeds.map(first);
    // 0 and -0 are allowed to differ or not; everything else must be distinct
    expect(new Set(firsts.filter((_, i) => i !== 1)).size).toBe(seeds.length - 1);
    expect(() => Rng.fromSeed(NaN)).toThrow(/finite/);
  });

  it('state is plain JSON and continuing from a round-tripped state gives the same continuation', () => {
    const r = Rng.fromSeed(7);
    for (let i = 0; i < 5; i++) r.nextFloat();
    const saved = JSON.parse(JSON.stringify(r.state()));
    expect(isRngState(saved)).toBe(true);
    const tail = Array.from({ length: 10 }, () => r.nextFloat());
    const r2 = Rng.fromState(saved);
    expect(Array.from({ length: 10 }, () => r2.nextFloat())).toEqual(tail);
  });

  it('functional forms do not mutate their input', () => {
    const s0 = seedRng(3);
    const copy = JSON.stringify(s0);
    const a = nextFloat(s0);
    expect(JSON.stringify(s0)).toBe(copy);
    expect(nextFloat(s0).value).toBe(a.value);
    const b = nextInt(a.state, 10);
    expect(b.value).toBeGreaterThanOrEqual(0);
    expect(b.value).toBeLessThan(10);
  });

  it('nextFloat is in [0,1), nextInt covers [0,n) uniformly, normal has mean 0 and sd 1', () => {
    const r = Rng.fromSeed(11);
    const counts = new Array(7).fill(0);
    let sum = 0;
    let sq = 0;
    const n = 20000;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const f = r.nextFloat();
      if (!(f >= 0 && f < 1)) outside++;
      counts[r.nextInt(7)]++;
      const z = r.normal();
      sum += z;
      sq += z * z;
    }
    expect(outside).toBe(0);
    for (const c of counts) expect(Math.abs(c - n / 7)).toBeLessThan(0.05 * n / 7 * 3);
    expect(Math.abs(sum / n)).toBeLessThan(0.05);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.05);
    expect(() => r.nextInt(0)).toThrow();
  });

  it('deriveSeed gives stable, stream-specific uint32 seeds', () => {
    expect(deriveSeed(1, 'a')).toBe(deriveSeed(1, 'a'));
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(1, 'b'));
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(2, 'a'));
    expect(Number.isInteger(deriveSeed(5, 'x')) && deriveSeed(5, 'x') >= 0).toBe(true);
  });
});
