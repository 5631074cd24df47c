/**
 * Cross-validation (components/model-selection) and training (the prepareDataset activity,
 * whose classes and positiveClass every trial and the refit score with) must name the same
 * positive class. They once disagreed: cross-validation took classes[1], training the last class.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareDatasetActivity } from '../../../activities/prepare-dataset.js';
import type { ActivityDeps } from '../../../activities/create-activities.js';
import { FileArtifactStore } from '../../../artifacts/file-store.js';
import type { Table } from '../../../components/core/table.js';
import { crossValidate } from '../../../components/model-selection/index.js';
import { loadTable } from '../../../data/index.js';
import type { ExperimentSpec } from '../../../experiment-spec/experiment-spec.js';
import { resolveExperiment } from '../../../experiment-spec/resolve-experiment.js';
import { FileSystemModelRegistry } from '../../../registry/fs-registry.js';
import type { PreparedDataset } from '../../../workflows/types.js';

const WORDS: Record<string, string[]> = {
  fraud: ['wire', 'refund', 'urgent', 'account'],
  ok: ['table', 'lamp', 'chair', 'shelf'],
  spam: ['free', 'winner', 'click', 'prize'],
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoflow-positive-'));
  const lines = ['title,label'];
  // Three classes, so the last class ('spam') is not classes[1] ('ok'); labels carry stray spaces.
  for (let i = 0; i < 60; i++) {
    const label = Object.keys(WORDS)[i % 3];
    const w = WORDS[label];
    lines.push(`"${w[i % 4]} ${w[(i + 1) % 4]} item ${i}",${i % 5 === 0 ? ` ${label} ` : label}`);
  }
  await writeFile(join(dir, 'data.csv'), `${lines.join('\n')}\n`);
});

async function trainingPositive(over: Partial<ExperimentSpec>): Promise<string> {
  const spec: ExperimentSpec = { name: 'positive', data: { source: 'data.csv' }, target: 'label', columns: { title: 'text' }, ...over };
  const experiment = await resolveExperiment(spec, dir);
  const deps: ActivityDeps = { store: new FileArtifactStore(join(dir, 'artifacts')), registry: new FileSystemModelRegistry(join(dir, 'registry')), codeVersion: 'test' };
  const prepared: PreparedDataset = await new MockActivityEnvironment().run(prepareDatasetActivity(deps), { searchId: 's1', experiment });
  expect(prepared.classes).toEqual(['fraud', 'ok', 'spam']);
  return prepared.classes[prepared.positiveClass];
}

async function crossValidationPositive(positiveLabel?: string): Promise<string> {
  const { table } = await loadTable(join(dir, 'data.csv'));
  const pipeline = { features: { title: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } };
  const result = await crossValidate(pipeline, table as Table, table.columns.label, { k: 3, seed: 1, positiveLabel });
  expect(result.classes).toEqual(['fraud', 'ok', 'spam']);
  return result.positiveClass;
}

describe('the positive class', () => {
  it('is the last class for cross-validation and training alike', async () => {
    expect(await crossValidationPositive()).toBe('spam');
    expect(await trainingPositive({})).toBe('spam');
  });

  it('is positiveLabel for both when one is given', async () => {
    expect(await crossValidationPositive('ok')).toBe('ok');
    expect(await trainingPositive({ positiveLabel: 'ok' })).toBe('ok');
  });
});
