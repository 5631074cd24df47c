/** The report's Pareto front: a scatter with the front and the registered member, and the front's table. */
import { describe, expect, it } from 'vitest';
import { renderSearchReport } from '../../../report/render-search-report.js';
import { updateFront, type Objective } from '../../../workflows/pareto-front.js';
import type { LeaderboardEntry } from '../../../workflows/types.js';
import { reportFixture } from './fixture.js';

const objectives: Objective[] = [
  { metric: 'roc_auc', direction: 'maximize' },
  { metric: 'model_bytes', direction: 'minimize' },
];

describe('Pareto front section', () => {
  const base = reportFixture();
  // Model size grows with the score, so the front has several members.
  const leaderboard: LeaderboardEntry[] = base.leaderboard.map((e, i) => ({ ...e, metrics: { ...e.metrics, model_bytes: Math.round(1000 * e.value ** 8 + 37 * (i % 3)) } }));
  const front = leaderboard.reduce<LeaderboardEntry[]>((f, e) => updateFront(f, e, objectives), []);
  const selected = front[Math.floor(front.length / 2)];
  const html = renderSearchReport({ ...base, leaderboard, objectives, front, best: { ...base.best, trialNumber: selected.trialNumber }, winner: { trialNumber: selected.trialNumber, bestValidationTrial: leaderboard[0].trialNumber, reason: 'the select rule said so' } });
  const section = html.slice(html.indexOf('<section id="pareto"'), html.indexOf('</section>', html.indexOf('<section id="pareto"')));

  it('draws every known trial, the front members marked and the registered one ringed', () => {
    expect(front.length).toBeGreaterThan(2);
    expect(section).toContain('id="chart-pareto"');
    expect(section.match(/class="pt complete front[^"]*" data-trial/g)).toHaveLength(front.length);
    expect(section.match(/class="pt complete dominated" data-trial/g)).toHaveLength(leaderboard.length - front.length);
    expect(section).toMatch(new RegExp(`class="pt complete front best" data-trial="${selected.trialNumber}"`));
    expect(section).toContain('Registered: the select rule said so.');
  });

  it('lists the front with every objective, and is absent for one objective', () => {
    const rows = section.slice(section.indexOf('id="pareto-table"')).match(/<tr data-trial="(\d+)"/g);
    expect(rows).toHaveLength(front.length);
    expect(section).toContain('<th scope="col">model_bytes</th>');
    expect(html).toContain('href="#pareto"');
    expect(renderSearchReport(base)).not.toContain('id="pareto"');
  });
});
