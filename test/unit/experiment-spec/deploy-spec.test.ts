/**
 * The spec's `deploy` section (the deployment check's budget) and `retrain.handoff`: bad values
 * fail when the file is read, naming the field; good ones pass.
 */
import { describe, expect, it } from 'vitest';
import { shapeProblems } from '../../helpers/spec-problems.js';

const base = { name: 'x', data: { source: 'listings.csv' }, target: 'label' };
const problems = (extra: Record<string, unknown>) => shapeProblems({ ...base, ...extra });

describe('spec deploy section', () => {
  it('accepts a latency and label-change budget', () => {
    expect(problems({ deploy: { maxP50Ms: 5, maxP99Ms: 25, maxLabelChangeShare: 0.05, maxRecords: 2000, tolerance: 1e-5 } })).toEqual([]);
    expect(problems({ deploy: {} })).toEqual([]);
  });

  it('names each bad field, with a suggestion for a near miss', () => {
    expect(problems({ deploy: { maxP99: 25 } })).toEqual([expect.stringMatching(/^deploy.maxP99: unknown field \(did you mean "deploy.maxP99Ms"\?\)/)]);
    expect(problems({ deploy: { maxP99Ms: -1, maxLabelChangeShare: 5, maxRecords: 1.5 } })).toEqual([
      'deploy.maxP99Ms: expected a number > 0, got -1',
      'deploy.maxRecords: expected an integer >= 1, got 1.5',
      'deploy.maxLabelChangeShare: expected a share from 0 to 1 (0.05 = 5%), got 5',
    ]);
    expect(problems({ deploy: { maxP50Ms: 30, maxP99Ms: 20 } })).toEqual([expect.stringMatching(/^deploy.maxP50Ms \(30\) is over deploy.maxP99Ms \(20\)/)]);
    expect(problems({ deploy: 'fast' })).toEqual([expect.stringMatching(/^deploy: expected a mapping/)]);
  });
});

describe('retrain.handoff', () => {
  it('is the alias a deploy watch follows, other than the champion alias', () => {
    expect(problems({ retrain: { handoff: 'staging' } })).toEqual([]);
    expect(problems({ retrain: { handoff: 'production' } })).toEqual([expect.stringMatching(/^retrain.handoff: expected the alias a deploy watch follows/)]);
    expect(problems({ retrain: { championAlias: 'live', handoff: 'live' } })).toEqual([expect.stringMatching(/^retrain.handoff/)]);
    expect(problems({ retrain: { handoff: 3 } })).toEqual([expect.stringMatching(/^retrain.handoff/)]);
  });
});
