/**
 * A search as a person sees it in the Temporal Web UI: a small real search runs on the test
 * dev server (in-process worker), then headless Chromium opens the UI's workflow page and the
 * workflow list filtered by AutoFlow's search attributes. Only the dev server (localhost) may
 * be reached; anything else the UI asks for is blocked and must not be needed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createArtifactStore } from '../../artifacts/index.js';
import { saveSearchReport } from '../../cli/commands/report.js';
import type { AutoflowClient } from '../../client/autoflow-client.js';
import { startInProcessWorker, type InProcessWorker } from '../helpers/in-process-worker.js';
import { listingsSpec } from '../helpers/listings-search.js';
import type { SearchResult } from '../../workflows/types.js';
import { syntheticRows, writeCsv } from '../helpers/synthetic-text.js';
import { chromiumProblem, screenshotDir, sharedChromium } from './chromium.js';

const UI_WAIT = 60_000;

/** The text of the page and all its frames, once every string in `needles` shows up in it (bounded by UI_WAIT). */
async function waitForText(page: Page, needles: string[]): Promise<string> {
  const deadline = Date.now() + UI_WAIT;
  let text = '';
  for (;;) {
    const parts: string[] = [];
    for (const frame of page.frames()) parts.push(await frame.locator('body').innerText({ timeout: 5_000 }).catch(() => ''));
    // Markdown rendering collapses newlines and curls quotes.
    text = parts.join('\n').replace(/\s+/g, ' ').replace(/[“”]/g, '"');
    const missing = needles.filter((n) => !text.includes(n));
    if (!missing.length) return text;
    if (Date.now() > deadline) throw new Error(`the page never showed ${missing.map((m) => JSON.stringify(m)).join(', ')}; it shows: ${text.slice(0, 2000)}`);
    await page.waitForTimeout(500);
  }
}

describe('a search in the Temporal Web UI (headless Chromium)', () => {
  let dir: string;
  let shots: string;
  let inProcess: InProcessWorker;
  let client: AutoflowClient;
  const chromium = sharedChromium({ width: 1440, height: 1000 });
  let result: SearchResult;
  const experiment = `ui-check-${process.pid}`;
  const taskQueue = `e2e-ui-${process.pid}`;
  const offHost: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-e2e-ui-'));
    shots = await screenshotDir();
    // Without Chromium every test fails with how to install it; don't spend a search first.
    if (chromiumProblem()) return;
    await writeCsv(join(dir, 'listings.csv'), syntheticRows(240, 17));
    inProcess = await startInProcessWorker(dir, taskQueue);
    client = inProcess.client;
    const spec = listingsSpec(experiment, {
      metric: 'roc_auc', seed: 5, budget: { maxTrials: 2, parallelism: 2 },
      pipeline: { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } }, register: false,
    });
    const search = await client.startSearch(await client.prepare(spec, dir));
    result = await search.result();
  });

  afterAll(async () => {
    await chromium.close();
    await inProcess?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function newPage(): Promise<Page> {
    const page = await (await chromium.get()).context.newPage();
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
    const page = await newPage();
    expect(result.trials).toBe(2);
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

      // The "User Metadata" tab: the static summary and details the client set at start. The UI
      // renders them as markdown inside sandboxed iframes, so read every frame's text.
      await page.getByRole('link', { name: 'User Metadata' }).or(page.getByRole('tab', { name: 'User Metadata' })).first().click();
      await page.getByText('Current Details').first().waitFor();
      const metadata = await waitForText(page, ['sampler: random', 'target: label', summary, 'trials done']);
      await page.screenshot({ path: join(shots, 'temporal-ui-metadata.png') });
      expect(metadata).toContain(`seed: 5`);
      // Current details: what the workflow reports as it runs (its own markdown).
      expect(metadata).toMatch(new RegExp(`${experiment} — completed; 2[⁄/]2 trials done`));

      // The "Search Attributes" tab: what the workflow upserted as it went.
      await page.getByRole('link', { name: 'Search Attributes' }).or(page.getByRole('tab', { name: 'Search Attributes' })).first().click();
      await page.getByText('AutoflowExperiment').first().waitFor();
      await page.screenshot({ path: join(shots, 'temporal-ui-search-attributes.png') });
      const attributes = await page.locator('body').innerText();
      for (const key of ['AutoflowExperiment', 'AutoflowStatus', 'AutoflowTrialsDone', 'AutoflowBestScore']) expect(attributes).toContain(key);
      expect(attributes).toContain(`"AutoflowExperiment": "${experiment}"`);
      expect(attributes).toContain('"AutoflowStatus": "completed"');
      expect(attributes).toContain('"AutoflowTrialsDone": 2');
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
      await page.getByText(/No Results|No Workflows/).first().waitFor();
      await page.screenshot({ path: join(shots, 'temporal-ui-list-empty.png') });
      expect(await page.getByRole('row').filter({ hasText: result.searchId }).count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('stores the search report, which `autoflow report` finds and Chromium draws offline', async () => {
    const page = await (await chromium.get()).context.newPage();
    const store = createArtifactStore(join(dir, 'artifacts'));
    const local = await saveSearchReport(store, result.searchId);
    const fetched: string[] = [];
    try {
      await page.route('**', (route) => {
        if (route.request().url().startsWith('file:')) return route.continue();
        fetched.push(route.request().url());
        return route.abort();
      });
      await page.goto(pathToFileURL(local.path).href);
      await page.screenshot({ path: join(shots, 'real-search-report.png'), fullPage: true });
      expect(await page.locator('header h1').textContent()).toBe(experiment);
      expect(await page.locator('#leaderboard-table tbody tr').count()).toBe(2);
      for (const chart of ['history', 'parallel', 'roc', 'pr', 'confusion', 'calibration', 'classes']) {
        const box = await page.locator(`svg[data-chart="${chart}"]`).boundingBox();
        expect(box?.width, chart).toBeGreaterThan(100);
      }
      expect(fetched).toEqual([]);
    } finally {
      await page.close();
    }
  });

  afterAll(() => {
    process.stderr.write(`Temporal UI screenshots: ${shots}${offHost.length ? `; blocked off-host requests: ${[...new Set(offHost)].join(', ')}` : ''}\n`);
  });
});
