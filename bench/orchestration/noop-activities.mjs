// Activities that do no ML work, so the benchmark measures orchestration alone:
// `noop` trials return at once, `sleep` trials wait a fixed time (a stand-in for I/O-bound work).
// suggestTrial is the real one: the workflow asks its sampler through it (a local activity).
import { suggestTrialActivity } from '../../dist/activities/suggest-trial.js';
import { DEFAULT_EXECUTION } from '../../dist/experiment-spec/resolve-experiment.js';
export function benchActivities({ trialMs = 0 } = {}) {
  return {
    suggestTrial: suggestTrialActivity(),
    async prepareDataset() {
      const ref = { uri: 'bench://none', sha256: '0'.repeat(64), bytes: 0 };
      return { ref, dataSha256: ref.sha256, nRows: 0, classes: ['a', 'b'], positiveClass: 1, splitSizes: { train: 0, validation: 0, test: 0 }, profileRef: ref };
    },
    async runTrial(input) {
      if (trialMs > 0) await new Promise((r) => setTimeout(r, trialMs));
      const c = Number(input.pipeline.classifier.C ?? 1);
      const value = -Math.abs(Math.log10(c) - 0.5);
      return { trialNumber: input.trialNumber, value, metrics: { roc_auc: value }, fitSeconds: trialMs / 1000, resultRef: { uri: 'bench://none', sha256: '0'.repeat(64), bytes: 0 } };
    },
    async refitAndRegister() {
      return { testMetrics: { roc_auc: 0 } };
    },
  };
}

// localTrialSeconds: the product's default unless given (0: every trial a regular activity).
export function benchExperiment({ maxTrials, parallelism, localTrialSeconds = DEFAULT_EXECUTION.localTrialSeconds }) {
  return {
    name: 'orchestration-bench',
    dataUri: 'bench://none',
    target: 'label',
    columnTypes: { text: 'text' },
    metric: 'roc_auc',
    direction: 'maximize',
    seed: 1,
    split: { validation: 0.2, test: 0.2 },
    budget: { maxTrials, parallelism, patience: 0, trialTimeoutMinutes: 5 },
    execution: { heartbeatTimeoutSeconds: 60, trialAttempts: 3, localTrialSeconds },
    constraints: [],
    sampler: { name: 'random' },
    pruner: null,
    pipeline: { features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } },
    space: { params: [{ name: 'classifier__C', dist: { type: 'float', low: 1e-3, high: 1e3, log: true } }] },
    register: null,
    spec: { name: 'orchestration-bench', data: { source: 'bench://none' }, target: 'label' },
  };
}
