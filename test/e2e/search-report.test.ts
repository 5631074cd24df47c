/**
 * The search report in a real browser: the fixture report opened from a file:// URL in
 * headless Chromium with every non-file request blocked. Checks that nothing is fetched, every
 * chart draws, the tables are filled, user text stays text, and saves screenshots.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_CHARTS, renderSearchReport } from '../../report/render-search-report.js';
import type { SearchReportInput } from '../../report/types.js';
import { HOSTILE_CLASS, HOSTILE_COLUMN, reportFixture } from '../unit/report/fixture.js';
import { screenshotDir, sharedChromium } from './chromium.js';

interface Opened {
  page: Page;
  blocked: string[];
  consoleErrors: string[];
}

describe('search report in headless Chromium', () => {
  const chromium = sharedChromium();
  let dir: string;
  let shots: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autoflow-report-e2e-'));
    shots = await screenshotDir();
  });

  afterAll(async () => {
    await chromium.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(input: SearchReportInput, name: string): Promise<Opened> {
    const file = join(dir, `${name}.html`);
    await writeFile(file, renderSearchReport(input));
    const page = await (await chromium.get()).context.newPage();
    const blocked: string[] = [];
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.route('**', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, blocked, consoleErrors };
  }

  it('opens from file:// without a single network request and draws every chart', async () => {
    const { page, blocked, consoleErrors } = await open(reportFixture(), 'binary');
    try {
      // Screenshots first, so a failing run still leaves them to look at.
      await page.screenshot({ path: join(shots, 'search-report-full.png'), fullPage: true });
      await page.screenshot({ path: join(shots, 'search-report-top.png') });
      // The sticky table of contents would cover the top of each section's picture.
      await page.addStyleTag({ content: 'nav.toc { display: none !important; }' });
      for (const id of await page.locator('main > section, main > header').evaluateAll((els) => els.map((e) => e.id))) {
        await page.locator(`#${id}`).screenshot({ path: join(shots, `search-report-section-${id}.png`) });
      }
      await page.addStyleTag({ content: 'nav.toc { display: block !important; }' });
      expect(await page.title()).toContain('listing-spam');
      for (const chart of REPORT_CHARTS) {
        const svg = page.locator(`svg[data-chart="${chart}"]`);
        expect(await svg.count(), `chart ${chart}`).toBe(1);
        expect(await svg.getAttribute('role')).toBe('img');
        expect((await svg.getAttribute('aria-label'))?.length, `aria-label of ${chart}`).toBeGreaterThan(10);
        expect(await svg.getAttribute('id')).toBe(`chart-${chart}`);
        const box = await svg.boundingBox();
        expect(box?.width, `width of ${chart}`).toBeGreaterThan(150);
        expect(box?.height, `height of ${chart}`).toBeGreaterThan(60);
        // Drawn content: marks with real size on screen, and axis text.
        const marks = await svg.evaluate((el) => {
          const shapes = [...el.querySelectorAll('path, circle, rect, line')];
          const sized = shapes.filter((s) => {
            const b = s.getBoundingClientRect();
            return b.width > 0 || b.height > 0;
          });
          return { shapes: shapes.length, sized: sized.length, texts: el.querySelectorAll('text').length };
        });
        expect(marks.shapes, `shapes in ${chart}`).toBeGreaterThan(3);
        expect(marks.sized, `visible shapes in ${chart}`).toBeGreaterThan(3);
        expect(marks.texts, `labels in ${chart}`).toBeGreaterThan(2);
      }
      expect(await page.locator('svg.chart').count()).toBe(REPORT_CHARTS.length);
      expect(blocked).toEqual([]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('draws one line per completed trial and marks pruned and failed trials', async () => {
    const input = reportFixture();
    const { page } = await open(input, 'marks');
    try {
      const count = (s: string) => input.trials.filter((t) => t.state === s).length;
      expect(await page.locator('#chart-history circle.pt.complete[data-trial]').count()).toBe(count('complete'));
      expect(await page.locator('#chart-history path.pt.pruned[data-trial]').count()).toBe(count('pruned'));
      expect(await page.locator('#chart-history path.pt.failed[data-trial]').count()).toBe(count('failed'));
      expect(await page.locator('#chart-parallel path.pc-line').count()).toBe(count('complete'));
      expect(await page.locator('#chart-parallel path.pc-line.best').getAttribute('data-trial')).toBe(String(input.best.trialNumber));
      // classifier__C spans four decades: its axis is logarithmic.
      expect(await page.locator('#chart-parallel g[data-param="classifier__C"] .pc-note').textContent()).toBe('log');
      const matrixCounts = await page.locator('#chart-confusion text.cm-count').allTextContents();
      expect(matrixCounts.map(Number).reduce((s, v) => s + v, 0)).toBe(input.test.labels.length);
    } finally {
      await page.close();
    }
  });

  it('fills the leaderboard, profile and drift sections', async () => {
    const input = reportFixture();
    const { page } = await open(input, 'tables');
    try {
      const rows = page.locator('#leaderboard-table tbody tr');
      expect(await rows.count()).toBe(input.leaderboard.length);
      const first = rows.first();
      expect(await first.getAttribute('data-trial')).toBe(String(input.leaderboard[0].trialNumber));
      expect(await first.getAttribute('class')).toBe('best');
      const trialCells = await page.locator('#leaderboard-table tbody tr td:nth-child(2)').allTextContents();
      expect(trialCells).toEqual(input.leaderboard.map((e) => String(e.trialNumber)));
      expect(await page.locator('#profile table.profile tbody tr').count()).toBe(input.profile.columns.length);
      expect(await page.locator('#profile ul.warnings li').count()).toBe(input.profile.warnings.length);
      expect(await page.locator('#drift pre.json').textContent()).toContain('crypto & <coins>');
      expect(await page.locator('#drift table.drift tbody tr').count()).toBe(4);
      expect(await page.locator('#drift tr[data-column="category"] .chip').first().textContent()).toContain('crypto & <coins>');
      expect(await page.locator('header h1').textContent()).toBe('listing-spam');
      expect(await page.locator('#summary').textContent()).toContain('listing-spam version 4');
    } finally {
      await page.close();
    }
  });

  it('shows hostile column names and labels as text, never as markup', async () => {
    const input = reportFixture({ multiClass: true });
    const { page, blocked, consoleErrors } = await open(input, 'multiclass');
    try {
      await page.addStyleTag({ content: 'nav.toc { display: none !important; }' });
      expect(await page.locator('#profile table.profile tbody th code', { hasText: HOSTILE_COLUMN }).count()).toBe(1);
      expect(await page.locator('main script, main b:not(.chip b), main img, main i').count()).toBe(0);
      // The label's own text (its <title> child repeats it for the tooltip).
      const labels = await page.locator('#chart-confusion text.cm-label').evaluateAll((els) => els.map((e) => e.firstChild?.textContent));
      expect(labels).toContain(HOSTILE_CLASS);
      // Full 3x3 matrix for three classes.
      expect(await page.locator('#chart-confusion rect.cm-cell').count()).toBe(9);
      expect(await page.locator('#test .intro').textContent()).toContain('one-vs-rest');
      expect(blocked).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await page.locator('#test').screenshot({ path: join(shots, 'search-report-multiclass-test.png') });
    } finally {
      await page.close();
    }
  });

  it('stays readable on a narrow screen', async () => {
    const { page } = await open(reportFixture({ drift: false }), 'narrow');
    try {
      await page.setViewportSize({ width: 420, height: 900 });
      await page.screenshot({ path: join(shots, 'search-report-narrow.png') });
      await page.locator('#test').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, 'search-report-narrow-test.png') });
      // The page itself does not scroll sideways; wide charts scroll inside their box.
      const overflow = await page.locator('html').evaluate((root) => root.scrollWidth - root.clientWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      expect(await page.locator('#drift').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  afterAll(() => {
    process.stderr.write(`search report screenshots: ${shots}\n`);
  });
});
