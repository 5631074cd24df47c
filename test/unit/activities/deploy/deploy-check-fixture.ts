/** A passed deployment check with plausible figures, for tests of what is built from one. */
import type { DeployCheck } from '../../../../workflows/deploy-types.js';

export function passedCheck(overrides: Partial<DeployCheck> = {}): DeployCheck {
  return {
    model: { name: 'spam-assassin', version: 3 },
    records: 1209,
    requests: 219,
    failedRequests: 0,
    failures: [],
    oversizedRecords: [],
    metric: 'roc_auc',
    httpMetric: 0.99945,
    offlineMetric: 0.99945,
    registeredTestMetric: 0.99945,
    comparedWithRegistered: true,
    difference: 0,
    maxProbabilityDifference: 0,
    batchP50Ms: 50,
    batchP99Ms: 320,
    latency: { requests: 200, p50Ms: 1.8, p99Ms: 10.6 },
    memory: { rssBytes: 150 * 1024 * 1024, peakRssBytes: 162 * 1024 * 1024 },
    budget: {},
    timings: { serverStartMs: 1500, batchesMs: 4000, latencyProbeMs: 600, totalMs: 7000 },
    passed: true,
    reason: 'served 1209 held-out records',
    ...overrides,
  };
}
