/**
 * The spec reference in README.md is a spec users copy: it must parse and resolve against data
 * of the shape it describes (title, price, seller_id, label).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSpecFile } from '../../../experiment-spec/parse-spec-file.js';
import { resolveExperiment } from '../../../experiment-spec/resolve-experiment.js';
import { syntheticRows, writeCsv } from '../../helpers/synthetic-text.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoflow-readme-spec-'));
  const rows = syntheticRows(300, 9).map((r, i) => ({ title: r.title, price: r.price, seller_id: `s${i}`, label: r.label === 'spam' ? 'spam' : 'ok' }));
  await writeCsv(join(dir, 'listings.csv'), rows);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('README spec reference', () => {
  it('parses and resolves against data of its shape', async () => {
    const readme = await readFile(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Spec reference'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    await writeFile(join(dir, 'spec.yaml'), yaml!);
    const experiment = await resolveExperiment(await parseSpecFile(join(dir, 'spec.yaml')), dir);
    expect(experiment.space.params.map((p) => p.name)).toContain('classifier');
    expect(experiment.columnTypes).toEqual({ title: 'text', price: 'numeric' });
  });
});
