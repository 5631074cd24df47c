/**
 * Sending only the changed trials must not change a single suggestion: the same asks, once with
 * the whole history each time and once with changes (the activity rebuilding the rest), agree.
 */
import { describe, expect, it } from 'vitest';
import { suggestTrialActivity, type SuggestTrialResult } from '../../../activities/suggest-trial.js';
import { getSampler } from '../../../search-spaces/samplers.js';
import type { AskResult, SearchSpace, TrialRecord } from '../../../search-spaces/types.js';

const space: SearchSpace = {
  params: [
    { name: 'classifier', dist: { type: 'categorical', choices: ['logreg', 'gbt'] } },
    { name: 'classifier__C', dist: { type: 'float', low: 1e-3, high: 1e3, log: true }, condition: { param: 'classifier', in: ['logreg'] } },
    { name: 'classifier__depth', dist: { type: 'int', low: 1, high: 8 }, condition: { param: 'classifier', in: ['gbt'] } },
  ],
};
const sampler = { name: 'tpe', options: { nStartupTrials: 3 } };
const value = (params: TrialRecord['params']) => (params.classifier === 'gbt' ? 0.8 - Math.abs(Number(params.classifier__depth) - 5) / 20 : 0.7 - Math.abs(Math.log10(Number(params.classifier__C))) / 10);
const asked = (r: SuggestTrialResult): AskResult => {
  if ('miss' in r) throw new Error('unexpected miss');
  return r;
};

describe('suggestTrial with changes', () => {
  it('suggests exactly what it suggests from the whole history, two trials in flight at a time', async () => {
    const suggest = suggestTrialActivity();
    const histories: Record<'whole' | 'changes', TrialRecord[]> = { whole: [], changes: [] };
    let stateWhole: unknown = getSampler(sampler.name, sampler.options).init(7);
    let stateChanges = stateWhole;
    let touched: TrialRecord[] = [];
    for (let seq = 1; seq <= 16; seq++) {
      const context = (history: TrialRecord[]) => ({ space, history, direction: 'maximize' as const });
      const a = asked(await suggest({ sampler, context: context(histories.whole), state: stateWhole }));
      const changes = asked(await suggest({ sampler, context: context(seq === 1 ? histories.changes : touched), state: stateChanges, changes: { key: 'run', seq, length: histories.changes.length, full: seq === 1 } }));
      expect(changes.params).toEqual(a.params);
      stateWhole = a.state;
      stateChanges = changes.state;
      touched = [];
      for (const key of ['whole', 'changes'] as const) {
        const history = histories[key];
        history.push({ number: seq - 1, params: a.params, state: 'running' });
        // The trial before the newest finishes: one running trial stays behind (the constant liar sees it).
        const done = history.at(-2);
        if (done && done.state === 'running') history[history.length - 2] = { ...done, state: 'complete', value: value(done.params) };
        if (key === 'changes') touched = history.slice(-2);
      }
    }
  });
});
