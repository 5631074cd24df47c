/**
 * Conformance suite: every registered pruner, in configurations covering each option in its
 * registry entry, over the same histories. Adding a pruner or an option without a configuration
 * here fails the coverage test at the top.
 */
import { describe, expect, it } from 'vitest';
import { PRUNERS, type Direction, type TrialRecord } from '../../../search-spaces/index.js';

/** Every peer and the judged trial report at these steps. */
const SCHEDULE = [1, 2, 3, 4, 5, 6, 7, 8, 9];

interface Configuration {
  label: string;
  pruner: string;
  options: Record<string, unknown>;
  /** Completed peers needed before a hopeless trial is pruned. */
  peersNeeded: number;
  /** The schedule steps at which a hopeless trial (worse than every peer) is pruned, given enough peers. */
  judged: number[];
}

const CONFIGURATIONS: Configuration[] = [
  { label: 'none', pruner: 'none', options: {}, peersNeeded: 0, judged: [] },
  { label: 'median defaults', pruner: 'median', options: {}, peersNeeded: 5, judged: SCHEDULE },
  { label: 'median warm-up and interval', pruner: 'median', options: { nWarmupSteps: 2, intervalSteps: 3, nStartupTrials: 1 }, peersNeeded: 1, judged: [2, 5, 8] },
  { label: 'median nMinTrials, percentile', pruner: 'median', options: { nStartupTrials: 2, nMinTrials: 4, percentile: 25 }, peersNeeded: 4, judged: SCHEDULE },
  { label: 'successive-halving defaults', pruner: 'successive-halving', options: {}, peersNeeded: 1, judged: [1, 3, 9] },
  { label: 'asha alias', pruner: 'asha', options: {}, peersNeeded: 1, judged: [1, 3, 9] },
  { label: 'successive-halving resource and rate', pruner: 'successive-halving', options: { minResource: 2, reductionFactor: 2, minEarlyStoppingRate: 1 }, peersNeeded: 1, judged: [4, 8] },
  { label: 'successive-halving bootstrap', pruner: 'successive-halving', options: { bootstrapCount: 3, reductionFactor: 4 }, peersNeeded: 3, judged: [1, 4] },
];

const sign = (d: Direction) => (d === 'minimize' ? 1 : -1);

/** `n` completed peers with good values (around 0.2, better at later steps) at every step. */
function peers(n: number, direction: Direction): TrialRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    number: i,
    params: {},
    state: 'complete' as const,
    value: sign(direction) * (0.2 + 0.01 * i),
    intermediate: Object.fromEntries(SCHEDULE.map((s) => [String(s), sign(direction) * (0.2 + 0.01 * i + 0.1 / s)])),
  }));
}

/** The judged trial, running, with reports `value` at the schedule steps before `step`. */
function running(number: number, step: number, value: number): TrialRecord {
  return { number, params: {}, state: 'running', intermediate: Object.fromEntries(SCHEDULE.filter((s) => s < step).map((s) => [String(s), value])) };
}

/** The schedule steps at which a trial reporting `value` throughout is pruned. */
function prunedSteps(config: Configuration, nPeers: number, value: number, direction: Direction): number[] {
  const pruner = PRUNERS.create(config.pruner, config.options);
  const history = peers(nPeers, direction);
  return SCHEDULE.filter((step) => pruner.shouldPrune(nPeers, step, value, [...history, running(nPeers, step, value)], direction));
}

describe('pruner conformance coverage', () => {
  it('every registered pruner and each of its options appear in some configuration', () => {
    for (const entry of PRUNERS.entries) {
      const mine = CONFIGURATIONS.filter((c) => PRUNERS.find(c.pruner) === entry);
      expect(mine.length, `no configuration for pruner ${entry.name}`).toBeGreaterThan(0);
      const used = new Set(mine.flatMap((c) => Object.keys(c.options)));
      expect(Object.keys(entry.options).filter((k) => !used.has(k)), `pruner ${entry.name} options without a configuration`).toEqual([]);
    }
  });

  it('the defaults in the table are the defaults the pruners use', () => {
    for (const entry of PRUNERS.entries) {
      const defaults = Object.fromEntries(Object.entries(entry.options).flatMap(([k, s]) => ('default' in s && s.default !== undefined ? [[k, s.default]] : [])));
      const plain = PRUNERS.create(entry.name);
      const explicit = PRUNERS.create(entry.name, defaults);
      for (const nPeers of [0, 2, 4, 6]) {
        const history = peers(nPeers, 'minimize');
        for (const value of [0.1, 0.25, 0.5]) {
          for (const step of SCHEDULE) {
            const h = [...history, running(nPeers, step, value)];
            expect(explicit.shouldPrune(nPeers, step, value, h, 'minimize'), `${entry.name} ${nPeers} peers, ${value} at ${step}`).toBe(plain.shouldPrune(nPeers, step, value, h, 'minimize'));
          }
        }
      }
    }
  });
});

describe.each(CONFIGURATIONS.map((c) => [c.label, c] as const))('pruner conformance: %s', (_label, config) => {
  const hopeless = (d: Direction) => sign(d) * 100;
  const leading = (d: Direction) => sign(d) * -1;

  it('prunes an obviously hopeless trial at the steps it judges once enough peers exist (both directions)', () => {
    for (const d of ['minimize', 'maximize'] as const) {
      expect(prunedSteps(config, config.peersNeeded + 2, hopeless(d), d), d).toEqual(config.judged);
      expect(prunedSteps(config, config.peersNeeded, hopeless(d), d), d).toEqual(config.peersNeeded > 0 ? config.judged : []);
    }
  });

  it('does not prune with too few peers', () => {
    for (const d of ['minimize', 'maximize'] as const) expect(prunedSteps(config, Math.max(config.peersNeeded - 1, 0), hopeless(d), d), d).toEqual([]);
  });

  it('never prunes the leading trial at any rung, nor a NaN-free first trial without peers', () => {
    for (const d of ['minimize', 'maximize'] as const) {
      expect(prunedSteps(config, config.peersNeeded + 3, leading(d), d), d).toEqual([]);
      expect(prunedSteps(config, 0, hopeless(d), d), d).toEqual([]);
    }
  });

  it('is deterministic, pure, and indifferent to whether the current report is already recorded', () => {
    const history = [...peers(config.peersNeeded + 2, 'minimize'), running(config.peersNeeded + 2, 3, 100)];
    const before = JSON.stringify(history);
    const a = PRUNERS.create(config.pruner, config.options);
    const b = PRUNERS.create(config.pruner, JSON.parse(JSON.stringify(config.options)) as Record<string, unknown>);
    const n = config.peersNeeded + 2;
    for (const step of SCHEDULE.filter((s) => s >= 3)) {
      const recorded = history.map((t) => (t.number === n ? { ...t, intermediate: { ...t.intermediate, [String(step)]: 100 } } : t));
      const first = a.shouldPrune(n, step, 100, history, 'minimize');
      expect(a.shouldPrune(n, step, 100, history, 'minimize')).toBe(first);
      expect(b.shouldPrune(n, step, 100, history, 'minimize')).toBe(first);
      expect(a.shouldPrune(n, step, 100, recorded, 'minimize'), `step ${step} recorded`).toBe(first);
    }
    expect(JSON.stringify(history)).toBe(before);
  });

  it('never prunes, and does not throw, against peers that cannot be compared (failed, running without reports, NaN, all equal)', () => {
    const n = config.peersNeeded + 3;
    const base = peers(n, 'minimize');
    const histories: Record<string, TrialRecord[]> = {
      failed: base.map((t) => ({ ...t, state: 'failed' as const, value: undefined, intermediate: {} })),
      'running, nothing reported': base.map((t) => ({ ...t, state: 'running' as const, value: undefined, intermediate: {} })),
      'NaN reports': base.map((t) => ({ ...t, value: NaN, intermediate: Object.fromEntries(SCHEDULE.map((s) => [String(s), NaN])) })),
    };
    for (const [name, history] of Object.entries(histories)) {
      const pruner = PRUNERS.create(config.pruner, config.options);
      for (const step of SCHEDULE) expect(pruner.shouldPrune(n, step, 100, [...history, running(n, step, 100)], 'minimize'), `${name} at ${step}`).toBe(false);
    }
    // All peers equal to the judged trial: nothing to be worse than.
    const equal = base.map((t) => ({ ...t, value: 0.5, intermediate: Object.fromEntries(SCHEDULE.map((s) => [String(s), 0.5])) }));
    const pruner = PRUNERS.create(config.pruner, config.options);
    for (const step of SCHEDULE) expect(pruner.shouldPrune(n, step, 0.5, [...equal, running(n, step, 0.5)], 'minimize'), `equal at ${step}`).toBe(false);
  });

  it('is monotone in the reported value: whatever is pruned, a worse value is pruned too', () => {
    const n = config.peersNeeded + 2;
    const history = peers(n, 'minimize');
    const pruner = PRUNERS.create(config.pruner, config.options);
    const values = [-1, 0, 0.15, 0.2, 0.22, 0.25, 0.3, 0.5, 1, 100];
    for (const step of SCHEDULE) {
      const pruned = values.map((v) => pruner.shouldPrune(n, step, v, [...history, running(n, step, v)], 'minimize'));
      const first = pruned.indexOf(true);
      if (first >= 0) expect(pruned.slice(first), `step ${step}`).toEqual(pruned.slice(first).map(() => true));
    }
  });
});
