/** The workflow's Pareto front and the select rule that names the registered member. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/random.js';
import { objectiveValues, selectFromFront, updateFront, type Objective } from '../../../workflows/pareto-front.js';
import type { LeaderboardEntry } from '../../../workflows/types.js';

const objectives: Objective[] = [
  { metric: 'pr_auc', direction: 'maximize' },
  { metric: 'predict_ms_per_1k', direction: 'minimize' },
];
const entry = (trialNumber: number, pr_auc: number, predict_ms_per_1k: number): LeaderboardEntry => ({ trialNumber, value: pr_auc, params: {}, metrics: { pr_auc, predict_ms_per_1k }, fitSeconds: 1 });

describe('updateFront', () => {
  it('keeps exactly the non-dominated trials, whatever the order they arrive in', () => {
    const rng = createRng(4);
    const entries = Array.from({ length: 60 }, (_, i) => entry(i, Math.round(rng() * 100) / 100, Math.round(rng() * 50)));
    let front: LeaderboardEntry[] = [];
    for (const e of entries) front = updateFront(front, e, objectives);
    const dominated = (a: LeaderboardEntry, b: LeaderboardEntry) =>
      b.metrics.pr_auc >= a.metrics.pr_auc && b.metrics.predict_ms_per_1k <= a.metrics.predict_ms_per_1k && (b.metrics.pr_auc > a.metrics.pr_auc || b.metrics.predict_ms_per_1k < a.metrics.predict_ms_per_1k);
    const expected = entries.filter((a) => !entries.some((b) => dominated(a, b)));
    // Equal points: only the earliest stays.
    const unique = expected.filter((a, i) => expected.findIndex((b) => b.metrics.pr_auc === a.metrics.pr_auc && b.metrics.predict_ms_per_1k === a.metrics.predict_ms_per_1k) === i);
    expect(front.map((e) => e.trialNumber)).toEqual(unique.map((e) => e.trialNumber));
    // Arrival order changes which of two equal points stays, never the front's points.
    let reversed: LeaderboardEntry[] = [];
    for (const e of [...entries].reverse()) reversed = updateFront(reversed, e, objectives);
    expect(new Set(reversed.map((e) => `${e.metrics.pr_auc}/${e.metrics.predict_ms_per_1k}`))).toEqual(new Set(front.map((e) => `${e.metrics.pr_auc}/${e.metrics.predict_ms_per_1k}`)));
  });

  it('leaves out a trial without every objective measured', () => {
    const partial = { ...entry(1, 0.9, 1), metrics: { pr_auc: 0.9 } };
    expect(objectiveValues(partial, objectives)).toBeUndefined();
    expect(updateFront([], partial, objectives)).toEqual([]);
  });
});

describe('selectFromFront', () => {
  const front = [entry(1, 0.95, 80), entry(2, 0.93, 30), entry(3, 0.9, 5)];

  it('registers the best first objective by default', () => {
    expect(selectFromFront(front, objectives, { best: 'pr_auc', constraints: [] }, 1)).toMatchObject({ trialNumber: 1, reason: expect.stringMatching(/best pr_auc of the 3 trials on the Pareto front/) });
  });

  it('registers the best within a latency budget, or the fastest when that is what best names', () => {
    const within = selectFromFront(front, objectives, { best: 'pr_auc', constraints: [{ metric: 'predict_ms_per_1k', max: 50 }] }, 1);
    expect(within.trialNumber).toBe(2);
    expect(within.reason).toMatch(/2 of them within predict_ms_per_1k <= 50/);
    expect(selectFromFront(front, objectives, { best: 'predict_ms_per_1k', constraints: [] }, 1).trialNumber).toBe(3);
  });

  it('says so when no member is within the limits and takes the one that misses them least', () => {
    const none = selectFromFront(front, objectives, { best: 'pr_auc', constraints: [{ metric: 'predict_ms_per_1k', max: 1 }] }, 1);
    expect(none.trialNumber).toBe(3);
    expect(none.reason).toMatch(/no trial on the Pareto front \(3\) is within predict_ms_per_1k <= 1/);
  });
});
