import { describe, expect, it } from 'vitest';
import { computeMetric, type MetricName } from '../../../components/index.js';
import { selectEnsemble, type EnsembleCandidate } from '../../../components/model-selection/ensemble-selection.js';

/** Binary rows: column 1 is the positive class. */
function binary(p1: number[]): Float64Array {
  return Float64Array.from(p1.flatMap((p) => [1 - p, p]));
}

const y = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
const scorer = (metric: MetricName) => (proba: Float64Array) => computeMetric(metric, y, proba, 2, 1);

// A and B are each confidently right where the other is slightly wrong: their average is right
// on every row, while each alone gets 6 of 8. C is a weak, hedging model.
const A = binary([0.05, 0.05, 0.6, 0.6, 0.95, 0.95, 0.9, 0.9]);
const B = binary([0.1, 0.1, 0.05, 0.05, 0.4, 0.4, 0.95, 0.95]);
const C = binary([0.55, 0.45, 0.45, 0.55, 0.55, 0.45, 0.55, 0.45]);
const candidates: EnsembleCandidate[] = [
  { id: 3, proba: A },
  { id: 7, proba: B },
  { id: 9, proba: C },
];

describe('selectEnsemble', () => {
  it('beats the best single candidate where averaging helps', () => {
    const result = selectEnsemble(candidates, { score: scorer('accuracy'), direction: 'maximize', rounds: 10 });
    expect(result.bestSingle.value).toBe(0.75);
    expect(result.value).toBe(1);
    expect(result.members.map((m) => m.id)).toEqual([3, 7]);
    expect(result.members.reduce((s, m) => s + m.weight, 0)).toBeCloseTo(1, 12);
    // The reported score is the score of the weighted average of the members.
    const avg = new Float64Array(A.length);
    for (const m of result.members) {
      const p = candidates.find((c) => c.id === m.id)!.proba;
      for (let i = 0; i < avg.length; i++) avg[i] += m.weight * p[i];
    }
    expect(scorer('accuracy')(avg)).toBe(result.value);
  });

  it('minimises a loss: log_loss picks the mixture with the lowest loss, never above the best single', () => {
    const result = selectEnsemble(candidates, { score: scorer('log_loss'), direction: 'minimize', rounds: 25 });
    const singles = candidates.map((c) => scorer('log_loss')(Float64Array.from(c.proba)));
    expect(result.bestSingle.value).toBe(Math.min(...singles));
    expect(result.value).toBeLessThan(result.bestSingle.value);
    // Maximising the same loss would be a different (worse) pick: the direction is respected.
    const wrong = selectEnsemble(candidates, { score: scorer('log_loss'), direction: 'maximize', rounds: 25 });
    expect(wrong.value).toBeGreaterThan(result.value);
    expect(result.trace[0]).toBe(result.bestSingle.value);
  });

  it('adds with replacement: a dominant candidate gets a count above one', () => {
    // D is good, E only slightly useful: the best mixture weighs D far above E.
    const D = binary([0.2, 0.2, 0.3, 0.7, 0.8, 0.7, 0.8, 0.3]);
    const E = binary([0.9, 0.1, 0.1, 0.1, 0.9, 0.9, 0.9, 0.9]);
    const result = selectEnsemble(
      [
        { id: 1, proba: D },
        { id: 2, proba: E },
      ],
      { score: scorer('log_loss'), direction: 'minimize', rounds: 25, patience: 25 },
    );
    const counts = Object.fromEntries(result.members.map((m) => [m.id, m.count]));
    expect(counts[1]).toBeGreaterThan(1);
    const total = result.members.reduce((s, m) => s + m.count, 0);
    for (const m of result.members) expect(m.weight).toBeCloseTo(m.count / total, 12);
  });

  it('is deterministic and breaks ties towards the smaller id, whatever the input order', () => {
    const twin: EnsembleCandidate[] = [
      { id: 12, proba: A },
      { id: 4, proba: Float64Array.from(A) },
      { id: 7, proba: B },
    ];
    const options = { score: scorer('accuracy'), direction: 'maximize' as const, rounds: 10 };
    const first = selectEnsemble(twin, options);
    const second = selectEnsemble([...twin].reverse(), options);
    expect(second).toEqual(first);
    expect(first.bestSingle.id).toBe(4);
    expect(first.members.map((m) => m.id)).not.toContain(12);
  });

  it('stops early after `patience` rounds without improvement and keeps the best prefix', () => {
    const result = selectEnsemble([{ id: 0, proba: C }], { score: scorer('log_loss'), direction: 'minimize', rounds: 25, patience: 3 });
    // One candidate: every round scores the same, so round 1 stays best and 3 more rounds run.
    expect(result.trace).toHaveLength(4);
    expect(result.members).toEqual([{ id: 0, count: 1, weight: 1 }]);
  });

  it('rejects candidates of different shapes and bad rounds', () => {
    expect(() => selectEnsemble([{ id: 0, proba: A }, { id: 1, proba: A.subarray(2) }], { score: scorer('accuracy'), direction: 'maximize', rounds: 5 })).toThrow(/candidate 1 has 14/);
    expect(() => selectEnsemble(candidates, { score: scorer('accuracy'), direction: 'maximize', rounds: 0 })).toThrow(/rounds/);
  });
});
