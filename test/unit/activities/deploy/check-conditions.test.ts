/**
 * The deployment check's verdict from its figures: each budget (latency, labels changed against
 * the champion), the answers against offline and registered scores, failed requests named by
 * rows; and the share of changed labels it is based on.
 */
import { describe, expect, it } from 'vitest';
import { labelChanges } from '../../../../activities/deploy/champion-comparison.js';
import { checkReason, failedConditions } from '../../../../activities/deploy/check-conditions.js';
import { mergeBudget, specDeployBudget } from '../../../../activities/deploy/deploy-budget.js';
import { passedCheck } from './deploy-check-fixture.js';

const tolerance = 1e-6;
const champion = { version: 2, records: 1000, changedLabels: 80, labelChangeShare: 0.08, metric: 0.998 };

describe('labelChanges', () => {
  it('counts records whose label differs, on the same records in the same order', () => {
    expect(labelChanges(['spam', 'ham', 'ham', 'spam'], ['spam', 'spam', 'ham', 'ham'])).toEqual({ changedLabels: 2, labelChangeShare: 0.5 });
    expect(labelChanges(['a'], ['a'])).toEqual({ changedLabels: 0, labelChangeShare: 0 });
    expect(labelChanges([], [])).toEqual({ changedLabels: 0, labelChangeShare: 0 });
    expect(() => labelChanges(['a', 'b'], ['a'])).toThrow(/differ in length/);
  });
});

describe('failedConditions', () => {
  it('passes a check within every budget, and says what was measured', () => {
    const check = passedCheck({ champion, budget: { maxP50Ms: 5, maxP99Ms: 20, maxLabelChangeShare: 0.1 } });
    expect(failedConditions(check, { tolerance })).toEqual([]);
    const reason = checkReason(check, [], []);
    expect(reason).toContain('single-record p50 1.8 ms, p99 10.6 ms, peak RSS 162 MiB');
    expect(reason).toContain('against champion version 2: 8.0% of labels change (80 of 1000)');
  });

  it('fails each latency budget it breaks, naming figure and budget', () => {
    const failed = failedConditions(passedCheck({ budget: { maxP50Ms: 1, maxP99Ms: 10 } }), { tolerance });
    expect(failed).toEqual(['single-record p50 1.80 ms is over the budget of 1 ms', 'single-record p99 10.60 ms is over the budget of 10 ms']);
  });

  it('fails a candidate that changes more labels than allowed against the champion', () => {
    expect(failedConditions(passedCheck({ champion, budget: { maxLabelChangeShare: 0.05 } }), { tolerance })).toEqual([
      '8.0% of labels (80 of 1000) change against champion version 2, over the allowed 5.0%',
    ]);
    // Without a budget the share is reported, not judged.
    expect(failedConditions(passedCheck({ champion }), { tolerance })).toEqual([]);
    // A champion that could not be compared cannot satisfy a label-change budget.
    const skipped = passedCheck({ championSkipped: 'champion version 2 could not score these records: no column title', budget: { maxLabelChangeShare: 0.05 } });
    expect(failedConditions(skipped, { tolerance })).toEqual(['the label-change budget cannot be checked: champion version 2 could not score these records: no column title']);
  });

  it('fails answers that differ from the same bundle offline or from the registered scores', () => {
    const skewed = passedCheck({ httpMetric: 0.97, difference: 0.02945, maxProbabilityDifference: 0.3 });
    expect(failedConditions(skewed, { tolerance })[0]).toMatch(/^answers over HTTP differ from the same bundle offline: roc_auc 0.970000 vs 0.999450, largest probability difference 0.3/);
    const misregistered = passedCheck({ registeredTestMetric: 0.9 });
    expect(failedConditions(misregistered, { tolerance })).toEqual(['answers over HTTP differ from the scores recorded at registration: test roc_auc 0.999450 served vs 0.900000 registered (tolerance 0.000001)']);
    // Only the whole test split can be held against the registered figure.
    expect(failedConditions(passedCheck({ registeredTestMetric: 0.9, comparedWithRegistered: false }), { tolerance })).toEqual([]);
  });

  it('names each failed request by status, error and rows, and judges nothing else', () => {
    const check = passedCheck({ failedRequests: 1, requests: 16, failures: [{ status: 413, error: 'request body over 1048576 bytes', rows: [65, 128] }], latency: { requests: 0, p50Ms: 0, p99Ms: 0 }, budget: { maxP99Ms: 1 } });
    expect(failedConditions(check, { tolerance })).toEqual(['1 of 16 requests failed: test rows 65-128: HTTP 413 request body over 1048576 bytes']);
    expect(failedConditions(check, { tolerance, startError: 'the test server did not start: it exited (code 1)' })).toEqual(['the test server did not start: it exited (code 1)']);
  });
});

describe('deploy budget', () => {
  it("takes the spec's deploy section, flags overriding it field by field", () => {
    const spec = { name: 'x', deploy: { maxP99Ms: 50, maxLabelChangeShare: 0.1, maxP50Ms: 'fast' } };
    expect(specDeployBudget(spec)).toEqual({ maxP99Ms: 50, maxLabelChangeShare: 0.1 });
    expect(specDeployBudget(undefined)).toEqual({});
    expect(mergeBudget({ maxP99Ms: 20, maxRecords: undefined }, specDeployBudget(spec))).toEqual({ maxP99Ms: 20, maxLabelChangeShare: 0.1 });
  });
});
