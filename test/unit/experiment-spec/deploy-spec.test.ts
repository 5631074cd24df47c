/**
 * The spec's `deploy` section (the deployment check's budget) and `retrain.handoff`: bad values
 * fail when the file is read, naming the field; good ones pass.
 */
import { describe, expect, it } from 'vitest';
import { mergeDeployTarget, specDeployTarget } from '../../../experiment-spec/check-deploy.js';
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

describe('spec deploy.mode and deploy.stream', () => {
  const stream = { subscription: 'listings-scorer', outputTopic: 'listing-verdicts', deadLetterTopic: 'listing-rejects' };

  it('accepts streaming mode with the settings of deploy --mode stream, under their own names', () => {
    expect(problems({ deploy: { mode: 'serve' } })).toEqual([]);
    expect(problems({ deploy: { mode: 'stream', stream } })).toEqual([]);
    const every = { ...stream, subscription: 'projects/my-project/subscriptions/listings-scorer', project: 'my-project', maxOutstandingMessages: 500, maxOutstandingBytes: 32 * 1024 * 1024, backlogPerReplica: 300, minReplicas: 0, maxReplicas: 4 };
    expect(problems({ deploy: { maxP99Ms: 50, mode: 'stream', stream: every } })).toEqual([]);
  });

  it('names each bad field by its spec path, by the rules of the flags', () => {
    expect(problems({ deploy: { mode: 'batch' } })).toEqual(['deploy.mode "batch": expected one of serve, stream']);
    expect(problems({ deploy: { mode: 'stream' } })).toEqual([
      'deploy.mode stream needs deploy.stream.subscription (the Pub/Sub subscription the scorer reads)',
      'deploy.mode stream needs deploy.stream.outputTopic (the topic verdicts go to)',
      'deploy.mode stream needs deploy.stream.deadLetterTopic (the topic for inputs that fail validation)',
    ]);
    expect(problems({ deploy: { stream } })).toEqual(['deploy.stream.subscription, deploy.stream.outputTopic, deploy.stream.deadLetterTopic: streaming settings go with deploy.mode stream']);
    expect(problems({ deploy: { mode: 'stream', stream: { ...stream, subscription: 'goog-x', project: 'P', minReplicas: 5, maxReplicas: 2, backlogPerReplica: 0.5 } } })).toEqual([
      expect.stringMatching(/^deploy.stream.subscription "goog-x": expected NAME or projects\/PROJECT\/subscriptions\/NAME/),
      expect.stringMatching(/^deploy.stream.project "P": expected a Google Cloud project id/),
      'deploy.stream.backlogPerReplica 0.5: expected an integer >= 1',
      'deploy.stream.minReplicas 5 is over deploy.stream.maxReplicas 2',
    ]);
    expect(problems({ deploy: { mode: 'stream', stream: { ...stream, maxReplica: 3, smokeCheck: true } } })).toEqual([
      expect.stringMatching(/^deploy.stream.maxReplica: unknown field \(did you mean "deploy.stream.maxReplicas"\?\)/),
      expect.stringMatching(/^deploy.stream.smokeCheck: not a spec field/),
    ]);
    expect(problems({ deploy: { mode: 'stream', stream: 'listings-scorer' } })).toEqual([expect.stringMatching(/^deploy.stream: expected a mapping with subscription, outputTopic, deadLetterTopic, project,/)]);
    expect(problems({ deploy: { mod: 'stream' } })).toEqual([expect.stringMatching(/^deploy.mod: unknown field \(did you mean "deploy.mode"\?\)/)]);
  });

  it("reads a version's spec, and flags override it field by field", () => {
    const spec = { deploy: { maxP99Ms: 50, mode: 'stream', stream: { ...stream, maxReplicas: 4 } } };
    const fromSpec = specDeployTarget(spec);
    expect(fromSpec).toEqual({ target: { mode: 'stream', stream: { ...stream, maxReplicas: 4 } }, problems: [] });
    expect(specDeployTarget({ deploy: { maxP99Ms: 50 } })).toEqual({ target: {}, problems: [] });
    expect(specDeployTarget(undefined)).toEqual({ target: {}, problems: [] });
    expect(specDeployTarget({ deploy: { mode: 'stream' } }).problems).toHaveLength(3);

    expect(mergeDeployTarget({}, fromSpec.target)).toEqual(fromSpec.target);
    expect(mergeDeployTarget({ stream: { maxReplicas: 2, outputTopic: 'other' } as never }, fromSpec.target)).toEqual({ mode: 'stream', stream: { ...stream, outputTopic: 'other', maxReplicas: 2 } });
    // --mode serve: the spec's streaming settings do not apply.
    expect(mergeDeployTarget({ mode: 'serve' }, fromSpec.target)).toEqual({ mode: 'serve' });
    // A spec in serve mode gives no streaming settings: --mode stream needs its flags.
    expect(mergeDeployTarget({ mode: 'stream', stream: { subscription: 's' } as never }, { mode: 'serve' })).toEqual({ mode: 'stream', stream: { subscription: 's' } });
    expect(mergeDeployTarget({}, {})).toEqual({});
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
