/** The honest winner: best fold mean, ties (one standard error, paired) to a much faster model. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RESCORE, resolveRescore } from '../../../experiment-spec/resolve-rescore.js';
import { renderSearchReport } from '../../../report/render-search-report.js';
import { leaderboardTable } from '../../../cli/search-output.js';
import { chooseWinner } from '../../../workflows/rescore-choice.js';
import { reportFixture } from '../report/fixture.js';
import type { RescoredTrial } from '../../../workflows/rescore-types.js';

/** Mean over the finite folds, as the re-scoring activity computes it. */
const trial = (trialNumber: number, values: number[], fitSeconds = 1): RescoredTrial => {
  const finite = values.filter((v) => Number.isFinite(v));
  return { trialNumber, values, mean: finite.reduce((a, b) => a + b, 0) / finite.length, fitSeconds };
};

describe('chooseWinner', () => {
  it('picks the best fold mean over the luckiest validation score, and says so', () => {
    // Trial 7 had the best validation score but re-scores worse on every fold.
    const choice = chooseWinner([trial(7, [0.8, 0.81, 0.79]), trial(3, [0.86, 0.87, 0.85])], 7, 'maximize', 'roc_auc');
    expect(choice.trialNumber).toBe(3);
    expect(choice.bestValidationTrial).toBe(7);
    expect(choice.reason).toMatch(/trial 3: 3-fold mean roc_auc 0\.86.*best validation score \(trial 7\) re-scored 0\.8/);
  });

  it('reads direction: lower log loss wins', () => {
    expect(chooseWinner([trial(1, [0.3, 0.31]), trial(2, [0.2, 0.22])], 1, 'minimize', 'log_loss').trialNumber).toBe(2);
  });

  it('gives a tie to a model at least twice as fast, but not a clear loss', () => {
    // Paired deficits of trial 2: 0.01, -0.01, 0.005 -> mean 0.0017, well within one standard error.
    const slowBest = trial(1, [0.9, 0.88, 0.9], 10);
    const fastTie = trial(2, [0.89, 0.89, 0.895], 2);
    const tie = chooseWinner([slowBest, fastTie], 1, 'maximize', 'f1');
    expect(tie.trialNumber).toBe(2);
    expect(tie.reason).toMatch(/within one standard error.*5x faster/);
    // A consistent deficit on every fold is not a tie, however fast the model.
    const fastLoser = trial(2, [0.85, 0.83, 0.851], 0.1);
    expect(chooseWinner([slowBest, fastLoser], 1, 'maximize', 'f1').trialNumber).toBe(1);
    // A tie that is not much faster leaves the best mean in place.
    expect(chooseWinner([slowBest, { ...fastTie, fitSeconds: 8 }], 1, 'maximize', 'f1').trialNumber).toBe(1);
  });

  it('skips folds where a metric is undefined and falls back to validation when nothing is usable', () => {
    // Trial 4's undefined first fold does not sink it: 0.75 over its two scored folds beats 0.7.
    expect(chooseWinner([trial(4, [NaN, 0.75, 0.75]), trial(5, [0.9, 0.6, 0.6])], 4, 'maximize', 'roc_auc').trialNumber).toBe(4);
    expect(chooseWinner([trial(4, [NaN, 0.6, 0.6]), trial(5, [0.9, 0.6, 0.6])], 4, 'maximize', 'roc_auc').trialNumber).toBe(5);
    const none = chooseWinner([{ trialNumber: 4, values: [NaN], mean: NaN, fitSeconds: 1 }], 4, 'maximize', 'roc_auc');
    expect(none).toMatchObject({ trialNumber: 4, reason: expect.stringMatching(/no usable fold scores/) });
  });
});

describe('resolveRescore', () => {
  it('is on by default, off with false, and takes top and folds', () => {
    expect(resolveRescore(undefined)).toEqual({ rescore: DEFAULT_RESCORE, problems: [] });
    expect(resolveRescore(false)).toEqual({ rescore: null, problems: [] });
    expect(resolveRescore({ folds: 5 })).toEqual({ rescore: { top: DEFAULT_RESCORE.top, folds: 5 }, problems: [] });
  });

  it('names the bad field and value', () => {
    expect(resolveRescore({ folds: 1 }).problems).toEqual(['rescore.folds: must be an integer from 2 to 20, got 1']);
    expect(resolveRescore({ top: 60 }).problems).toEqual(['rescore.top: must be an integer from 2 to 50, got 60']);
    expect(resolveRescore({ fold: 3 }).problems[0]).toMatch(/^rescore\.fold: unknown field \(did you mean "folds"\?\)/);
  });
});

describe('both scores where people look', () => {
  it('the report and the CLI leaderboard show the fold mean beside the validation score, and the report says why the winner won', () => {
    const base = reportFixture();
    const leaderboard = base.leaderboard.map((e, i) => (i < 2 ? { ...e, rescored: { values: [0.5, 0.6, 0.7], mean: 0.6 + i / 10, fitSeconds: 1 } } : e));
    const winner = { trialNumber: leaderboard[1].trialNumber, bestValidationTrial: leaderboard[0].trialNumber, reason: 'trial X: 3-fold mean better' };
    const html = renderSearchReport({ ...base, leaderboard, winner });
    expect(html).toContain(`${base.metric}, 3-fold mean</th>`);
    expect(html).toContain('<td class="num">0.7</td>');
    expect(html).toContain('Winner: trial X: 3-fold mean better.');
    const table = leaderboardTable(leaderboard, base.metric);
    expect(table.split('\n')[0]).toMatch(/3-fold/);
    expect(table.split('\n')[2]).toContain('0.7000');
    expect(leaderboardTable(base.leaderboard, base.metric)).not.toMatch(/fold/);
  });
});
