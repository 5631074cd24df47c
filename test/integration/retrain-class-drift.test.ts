/**
 * A retrain on a real dev server where the drift hides inside one class: in the second month a
 * share of the fraud rows drop their old cues and use a new phrase (their description is an ok
 * listing's, plus made-up words), a few percent of the batch. The report must name the class
 * fraud, the description column and the new words, flag the champion's fraud recall, and the
 * challenger must be promoted by the decision metric (the default criteria). A third, calm
 * month with searchWhen: drift skips the search and keeps the champion.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/random.js';
import { marketplaceRows, type MarketplaceRow } from '../../data/synthetic/index.js';
import type { ExperimentSpec } from '../../experiment-spec/experiment-spec.js';
import { createModelRegistry } from '../../registry/index.js';
import type { RetrainResult } from '../../retraining/types.js';
import { startInProcessWorker, type InProcessWorker } from '../helpers/in-process-worker.js';

const COLUMNS = ['title', 'description', 'price', 'category', 'seller_age_days', 'seller_listings', 'seller_rating', 'label'] as const;
const PHRASE = ['zorvak', 'kopaymi', 'denrax'];

async function writeMonth(path: string, rows: MarketplaceRow[]): Promise<void> {
  const field = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : `"${String(v).replace(/"/g, '""')}"`);
  await writeFile(path, `${COLUMNS.join(',')}\n${rows.map((r) => COLUMNS.map((c) => field(r[c])).join(',')).join('\n')}\n`);
}

/** 70% of fraud rows: an ok row's description with the new phrase inserted. */
function newFraudPhrasing(rows: MarketplaceRow[], seed: number): MarketplaceRow[] {
  const rng = createRng(seed);
  const ok = rows.filter((r) => r.label === 'ok');
  return rows.map((r) => {
    if (r.label !== 'fraud' || rng() >= 0.7) return r;
    const words = ok[Math.floor(rng() * ok.length)].description.split(' ');
    words.splice(Math.floor(rng() * words.length), 0, ...PHRASE.filter(() => rng() < 0.8));
    return { ...r, description: words.join(' ') };
  });
}

describe('retraining with drift inside one class', () => {
  let dir: string;
  let inProcess: InProcessWorker;
  const spec: ExperimentSpec = {
    name: 'listing-classes',
    data: { source: 'month-*.csv' },
    target: 'label',
    columns: { title: 'text', description: 'text', price: 'numeric', category: 'categorical', seller_age_days: 'numeric', seller_listings: 'numeric', seller_rating: 'ignore' },
    metric: 'pr_auc',
    seed: 3,
    budget: { maxTrials: 2, parallelism: 2 },
    pipeline: { features: { title: { kind: 'tfidf' }, description: { kind: 'tfidf' }, price: { kind: 'numeric', transform: 'log1p' }, category: { kind: 'onehot' }, seller_age_days: { kind: 'numeric', transform: 'log1p' } }, classifier: { kind: 'logreg', classWeight: 'balanced' } },
    searchSpace: { classifier__C: { low: 1, high: 30, log: true }, features__title__ngramMax: null, features__description__ngramMax: null, features__title__minDf: 2, features__description__minDf: 2, features__title__sublinearTf: null, features__description__sublinearTf: null },
    ensemble: false,
    register: { model: 'listing-classes' },
    retrain: { championAlias: 'production' },
  };
  const month = (seed: number) => [...marketplaceRows({ rows: 5000, seed, japaneseShare: 0.5 })];
  const retrain = async (s: ExperimentSpec) => (await inProcess.client.startRetrain(s, dir)).result() as Promise<RetrainResult>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-class-drift-'));
    inProcess = await startInProcessWorker(dir, `it-class-drift-${process.pid}`);
  });
  afterAll(async () => {
    await inProcess?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('names the class, column and new words, flags the champion, and promotes by the decision metric', async () => {
    await writeMonth(join(dir, 'month-01.csv'), month(11));
    const first = await retrain(spec);
    expect(first.promotedVersion).toBe(1);

    await writeMonth(join(dir, 'month-02.csv'), newFraudPhrasing(month(12), 5));
    const r = await retrain(spec);
    const drift = r.drift!;
    console.info(`class drift retrain: ${drift.findings.slice(0, 4).map((f) => f.text).join(' | ')}; ${r.decision.reason}`);
    // The marginal description statistic does not see it: fraud is a few percent of rows.
    expect(drift.columns.find((c) => c.column === 'description')?.level).toBe('stable');
    const named = drift.findings.find((f) => f.kind === 'class' && f.column === 'description');
    expect(named?.class).toBe('fraud');
    expect(['warning', 'drift']).toContain(named?.level);
    expect(named?.changes?.map((c) => c.key)).toEqual(expect.arrayContaining(PHRASE));
    expect(drift.findings.every((f) => f.kind !== 'class' || f.class === 'fraud')).toBe(true);
    const recall = drift.performance.find((m) => m.metric === 'recall:fraud');
    expect(recall?.level).toBe('drift');
    expect(recall!.current).toBeLessThan(recall!.reference - 0.2);

    expect(r.decision.promote).toBe(true);
    expect(r.promotedVersion).toBe(2);
    const decision = r.decision.criteria!.find((c) => c.name === 'decision')!;
    expect(decision.metric).toBe('macro_f1');
    expect(decision.improved).toBe(true);
    expect(decision.challenger).toBeGreaterThan(decision.champion + 0.05);
    expect(r.decision.reason).toMatch(/decision macro_f1: challenger 0\.\d{4} vs champion 0\.\d{4}, improves by/);
    expect(r.decision.reason).toMatch(/search pr_auc: challenger 0\.\d{4} vs champion 0\.\d{4}/);
    // The champion's world changed (its fraud recall drifted): the lower default bar applied, and the reason says so.
    expect(r.decision.bar).toMatchObject({ confidence: 0.75, drifted: true });
    expect(r.decision.reason).toContain("bar 75% of resamples, not 90%: the drift report reached drift, the champion's own performance included (drift) (first finding: class fraud");
    expect(await createModelRegistry(join(dir, 'registry')).getAliases('listing-classes')).toEqual({ production: 2 });
    expect(r.reportUri).toMatch(/retrains\/.+\/report\.html$/);
  });

  it('skips the search on a calm month with searchWhen: drift', async () => {
    await writeMonth(join(dir, 'month-03.csv'), newFraudPhrasing(month(13), 6));
    const r = await retrain({ ...spec, retrain: { ...spec.retrain, searchWhen: 'drift' } });
    expect(r.drift?.level).toBe('stable');
    expect(r.searchChoice).toEqual({ searched: false, reason: 'search skipped: searchWhen is drift and the drift report is stable' });
    expect(r.search).toBeUndefined();
    expect(r.decision.promote).toBe(false);
    expect(await createModelRegistry(join(dir, 'registry')).getAliases('listing-classes')).toEqual({ production: 2 });
  });
});
