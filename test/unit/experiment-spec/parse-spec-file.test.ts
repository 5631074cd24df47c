import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../../core/errors.js';
import { checkSpecShape, parseSpecFile } from '../../../experiment-spec/parse-spec-file.js';

async function specFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'autoflow-spec-'));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('parseSpecFile', () => {
  it('reads YAML and JSON specs', async () => {
    const yaml = await parseSpecFile(await specFile('a.yaml', 'name: x\ndata: { source: d.csv }\ntarget: y\n'));
    expect(yaml).toMatchObject({ name: 'x', data: { source: 'd.csv' }, target: 'y' });
    const json = await parseSpecFile(await specFile('a.json', JSON.stringify({ name: 'x', data: 'd.csv', target: 'y' })));
    expect(json.data).toEqual({ source: 'd.csv' });
  });

  it('names a missing file', async () => {
    await expect(parseSpecFile('/nonexistent/spec.yaml')).rejects.toThrow('spec file not found: /nonexistent/spec.yaml');
  });

  it('names the file when the YAML is broken', async () => {
    const path = await specFile('broken.yaml', 'name: [unclosed\n');
    await expect(parseSpecFile(path)).rejects.toThrow(`${path}: not valid YAML`);
  });

  it('reports every shape problem at once, with field paths and near-miss hints', () => {
    let error: UserInputError | undefined;
    try {
      checkSpecShape({ name: '', data: { source: 'x.csv', format: 'xls' }, target: 'y', metirc: 'roc_auc', budget: { maxTrials: 0, paralelism: 2 }, split: { test: 1.5 } }, 'spec.yaml');
    } catch (e) {
      error = e as UserInputError;
    }
    expect(error).toBeInstanceOf(UserInputError);
    const text = error!.problems.join('\n');
    expect(text).toContain('name: required');
    expect(text).toContain('data.format: expected csv, tsv, jsonl, json or parquet, got "xls"');
    expect(text).toContain('metirc: unknown field (did you mean "metric"?)');
    expect(text).toContain('budget.maxTrials: expected an integer >= 1, got 0');
    expect(text).toContain('budget.paralelism: unknown field (did you mean "budget.parallelism"?)');
    expect(text).toContain('split.test: expected a fraction between 0 and 0.9, got 1.5');
    expect(error!.message).toContain('spec.yaml: invalid spec');
  });

  it('names the execution field of a bad crash bound or trial deadline', () => {
    const text = (() => {
      try {
        checkSpecShape({ name: 'x', data: 'd.csv', target: 'y', execution: { maxWorkerCrashes: 0, trialDeadlineMinutes: -1, maxCrashes: 2, localTrialSeconds: 'fast' } }, 'spec.yaml');
      } catch (e) {
        return (e as UserInputError).problems.join('\n');
      }
      return '';
    })();
    expect(text).toContain('execution.maxWorkerCrashes: expected an integer >= 1, got 0');
    expect(text).toContain('execution.trialDeadlineMinutes: expected a number > 0, got -1');
    expect(text).toContain('execution.maxCrashes: unknown field');
    expect(text).toContain('execution.localTrialSeconds: expected a number >= 0 (0 turns local trials off), got "fast"');
  });

  it('accepts 0 for execution.localTrialSeconds (local trials off)', () => {
    expect(() => checkSpecShape({ name: 'x', data: 'd.csv', target: 'y', execution: { localTrialSeconds: 0 } }, 'spec.yaml')).not.toThrow();
  });

  it('rejects a spec that is not a mapping', () => {
    expect(() => checkSpecShape([1, 2], 'list.yaml')).toThrow('list.yaml: the spec must be a mapping of fields');
  });
});
