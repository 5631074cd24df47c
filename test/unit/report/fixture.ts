/**
 * A realistic, deterministic SearchReportInput: a 30-trial search over a TF-IDF + classifier
 * pipeline (conditional classifier parameters, a log-scaled C, pruned and failed trials), the
 * winner's probabilities on a 240-row test split, a data profile with hostile column names
 * (to check escaping), and a drift summary. Shared by the unit tests and the browser tests.
 */
import type { ColumnProfile, DataProfile } from '../../../data/profile.js';
import type { ParamValues } from '../../../search-spaces/types.js';
import type { LeaderboardEntry } from '../../../workflows/types.js';
import type { ReportTrial, SearchReportInput } from '../../../report/types.js';
import { mulberry32 } from '../../../core/random.js';

/** A column name with markup in it: the report must show it as text. */
export const HOSTILE_COLUMN = `seller <b>"name"</b> & <script>alert('x')</script>`;
/** A class label with markup in it (multi-class fixture). */
export const HOSTILE_CLASS = '<i>scam</i>';

function gaussian(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;

export interface FixtureOptions {
  /** Three classes (ok, spam, HOSTILE_CLASS) instead of two. */
  multiClass?: boolean;
  /** Include a drift section (default true). */
  drift?: boolean;
  nTrials?: number;
  nTest?: number;
}

function trialsFor(nTrials: number, r: () => number): ReportTrial[] {
  const trials: ReportTrial[] = [];
  for (let i = 0; i < nTrials; i++) {
    const classifier = r() < 0.6 ? 'logreg' : 'naive_bayes';
    const params: ParamValues = {
      classifier,
      features__title__analyzer: r() < 0.5 ? 'word' : 'char_wb',
      features__title__ngramMax: 1 + Math.floor(r() * 3),
      features__title__minDf: 1 + Math.floor(r() * 5),
    };
    let score: number;
    if (classifier === 'logreg') {
      const C = round(10 ** (-2 + r() * 4), 5);
      params.classifier__C = C;
      // Best near C = 3; ngramMax helps; minDf barely matters.
      score = 0.93 - 0.035 * (Math.log10(C) - 0.5) ** 2;
    } else {
      const alpha = round(10 ** (-2 + r() * 3), 5);
      params.classifier__alpha = alpha;
      score = 0.885 - 0.02 * (Math.log10(alpha) + 0.5) ** 2;
    }
    score += 0.012 * ((params.features__title__ngramMax as number) - 1) + (params.features__title__analyzer === 'char_wb' ? 0.01 : 0) + 0.006 * gaussian(r);
    const value = round(Math.min(0.995, score));
    if (i === 7 || i === 19) {
      trials.push({ number: i, state: 'failed', params });
    } else if (i > 4 && value < 0.86 && i % 3 !== 0) {
      const low = round(value - 0.03 - 0.02 * r());
      trials.push({ number: i, state: 'pruned', value: low, params, intermediate: { '0.25': low } });
    } else {
      const rung = round(value - 0.02 - 0.01 * r());
      trials.push({ number: i, state: 'complete', value, params, intermediate: i > 4 ? { '0.25': rung, '0.5': round((rung + value) / 2), '1': value } : undefined });
    }
  }
  return trials;
}

function testSplit(classes: string[], positiveClass: number, nTest: number, r: () => number): SearchReportInput['test'] {
  const labels: string[] = [];
  const proba: number[] = [];
  const k = classes.length;
  for (let i = 0; i < nTest; i++) {
    // Class priors: the positive class ~35%, the rest share the remainder.
    const u = r();
    const cls = u < 0.35 ? positiveClass : (positiveClass + 1 + Math.floor(((u - 0.35) / 0.65) * (k - 1))) % k;
    labels.push(classes[cls]);
    // Logits: the true class gets a boost, with noise; slightly over-confident.
    const logits = classes.map((_, c) => (c === cls ? 1.6 : 0) + 1.1 * gaussian(r));
    const max = Math.max(...logits);
    const exps = logits.map((l) => Math.exp(1.3 * (l - max)));
    const sum = exps.reduce((s, v) => s + v, 0);
    proba.push(...exps.map((e) => round(e / sum, 6)));
  }
  return { classes, positiveClass, labels, proba };
}

function profileFor(classes: string[], labels: string[]): DataProfile {
  const nRows = 1200;
  const columns: ColumnProfile[] = [
    { name: 'title', type: 'text', inferred: false, missing: 0, unique: 1187, uniqueCapped: false, text: { avgLength: 48.3, maxLength: 212 } },
    { name: 'description', type: 'text', inferred: true, missing: 37, unique: 1150, uniqueCapped: false, text: { avgLength: 412.9, maxLength: 4096 } },
    {
      name: 'price',
      type: 'numeric',
      inferred: false,
      missing: 12,
      unique: 604,
      uniqueCapped: false,
      numeric: { min: 0.5, max: 12500, mean: 184.27, std: 611.4, unparsable: 3, unparsableExamples: ['free', 'ask', '12,50'] },
    },
    {
      name: 'category',
      type: 'categorical',
      inferred: true,
      missing: 4,
      unique: 14,
      uniqueCapped: false,
      topValues: [
        { value: 'electronics', count: 310 },
        { value: 'furniture', count: 201 },
        { value: 'clothing', count: 177 },
        { value: 'books', count: 140 },
        { value: 'toys & games', count: 96 },
        { value: 'sports', count: 80 },
        { value: 'garden', count: 61 },
      ],
    },
    { name: HOSTILE_COLUMN, type: 'categorical', inferred: true, missing: 0, unique: 873, uniqueCapped: false, topValues: [{ value: '<img src=x onerror=alert(1)>', count: 9 }, { value: 'Zoë & Co', count: 7 }] },
    { name: 'listing_id', type: 'ignore', inferred: false, missing: 0, unique: 1200, uniqueCapped: false },
  ];
  const counts = classes.map((label) => ({ label, count: Math.round((labels.filter((l) => l === label).length / labels.length) * nRows) }));
  return {
    nRows,
    target: { name: 'label', classes: counts },
    columns,
    warnings: [
      "column 'price': 3 of 1188 values are not numbers (e.g. 'free', 'ask', '12,50'); they are treated as missing",
      `column '${HOSTILE_COLUMN}' has a different value in most rows; if it is an identifier, give it type 'ignore'`,
    ],
  };
}

/** The fixture report input. Same options, same object, every time. */
export function reportFixture(options: FixtureOptions = {}): SearchReportInput {
  const r = mulberry32(20240611);
  const trials = trialsFor(options.nTrials ?? 30, r);
  const complete = trials.filter((t) => t.state === 'complete');
  const leaderboard: LeaderboardEntry[] = complete
    .map((t) => ({
      trialNumber: t.number,
      value: t.value as number,
      params: t.params,
      metrics: { roc_auc: t.value as number, pr_auc: round((t.value as number) - 0.07), accuracy: round((t.value as number) - 0.05), f1: round((t.value as number) - 0.11), log_loss: round(1.2 - (t.value as number)) },
      fitSeconds: round(0.4 + 3 * r(), 3),
    }))
    .sort((a, b) => b.value - a.value || a.trialNumber - b.trialNumber);
  const winner = leaderboard[0];
  const classes = options.multiClass ? [HOSTILE_CLASS, 'ok', 'spam'] : ['ok', 'spam'];
  const positiveClass = classes.indexOf('spam');
  const test = testSplit(classes, positiveClass, options.nTest ?? 240, r);
  const report: SearchReportInput = {
    searchId: 'listing-spam-20240611-7f3a',
    experiment: 'listing-spam',
    metric: 'roc_auc',
    direction: 'maximize',
    createdAt: '2024-06-11T09:41:07.000Z',
    trials,
    leaderboard,
    best: {
      trialNumber: winner.trialNumber,
      params: winner.params,
      validationMetrics: winner.metrics,
      testMetrics: { roc_auc: round(winner.value - 0.012), pr_auc: round(winner.value - 0.09), accuracy: round(winner.value - 0.06), f1: round(winner.value - 0.12), log_loss: round(1.25 - winner.value) },
    },
    test,
    profile: profileFor(classes, test.labels),
    model: { name: 'listing-spam', version: 4 },
  };
  if (options.drift !== false) {
    // Shaped like monitoring/drift.ts DriftReport (the report renders any shape; this one gets a table).
    report.drift = {
      referenceRows: 1100,
      currentRows: 1200,
      columns: [
        { column: 'price', type: 'numeric', statistic: 'psi', value: 0.031, level: 'stable' },
        {
          column: 'category',
          type: 'categorical',
          statistic: 'psi',
          value: 0.212,
          level: 'warning',
          topChanges: [
            { key: 'crypto & <coins>', reference: 0, current: 0.041 },
            { key: 'electronics', reference: 0.29, current: 0.258 },
          ],
        },
        { column: 'title', type: 'text', statistic: 'js-divergence', value: 0.171, level: 'drift' },
        { column: 'score', type: 'score', statistic: 'psi', value: 0.048, level: 'stable' },
      ],
    };
  }
  return report;
}
