/**
 * A search as a person sees it in the Temporal Web UI: a small real search runs on the test
 * dev server (in-process worker), then headless Chromium opens the UI's workflow page and the
 * workflow list filtered by AutoFlow's search attributes. Only the dev server (localhost) may
 * be reached; anything else the UI asks for is blocked and must not be needed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createArtifactStore } from '../../artifacts/index.js';
import { AutoflowClient } from '../../client/autoflow-client.js';
import { createModelRegistry } from '../../registry/index.js';
import type { ExperimentSpec } from '../../spec/experiment-spec.js';
import { createAutoflowWorker } from '../../worker/create-worker.js';
import type { SearchResult } from '../../workflows/types.js';
import { syntheticRows, writeCsv } from '../helpers/synthetic-text.js';
import { launchChromium, screenshotDir, type Browser } from './chromium.js';

const UI_WAIT = 60_000;

describe('a search in the Temporal Web UI (headless Chromium)', () => {
  let dir: string;
  let shots: string;
  let nativeConnection: NativeConnection;
  let worker: Worker;
  let workerRun: Promise<void>;
  let client: AutoflowClient;
  let browser: Browser;
  let result: SearchResult;
  const experiment = `ui-check-${process.pid}`;
  const taskQueue = `e2e-ui-${process.pid}`;
  const offHost: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-e2e-ui-'));
    shots = await screenshotDir();
    // The browser first: a missing Chromium fails here, before any search runs.
    browser = await launchChromium({ width: 1440, height: 1000 });
    await writeCsv(join(dir, 'listings.csv'), syntheticRows(240, 17));
    nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
    worker = await createAutoflowWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      deps: { store: createArtifactStore(join(dir, 'artifacts')), registry: createModelRegistry(join(dir, 'registry')), codeVersion: 'test' },
      concurrency: 2,
      overrides: { shutdownGraceTime: '1 second' },
    });
    workerRun = worker.run();
    client = await AutoflowClient.connect({ address: inject('temporalAddress'), namespace: 'default', taskQueue });
    const spec: ExperimentSpec = {
      name: experiment,
      data: { source: 'listings.csv' },
      target: 'label',
      positiveLabel: 'spam',
      columns: { title: 'text', price: 'numeric' },
      metric: 'roc_auc',
      seed: 5,
      budget: { maxTrials: 2, parallelism: 2 },
      pipeline: { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } },
      register: false,
    };
    const search = await client.startSearch(await client.prepare(spec, dir));
    result = await search.result();
  });

  afterAll(async () => {
    await browser?.close();
    await client?.close();
    worker?.shutdown();
    await workerRun;
    await nativeConnection?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function newPage(): Promise<Page> {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(UI_WAIT);
    await page.route('**', (route) => {
      const url = new URL(route.request().url());
      if (['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      offHost.push(url.href);
      return route.abort();
    });
    return page;
  }

  it('shows the search on its workflow page: id, Completed, and the static summary', async () => {
    expect(result.trials).toBe(2);
    const page = await newPage();
    try {
      const url = `${inject('temporalUiUrl')}/namespaces/default/workflows/${encodeURIComponent(result.searchId)}`;
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      // The SPA resolves the run and renders its header; wait for the id and the status.
      await page.getByText(result.searchId).first().waitFor();
      await page.getByText('Completed', { exact: true }).first().waitFor();
      const summary = `AutoML search "${experiment}": roc_auc, 2 trials x2`;
      await page.getByText(summary).first().waitFor();
      await page.screenshot({ path: join(shots, 'temporal-ui-workflow.png') });
      expect(page.url()).toContain(`/workflows/${encodeURIComponent(result.searchId)}`);
      const text = await page.locator('body').innerText();
      expect(text).toContain(result.searchId);
      expect(text).toContain('automlSearch');
      expect(text).toContain(summary);

      // The "User Metadata" tab: the static summary and details the client set at start.
      await page.getByRole('link', { name: 'User Metadata' }).or(page.getByRole('tab', { name: 'User Metadata' })).first().click();
      await page.waitForTimeout(3000);
      await page.screenshot({ path: join(shots, 'temporal-ui-metadata.png') });
      await page.getByText('sampler: random').first().waitFor();
      const metadata = await page.locator('body').innerText();
      expect(metadata).toContain(summary);
      expect(metadata).toContain('target: label');

      // The "Search Attributes" tab: what the workflow upserted as it went.
      await page.getByRole('link', { name: 'Search Attributes' }).or(page.getByRole('tab', { name: 'Search Attributes' })).first().click();
      await page.getByText('AutoflowExperiment').first().waitFor();
      await page.screenshot({ path: join(shots, 'temporal-ui-search-attributes.png') });
      const attributes = await page.locator('body').innerText();
      for (const key of ['AutoflowExperiment', 'AutoflowStatus', 'AutoflowTrialsDone', 'AutoflowBestScore']) expect(attributes).toContain(key);
      expect(attributes).toContain(experiment);
      expect(attributes).toContain('completed');
    } finally {
      await page.close();
    }
  });

  it('finds the search in the workflow list by its AutoflowExperiment search attribute', async () => {
    const page = await newPage();
    try {
      const query = `AutoflowExperiment="${experiment}"`;
      await page.goto(`${inject('temporalUiUrl')}/namespaces/default/workflows?query=${encodeURIComponent(query)}`, { waitUntil: 'domcontentloaded' });
      const row = page.getByRole('row').filter({ hasText: result.searchId });
      await row.first().waitFor();
      await page.screenshot({ path: join(shots, 'temporal-ui-list.png') });
      expect(await row.count()).toBe(1);
      const rowText = await row.first().innerText();
      expect(rowText).toContain('Completed');
      expect(rowText).toContain('automlSearch');
      // A query for another experiment does not list it: the attribute is what matched.
      await page.goto(`${inject('temporalUiUrl')}/namespaces/default/workflows?query=${encodeURIComponent(`AutoflowExperiment="no-such-${experiment}"`)}`, { waitUntil: 'domcontentloaded' });
      await page.waitForTimeout(4000);
      await page.screenshot({ path: join(shots, 'temporal-ui-list-empty.png') });
      await page.getByText(/No Workflows/i).first().waitFor();
      expect(await page.getByRole('row').filter({ hasText: result.searchId }).count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  afterAll(() => {
    process.stderr.write(`Temporal UI screenshots: ${shots}${offHost.length ? `; blocked off-host requests: ${[...new Set(offHost)].join(', ')}` : ''}\n`);
  });
});
