/** The report's HTML without a browser: structure, escaping, self-containment, odd inputs. */
import { describe, expect, it } from 'vitest';
import { REPORT_CHARTS, renderSearchReport } from '../../../report/render-search-report.js';
import { esc, fmt, logScale, niceTicks, wantsLog } from '../../../report/svg.js';
import type { SearchReportInput } from '../../../report/types.js';
import { HOSTILE_CLASS, HOSTILE_COLUMN, reportFixture } from './fixture.js';

function charts(html: string): string[] {
  return [...html.matchAll(/<svg [^>]*data-chart="([^"]+)"/g)].map((m) => m[1]);
}

describe('renderSearchReport', () => {
  const html = renderSearchReport(reportFixture());

  it('is one HTML document with every chart, each an accessible image', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(charts(html)).toEqual(['history', 'parallel', 'importance', 'roc', 'pr', 'confusion', 'calibration', 'classes']);
    expect(new Set(charts(html))).toEqual(new Set(REPORT_CHARTS));
    for (const tag of html.match(/<svg [^>]*>/g) ?? []) {
      expect(tag).toMatch(/role="img"/);
      expect(tag).toMatch(/aria-label="[^"]{10,}"/);
      expect(tag).toMatch(/id="chart-[a-z]+"/);
    }
    for (const id of ['summary', 'winner', 'history', 'parallel', 'importance', 'test', 'leaderboard', 'trials', 'profile', 'drift']) expect(html).toContain(`id="${id}"`);
  });

  it('is self-contained: no scripts, no external resources, and a CSP that forbids fetching', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link /i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(/i);
    // The only absolute URL is the SVG namespace.
    expect([...new Set(html.match(/https?:\/\/[^"'\s<>]+/g))]).toEqual(['http://www.w3.org/2000/svg']);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('escapes user text everywhere', () => {
    expect(html).toContain(esc(HOSTILE_COLUMN));
    expect(html).not.toContain(HOSTILE_COLUMN);
    expect(html).not.toContain('<img');
    expect(html).toContain('crypto &amp; &lt;coins&gt;');
    const multi = renderSearchReport(reportFixture({ multiClass: true }));
    expect(multi).not.toContain(HOSTILE_CLASS);
    expect(multi).toContain(esc(HOSTILE_CLASS));
    const evil = renderSearchReport({ ...reportFixture(), experiment: '</title><script>x()</script>', searchId: '"><b>id' });
    expect(evil).not.toMatch(/<script|<b>id/);
    expect(evil).toContain('&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;');
  });

  it('names the model with its version, or as a new version before registration', () => {
    expect(html).toContain('listing-spam version 4');
    expect(renderSearchReport({ ...reportFixture(), model: { name: 'listing-spam' } })).toContain('listing-spam, a new version');
    expect(renderSearchReport({ ...reportFixture(), model: undefined })).toContain('<dd>not registered</dd>');
  });

  it('renders the same bytes for the same input', () => {
    expect(renderSearchReport(reportFixture())).toBe(html);
  });

  it('lists the leaderboard best first and marks the winner', () => {
    const input = reportFixture();
    const rows = [...html.matchAll(/<tr data-trial="(\d+)"( class="best")?><td class="num">\d+<\/td>/g)];
    expect(rows.map((m) => Number(m[1]))).toEqual(input.leaderboard.map((e) => e.trialNumber));
    expect(rows[0][2]).toBe(' class="best"');
  });

  it('draws a full confusion matrix and one-vs-rest curves for more than two classes', () => {
    const multi = renderSearchReport(reportFixture({ multiClass: true }));
    expect(multi.match(/class="cm-cell/g)).toHaveLength(9);
    expect(multi).toContain('one-vs-rest');
    expect(multi).toContain('argmax');
  });

  it('leaves the drift section out when there is no drift, and survives drift it cannot serialise', () => {
    expect(renderSearchReport(reportFixture({ drift: false }))).not.toContain('id="drift"');
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(renderSearchReport({ ...reportFixture(), drift: circular })).toContain('drift data could not be shown');
  });

  it('tabulates drift shaped like a DriftReport, worst first, and shows any other shape as JSON', () => {
    const rows = [...html.matchAll(/<tr data-column="([^"]+)"><th scope="row"><code>[^<]*<\/code><\/th><td>[a-z]+<\/td><td>[a-z-]+<\/td>/g)].map((m) => m[1]);
    expect(rows).toEqual(['category', 'title', 'score', 'price']);
    expect(html).toContain('class="level level-warning"');
    expect(html).toContain('Reference 1100 rows, current 1200 rows.');
    const other = renderSearchReport({ ...reportFixture(), drift: { psi: { price: 0.3 }, note: '<b>shifted</b>' } });
    expect(other).not.toContain('<table class="drift">');
    expect(other).toContain('&quot;note&quot;: &quot;&lt;b&gt;shifted&lt;/b&gt;&quot;');
  });

  it('degrades to messages, not exceptions, on thin or broken inputs', () => {
    const base = reportFixture();
    const noTrials: SearchReportInput = { ...base, trials: [], leaderboard: [] };
    const out = renderSearchReport(noTrials);
    expect(out).toContain('No trial produced a score.');
    expect(out).toContain('No trial completed.');
    expect(charts(out)).not.toContain('history');

    const allFailed = renderSearchReport({ ...base, trials: base.trials.map((t) => ({ ...t, state: 'failed' as const, value: undefined })) });
    expect(allFailed).toContain('No trial produced a score.');

    const badProba = renderSearchReport({ ...base, test: { ...base.test, proba: base.test.proba.slice(1) } });
    expect(badProba).toContain('cannot be drawn');
    expect(charts(badProba)).not.toContain('roc');

    const onlyNegatives = renderSearchReport({ ...base, test: { ...base.test, labels: base.test.labels.map(() => 'ok') } });
    expect(onlyNegatives).toContain('No ROC curve');
    expect(onlyNegatives).toContain('No precision-recall curve');
    expect(charts(onlyNegatives)).toContain('confusion');

    const unknownLabels = renderSearchReport({ ...base, test: { ...base.test, labels: base.test.labels.map((l, i) => (i < 3 ? 'mystery' : l)) } });
    expect(unknownLabels).toContain('3 test rows have labels that are not among the classes');

    const single = renderSearchReport({ ...base, trials: base.trials.slice(0, 1), leaderboard: base.leaderboard.slice(0, 1) });
    expect(single).toContain('data-chart="history"');
  });

  it('marks a numeric axis spanning decades as log-scaled', () => {
    const axes = new Map([...html.matchAll(/<g class="pc-axis-group" data-param="([^"]+)">(.*?)<\/g>/g)].map((m) => [m[1], m[2]]));
    expect([...axes.keys()].sort()).toEqual(['classifier', 'classifier__C', 'classifier__alpha', 'features__title__analyzer', 'features__title__minDf', 'features__title__ngramMax']);
    const isLog = (name: string) => />log<\/text>/.test(axes.get(name) ?? '');
    expect(isLog('classifier__C')).toBe(true);
    expect(isLog('classifier__alpha')).toBe(true);
    expect(isLog('features__title__ngramMax')).toBe(false);
    // Conditional parameters get an n/a mark; integer ones only integer ticks.
    expect(axes.get('classifier__C')).toContain('>n/a</text>');
    expect(axes.get('features__title__ngramMax')).not.toMatch(/>(1\.5|2\.5)<\/text>/);
  });
});

describe('svg helpers', () => {
  it('formats numbers for people', () => {
    expect([fmt(0.961437), fmt(12500), fmt(0), fmt(1.5e-5), fmt(NaN), fmt(Infinity), fmt(2e7)]).toEqual(['0.9614', '12500', '0', '1.5e-5', 'n/a', '∞', '2e+7']);
  });

  it('escapes the five HTML specials', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('picks nice ticks and log axes', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.71, 0.97)).toEqual([0.75, 0.8, 0.85, 0.9, 0.95]);
    expect(wantsLog(0.01, 100)).toBe(true);
    expect(wantsLog(1, 5)).toBe(false);
    expect(wantsLog(0, 100)).toBe(false);
    expect(logScale([0.01, 100], [0, 400]).ticks()).toEqual([0.01, 0.1, 1, 10, 100]);
    expect(logScale([0.01, 100], [0, 400])(1)).toBeCloseTo(200, 9);
  });
});
