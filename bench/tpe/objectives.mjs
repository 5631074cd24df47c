/**
 * The synthetic objectives (minimised), the same formulas as objectives.py; problems.json holds
 * their spaces and optima. `conditional` has two branches: "a" is Branin / 50 (global minimum
 * 0.397887 / 50 = 0.0079577, but only in three narrow basins) and "b" a mixed log-float / int /
 * categorical bowl that is better on average but floors at 0.2 (lr = 10^-2.5, depth 7, kind q).
 * A problem with `base` (the noisy variants) is its base problem plus `noise` x N(0, 1) drawn by
 * noiseAt(seed, trial): the same draws as objectives.py, for both samplers.
 */
import { readFileSync } from 'node:fs';

export const PROBLEMS = JSON.parse(readFileSync(new URL('./problems.json', import.meta.url), 'utf8'));
delete PROBLEMS._comment;
// A noisy variant takes its base problem's space and optimum.
for (const [name, p] of Object.entries(PROBLEMS)) if (p.base) PROBLEMS[name] = { ...PROBLEMS[p.base], ...p };

export function branin(x1, x2) {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const H_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

export function hartmann6(x) {
  let f = 0;
  for (let i = 0; i < 4; i++) {
    let s = 0;
    for (let j = 0; j < 6; j++) s += H_A[i][j] * (x[j] - H_P[i][j]) ** 2;
    f -= H_ALPHA[i] * Math.exp(-s);
  }
  return f;
}

export function rosenbrock(x) {
  let f = 0;
  for (let i = 0; i + 1 < x.length; i++) f += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2;
  return f;
}

const KIND_PENALTY = { p: 0.1, q: 0, r: 0.2 };

export function conditional(p) {
  if (p.model === 'a') return branin(p.a__x, p.a__y) / 50;
  return 0.2 + 0.25 * (Math.log10(p.b__lr) + 2.5) ** 2 + 0.02 * (p.b__depth - 7) ** 2 + KIND_PENALTY[p.b__kind];
}

const BASE_OBJECTIVES = {
  branin: (p) => branin(p.x1, p.x2),
  hartmann6: (p) => hartmann6([p.x1, p.x2, p.x3, p.x4, p.x5, p.x6]),
  rosenbrock5: (p) => rosenbrock([p.x1, p.x2, p.x3, p.x4, p.x5]),
  conditional,
};

/** The noiseless objective of every problem (a noisy variant's is its base's). */
export const OBJECTIVES = Object.fromEntries(Object.entries(PROBLEMS).map(([name, p]) => [name, BASE_OBJECTIVES[p.base ?? name]]));

/** lowbias32 (Wellons): a 32-bit integer hash with good avalanche, easy to write identically in Python. */
function mix32(x) {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * A standard normal draw that depends only on (seed, trial): Box-Muller on two hashed uniforms.
 * Tied to the trial number rather than to an RNG stream, so both samplers see the same noise
 * sequence whatever they suggest.
 */
export function noiseAt(seed, trial) {
  const key = (Math.imul(seed, 0x9e3779b1) + 2 * trial + 0x6a09e667) >>> 0; // offset: mix32(0) is 0
  const u1 = (mix32(key) + 0.5) / 4294967296;
  const u2 = mix32((key + 1) >>> 0) / 4294967296;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** The study objective of a problem for one seed: (params, trial) -> { value (observed), trueValue (noiseless) }. */
export function studyObjective(problem, seed) {
  const f = OBJECTIVES[problem];
  const sd = PROBLEMS[problem].noise ?? 0;
  return (params, trial) => {
    const trueValue = f(params);
    return { value: sd > 0 ? trueValue + sd * noiseAt(seed, trial) : trueValue, trueValue };
  };
}
