/**
 * The deployment check on long records (e-mails): requests are bounded by the server's body
 * limit, so a model whose held-out records do not fit 64 to a request still deploys; a record
 * over the limit on its own is reported by row, not counted as a failed deployment.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPreparedDataset, splitPart } from '../../activities/training/prepared-dataset.js';
import { createArtifactStore } from '../../artifacts/index.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../serving/server.js';
import { startInProcessWorker, type InProcessWorker } from '../helpers/in-process-worker.js';
import { syntheticRows, writeCsv } from '../helpers/synthetic-text.js';

/** Rows of ~30 KB (a few of ~1.2 MB): 40 held-out rows are well over one 1 MiB request. */
function longRows(n: number): { text: string; label: string }[] {
  const words = syntheticRows(n * 60, 5);
  return Array.from({ length: n }, (_, i) => {
    const label = i % 3 === 0 ? 'spam' : 'ok';
    const own = words.filter((w, k) => k % n === i && (w.label === label || k % 7 === 0)).map((w) => w.title);
    const repeat = i % 25 === 7 ? 20_000 : 500;
    return { text: Array.from({ length: repeat }, (_, r) => own[r % own.length]).join(' '), label };
  });
}

describe('deployModel with long records', () => {
  let dir: string;
  let inProcess: InProcessWorker;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-deploy-long-'));
    await writeCsv(join(dir, 'mail.csv'), longRows(200));
    inProcess = await startInProcessWorker(dir, `it-deploy-long-${process.pid}`);
  });

  afterAll(async () => {
    await inProcess?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends batches the server accepts and reports records over the limit by row', async () => {
    const client = inProcess.client;
    const experiment = await client.prepare(
      {
        name: 'long-mail',
        data: { source: 'mail.csv' },
        target: 'label',
        positiveLabel: 'spam',
        columns: { text: 'text' },
        seed: 1,
        budget: { maxTrials: 1, parallelism: 1 },
        ensemble: false,
        pipeline: { features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } },
        register: { model: 'long-mail' },
      },
      dir,
    );
    const search = await client.startSearch(experiment);
    await search.result();
    const deployed = await (await client.startDeploy({ candidate: 'long-mail/1', alias: 'production' })).result();

    // What the held-out split holds: which rows are over the limit on their own.
    const store = createArtifactStore(join(dir, 'artifacts'));
    const data = await readPreparedDataset(store, (await store.head(`searches/${search.searchId}/dataset.json`))!);
    const test = splitPart(data, data.split.test);
    const sizes = test.labels.map((_, r) => Buffer.byteLength(JSON.stringify({ records: [{ text: test.table.columns.text[r] }] })));
    const over = sizes.flatMap((bytes, r) => (bytes > DEFAULT_MAX_BODY_BYTES ? [r + 1] : []));
    const sentBytes = sizes.filter((b) => b <= DEFAULT_MAX_BODY_BYTES).reduce((s, b) => s + b, 0);
    expect(over.length).toBeGreaterThan(0);
    expect(sentBytes).toBeGreaterThan(DEFAULT_MAX_BODY_BYTES);

    expect(deployed.check.failures).toEqual([]);
    expect(deployed.check.failedRequests).toBe(0);
    expect(deployed.check.oversizedRecords.map((o) => o.row)).toEqual(over);
    expect(deployed.check.records).toBe(test.labels.length - over.length);
    expect(deployed.check.requests).toBeGreaterThan(1);
    expect(deployed.check.passed).toBe(true);
    expect(deployed.check.reason).toContain(`row ${over[0]} (`);
    expect(deployed.promoted).toBe(true);
  });
});
