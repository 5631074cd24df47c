import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentSpec } from '../../../experiment-spec/experiment-spec.js';
import { resolveExperiment } from '../../../experiment-spec/resolve-experiment.js';
import { resolveRejection } from '../../helpers/spec-problems.js';
import { syntheticRows, writeCsv } from '../../helpers/synthetic-text.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoflow-resolve-'));
  await writeCsv(join(dir, 'data.csv'), syntheticRows(120, 5));
  await writeFile(join(dir, 'one-class.csv'), 'title,label\n"a b c",spam\n"d e f",spam\n"g h i",spam\n');
});

const base = (over: Partial<ExperimentSpec> = {}): ExperimentSpec => ({
  name: 'exp',
  data: { source: 'data.csv' },
  target: 'label',
  columns: { title: 'text', price: 'numeric' },
  ...over,
});

const problemsOf = async (spec: ExperimentSpec): Promise<string> => (await resolveRejection(spec, dir)).message;

describe('resolveExperiment', () => {
  it('gives each trial a deadline across attempts and a crash bound, and refuses a deadline shorter than one attempt', async () => {
    const exp = await resolveExperiment(base({ budget: { trialTimeoutMinutes: 10 } }), dir);
    expect(exp.execution).toEqual({ heartbeatTimeoutSeconds: 60, trialAttempts: 3, maxWorkerCrashes: 10, localTrialSeconds: 1, trialDeadlineMinutes: 40 });
    expect(await problemsOf(base({ budget: { trialTimeoutMinutes: 10 }, execution: { trialDeadlineMinutes: 5 } }))).toContain(
      'execution.trialDeadlineMinutes: must be at least budget.trialTimeoutMinutes (10), got 5',
    );
  });

  it('fills defaults, infers the pipeline and derives a conditional search space', async () => {
    const exp = await resolveExperiment(base({ searchSpace: { classifier: { choices: ['logreg', 'naive_bayes'] } }, pipeline: { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } } }), dir);
    expect(exp.metric).toBe('roc_auc');
    expect(exp.direction).toBe('maximize');
    expect(exp.columnTypes).toEqual({ title: 'text', price: 'numeric' });
    expect(exp.dataUri).toBe(`file://${join(dir, 'data.csv')}`);
    expect(exp.register).toEqual({ model: 'exp' });
    const names = exp.space.params.map((p) => p.name);
    // The kind choice comes before the parameters it conditions.
    expect(names.indexOf('classifier')).toBeLessThan(names.indexOf('classifier__C'));
    expect(names).toContain('classifier');
    const c = exp.space.params.find((p) => p.name === 'classifier__C');
    expect(c?.condition).toEqual({ param: 'classifier', in: ['logreg'] });
  });

  it('builds a default pipeline from column types when none is given: stacked text scores beside tabular columns', async () => {
    const exp = await resolveExperiment(base(), dir);
    // Text with a numeric column: the text reaches the trees as out-of-fold linear scores.
    expect(exp.pipeline.features).toEqual({ title: { kind: 'text_scores' }, price: { kind: 'numeric' } });
    expect(exp.pipeline.classifier.kind).toBe('gbt');
    const kinds = exp.space.params.find((p) => p.name === 'classifier')?.dist as { choices: string[] };
    expect(kinds.choices).toEqual(['gbt', 'logreg', 'linear_svm']);
    // Trees get the stacked scores; a linear classifier gets the text as n-grams.
    const params = exp.space.params;
    expect(params[0].name).toBe('classifier');
    const titleKind = params.find((p) => p.name === 'features__title');
    expect(titleKind).toEqual({ name: 'features__title', dist: { type: 'categorical', choices: ['tfidf'] }, condition: { param: 'classifier', in: ['logreg', 'linear_svm'] } });
    expect(params.find((p) => p.name === 'features__title__analyzer')).toMatchObject({ condition: { param: 'features__title', in: ['tfidf'] } });
    expect(params.find((p) => p.name === 'features__title__C')).toMatchObject({ condition: { param: 'classifier', in: ['gbt'] } });
    // A spec that fixes the classifier to trees keeps only that route, its parameters unconditional.
    const trees = await resolveExperiment(base({ searchSpace: { classifier: 'gbt' } }), dir);
    const treeTitle = trees.space.params.filter((p) => p.name.startsWith('features__title'));
    expect(treeTitle.map((p) => p.name)).toEqual(['features__title__C', 'features__title__charNgramMax']);
    expect(treeTitle.every((p) => p.condition === undefined)).toBe(true);
    expect(trees.pipeline.features.title).toEqual({ kind: 'text_scores' });
    // ... and one narrowed to linear models keeps only the n-gram route.
    const linear = await resolveExperiment(base({ searchSpace: { classifier: { choices: ['logreg', 'linear_svm'] } } }), dir);
    expect(linear.space.params.find((p) => p.name === 'features__title')).toEqual({ name: 'features__title', dist: { type: 'categorical', choices: ['tfidf'] } });
    expect(linear.space.params.some((p) => p.name === 'features__title__C')).toBe(false);
  });

  it('gives a text-only table word and character blocks on each column, and the linear families', async () => {
    const textOnly = await resolveExperiment(base({ columns: { title: 'text', price: 'ignore' } }), dir);
    expect(textOnly.pipeline.features).toEqual({ title: { kind: 'tfidf' }, title_chars: { kind: 'tfidf', column: 'title', analyzer: 'char_wb' } });
    const param = (name: string) => textOnly.space.params.find((p) => p.name === name)?.dist;
    expect(param('features__title_chars__ngramMin')).toMatchObject({ type: 'int', low: 1, high: 3 });
    expect(param('features__title_chars__ngramMax')).toMatchObject({ type: 'int', low: 3, high: 5 });
    expect(param('features__title__ngramMax')).toMatchObject({ type: 'int', low: 1, high: 2 });
    expect(param('features__title__analyzer')).toBeUndefined();
    expect(param('features__title_chars__analyzer')).toBeUndefined();
    expect((param('classifier') as { choices: string[] }).choices).toEqual(['logreg', 'naive_bayes', 'linear_svm']);
    // The spec's own overrides win over the defaults.
    const widened = await resolveExperiment(base({ columns: { title: 'text', price: 'ignore' }, searchSpace: { features__title_chars__analyzer: { choices: ['char_wb', 'char'] }, features__title_chars__ngramMax: 4 } }), dir);
    expect(widened.space.params.find((p) => p.name === 'features__title_chars__analyzer')?.dist).toEqual({ type: 'categorical', choices: ['char_wb', 'char'] });
    expect(widened.space.params.find((p) => p.name === 'features__title_chars__ngramMax')).toBeUndefined();
    expect(widened.pipeline.features.title_chars).toMatchObject({ ngramMax: 4 });
  });

  it('refuses naive Bayes chosen next to a block that outputs negative values, naming the block and the fix', async () => {
    const numericPipeline = { features: { title: { kind: 'tfidf' }, price: { kind: 'numeric' } }, classifier: { kind: 'naive_bayes' } };
    expect(await problemsOf(base({ pipeline: numericPipeline }))).toContain(
      'pipeline.classifier: naive_bayes needs non-negative features, but block "price" (numeric) can output negative values; use quantile_bins or a log1p transform of a non-negative column',
    );
    expect(await problemsOf(base({ searchSpace: { classifier: { choices: ['logreg', 'naive_bayes'] } } }))).toContain('searchSpace.classifier: naive_bayes needs non-negative features');
    // log1p of a column with no negative value stays non-negative (prices here are all > 0) ...
    const logPrice = { ...numericPipeline, features: { title: { kind: 'tfidf' }, price: { kind: 'numeric', transform: 'log1p' } } };
    expect((await resolveExperiment(base({ pipeline: logPrice }), dir)).pipeline.classifier.kind).toBe('naive_bayes');
    // With non-negative blocks only, the same choice is fine.
    const binned = await resolveExperiment(base({ pipeline: { ...numericPipeline, features: { title: { kind: 'tfidf' }, price: { kind: 'quantile_bins' } } } }), dir);
    expect(binned.pipeline.classifier.kind).toBe('naive_bayes');
  });

  it('uses the tabular default space when the task says so, and refuses an unknown task', async () => {
    const exp = await resolveExperiment(base({ task: 'tabular-classification' }), dir);
    const choices = (exp.space.params.find((p) => p.name === 'classifier')?.dist as { choices: string[] }).choices;
    expect(choices).toContain('logreg');
    expect(choices).not.toContain('naive_bayes');
    expect(await problemsOf(base({ task: 'regression' as never }))).toContain('task: expected text-classification or tabular-classification, got "regression"');
  });

  it('checks warm-start configurations against the space before anything starts', async () => {
    const sampler = { name: 'tpe', enqueue: [{ classifier: 'logreg', classifier__C: 1 }, { classifier__C: -5, features__nope__x: 1 }] };
    const message = await problemsOf(base({ sampler, searchSpace: { classifier: { choices: ['logreg', 'naive_bayes'] } } }));
    expect(message).toContain('sampler.enqueue[1].classifier__C: -5 is not a value of this parameter');
    expect(message).toContain('sampler.enqueue[1].features__nope__x: not a parameter of the search space');
    expect(message).not.toContain('enqueue[0]');
  });

  it('does not search what the template fixes, and applies fixed overrides to the template', async () => {
    const exp = await resolveExperiment(
      base({ pipeline: { features: { title: { kind: 'tfidf', ngramMax: 2 } }, classifier: { kind: 'logreg' } }, searchSpace: { classifier__C: 1.5 } }),
      dir,
    );
    const names = exp.space.params.map((p) => p.name);
    expect(names).not.toContain('features__title__ngramMax');
    expect(names).not.toContain('classifier__C');
    expect(exp.pipeline.classifier.C).toBe(1.5);
  });

  it('gives same-named parameters of different kinds their own ranges, unless they are searched alike', async () => {
    const exp = await resolveExperiment(base({ task: 'tabular-classification', columns: { title: 'ignore', price: 'numeric' } }), dir);
    const param = (name: string) => exp.space.params.find((p) => p.name === name);
    // gbt's shrinkage and mlp's Adam step size: separate ranges, each active for its kind only.
    expect(param('classifier__gbt__learningRate')).toMatchObject({ dist: { low: 0.01, high: 0.3 }, condition: { param: 'classifier', in: ['gbt'] } });
    expect(param('classifier__mlp__learningRate')).toMatchObject({ dist: { low: 1e-4, high: 1e-2 }, condition: { param: 'classifier', in: ['mlp'] } });
    expect(param('classifier__learningRate')).toBeUndefined();
    // classWeight is searched alike everywhere: one shared parameter.
    expect(param('classifier__classWeight')?.condition).toEqual({ param: 'classifier', in: ['gbt', 'logreg', 'mlp'] });
    // An override of the shared name searches every kind with that range.
    const narrowed = await resolveExperiment(base({ task: 'tabular-classification', columns: { title: 'ignore', price: 'numeric' }, searchSpace: { classifier__learningRate: { low: 0.001, high: 0.01, log: true } } }), dir);
    expect(narrowed.space.params.find((p) => p.name === 'classifier__learningRate')).toMatchObject({ dist: { low: 0.001, high: 0.01 }, condition: { param: 'classifier', in: ['gbt', 'mlp'] } });
  });

  it('narrows a range from the spec', async () => {
    const exp = await resolveExperiment(base({ searchSpace: { classifier__C: { low: 0.5, high: 2, log: true } } }), dir);
    expect(exp.space.params.find((p) => p.name === 'classifier__C')?.dist).toEqual({ type: 'float', low: 0.5, high: 2, log: true });
  });

  it('names an unknown target column with a hint', async () => {
    expect(await problemsOf(base({ target: 'lable' }))).toContain('target: column "lable" is not in');
    expect(await problemsOf(base({ target: 'lable' }))).toContain('did you mean "label"?');
  });

  it('reports unknown columns, metrics, components and inverted ranges together', async () => {
    const text = await problemsOf(
      base({
        columns: { titel: 'text' },
        metric: 'roc_aux',
        pipeline: { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } },
        searchSpace: { classifier: { choices: ['logreg', 'xgboost'] }, classifier__C: { low: 10, high: 1 } },
      }),
    );
    expect(text).toContain('columns.titel: no such column');
    expect(text).toContain('metric: unknown metric "roc_aux" (did you mean "roc_auc"?)');
    expect(text).toContain('unknown classifier component "xgboost"');
    expect(text).toMatch(/classifier__C.*(low|high)/);
  });

  it('rejects a pipeline that reads a column that does not exist or has the wrong type', async () => {
    const text = await problemsOf(base({ pipeline: { features: { body: { kind: 'tfidf' }, price: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } } }));
    expect(text).toContain('features__body__column: unknown column "body"');
    expect(text).toContain('"tfidf" reads text columns, but "price" is numeric');
  });

  it('rejects an unknown classifier parameter with its path', async () => {
    const text = await problemsOf(base({ pipeline: { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg', c: 1 } } }));
    expect(text).toContain('classifier__c: unknown parameter (did you mean "C"?)');
  });

  it('rejects a label column with one class', async () => {
    const text = await problemsOf({ name: 'x', data: { source: 'one-class.csv' }, target: 'label' });
    expect(text).toMatch(/only one class/);
  });

  it('rejects an invalid model name and an unknown sampler', async () => {
    const text = await problemsOf(base({ register: { model: '../evil' }, sampler: 'tpee' }));
    expect(text).toContain('register.model:');
    expect(text).toContain('sampler:');
  });

  it('names a missing data file', async () => {
    await expect(resolveExperiment(base({ data: { source: 'missing.csv' } }), dir)).rejects.toThrow(join(dir, 'missing.csv'));
  });
});
