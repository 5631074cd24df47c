import { describe, expect, it } from 'vitest';
import { resolveEnsemble, DEFAULT_ENSEMBLE } from '../../../experiment-spec/resolve-ensemble.js';
import { renderSearchReport } from '../../../report/render-search-report.js';
import { renderModelCard } from '../../../registry/model-card.js';
import type { ModelVersion } from '../../../registry/model-registry.js';
import { chooseRegisteredModel, singleTrialChoice } from '../../../workflows/ensemble-choice.js';
import type { EnsembleSelectionOutcome } from '../../../workflows/ensemble-types.js';
import type { LeaderboardEntry } from '../../../workflows/types.js';
import { reportFixture } from '../report/fixture.js';

const entry = (trialNumber: number, value: number, C: number): LeaderboardEntry => ({ trialNumber, value, params: { classifier__C: C }, metrics: {}, fitSeconds: 1 });
const leaderboard = [entry(4, 0.9, 1), entry(2, 0.88, 10), entry(7, 0.85, 0.1)];
const selection = (value: number, members: [number, number][], best = { trialNumber: 4, value: 0.9 }): EnsembleSelectionOutcome => ({
  members: members.map(([trialNumber, weight]) => ({ trialNumber, weight, count: weight * 4 })),
  value,
  bestSingle: best,
  missing: [],
});

describe('chooseRegisteredModel', () => {
  it('registers the ensemble only when it strictly beats the best single trial, and says so with both scores', () => {
    const won = chooseRegisteredModel(selection(0.93, [[2, 0.25], [4, 0.75]]), leaderboard, 'maximize', 'roc_auc');
    expect(won.kind).toBe('ensemble');
    expect(won.reason).toBe('an ensemble of 2 trials beats the best single trial (validation roc_auc: ensemble 0.93, best single trial (4) 0.9)');
    expect(won.ensemble!.members).toEqual([
      { trialNumber: 2, weight: 0.25, params: { classifier__C: 10 } },
      { trialNumber: 4, weight: 0.75, params: { classifier__C: 1 } },
    ]);
    const tie = chooseRegisteredModel(selection(0.9, [[2, 0.5], [4, 0.5]]), leaderboard, 'maximize', 'roc_auc');
    expect(tie.kind).toBe('single');
    expect(tie.reason).toMatch(/^the ensemble does not beat the best single trial/);
    const alone = chooseRegisteredModel(selection(0.9, [[4, 1]]), leaderboard, 'maximize', 'roc_auc');
    expect(alone.kind).toBe('single');
    expect(alone.reason).toMatch(/^selection kept only trial 4/);
  });

  it('respects a minimised metric', () => {
    const best = { trialNumber: 4, value: 0.3 };
    expect(chooseRegisteredModel(selection(0.25, [[2, 0.5], [4, 0.5]], best), leaderboard, 'minimize', 'log_loss').kind).toBe('ensemble');
    expect(chooseRegisteredModel(selection(0.35, [[2, 0.5], [4, 0.5]], best), leaderboard, 'minimize', 'log_loss').kind).toBe('single');
  });
});

describe('resolveEnsemble', () => {
  it('is on with defaults unless turned off, and takes size, rounds and patience', () => {
    expect(resolveEnsemble(undefined)).toEqual({ ensemble: DEFAULT_ENSEMBLE, problems: [] });
    expect(resolveEnsemble(false)).toEqual({ ensemble: null, problems: [] });
    expect(resolveEnsemble({ size: 5, rounds: 10 })).toEqual({ ensemble: { size: 5, rounds: 10, patience: DEFAULT_ENSEMBLE.patience }, problems: [] });
  });

  it('names the bad field and value', () => {
    expect(resolveEnsemble({ size: 1 }).problems).toEqual(['ensemble.size: must be an integer from 2 to 50, got 1']);
    expect(resolveEnsemble({ rounds: 2.5 }).problems).toEqual(['ensemble.rounds: must be an integer from 1 to 1000, got 2.5']);
    expect(resolveEnsemble({ sise: 3 }).problems[0]).toMatch(/^ensemble\.sise: unknown field \(did you mean "size"\?\)/);
    expect(resolveEnsemble('yes').problems).toEqual(['ensemble: expected false or { size, rounds, patience }, got "yes"']);
  });
});

describe('what is registered, in the report and the model card', () => {
  it('the report says which was registered, why, and lists members and weights', () => {
    const registered = chooseRegisteredModel(selection(0.93, [[2, 0.25], [4, 0.75]]), leaderboard, 'maximize', 'roc_auc');
    const html = renderSearchReport({ ...reportFixture(), registered });
    expect(html).toContain('Winner: ensemble of 2 trials');
    expect(html).toContain('<section id="registered"');
    expect(html).toContain('an ensemble of 2 trials beats the best single trial');
    const table = html.slice(html.indexOf('id="ensemble-members"'), html.indexOf('</table>', html.indexOf('id="ensemble-members"')));
    expect(table.match(/<tr><td class="num">(\d+)<\/td><td class="num">([\d.]+)<\/td>/g)).toEqual(['<tr><td class="num">2</td><td class="num">0.25</td>', '<tr><td class="num">4</td><td class="num">0.75</td>']);

    const single = renderSearchReport({ ...reportFixture(), registered: singleTrialChoice(leaderboard[0], 'only 1 complete trial: nothing to ensemble') });
    expect(single).toContain('only 1 complete trial: nothing to ensemble');
    expect(single).not.toContain('id="ensemble-members"');
    expect(renderSearchReport(reportFixture())).not.toContain('id="registered"');
  });

  it('the model card lists every member with its weight', () => {
    const version: ModelVersion = {
      name: 'spam',
      version: 3,
      uri: 'file:///r/spam/3',
      createdAt: '2026-01-01T00:00:00.000Z',
      aliases: [],
      files: [],
      metrics: {},
      lineage: { dataSha256: 'a', dataUri: 'file:///d.csv', seed: 0, codeVersion: '1', trialNumber: 4, params: { classifier__C: 1 }, ensemble: [
        { trialNumber: 2, weight: 0.25, params: { classifier__C: 10 } },
        { trialNumber: 4, weight: 0.75, params: { classifier__C: 1 } },
      ] },
    } as ModelVersion;
    const card = renderModelCard(version);
    expect(card).toContain('### Ensemble members');
    expect(card).toMatch(/\| 2 \| 0\.25 \| `classifier__C=10` \|/);
    expect(card).toMatch(/\| 4 \| 0\.75 \| `classifier__C=1` \|/);
  });
});
