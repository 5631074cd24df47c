/**
 * Specs that name Parquet data or a gs:// object: accepted by the shape check, and a
 * Parquet file resolves like a CSV (the gs:// resolution itself runs against
 * fake-gcs-server in test/integration/gcs-data-source.test.ts).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSpecShape } from '../../../experiment-spec/parse-spec-file.js';
import { resolveExperiment } from '../../../experiment-spec/resolve-experiment.js';
import { syntheticRows } from '../../helpers/synthetic-text.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoflow-spec-formats-'));
  const rows = syntheticRows(120, 7);
  const bytes = parquetWriteBuffer({
    columnData: [
      { name: 'title', data: rows.map((r) => r.title), type: 'STRING' },
      { name: 'price', data: rows.map((r) => r.price), type: 'DOUBLE' },
      { name: 'label', data: rows.map((r) => r.label), type: 'STRING' },
    ],
  });
  await writeFile(join(dir, 'listings'), Buffer.from(bytes));
  await writeFile(join(dir, 'listings.parquet'), Buffer.from(bytes));
});

describe('spec data sources', () => {
  it('accepts format: parquet and a single gs:// object, and names parquet among the formats', () => {
    expect(checkSpecShape({ name: 'x', target: 'label', data: { source: 'gs://bucket/exports/listings.parquet', format: 'parquet' } }, 'spec.yaml').data).toEqual({
      source: 'gs://bucket/exports/listings.parquet',
      format: 'parquet',
    });
    expect(() => checkSpecShape({ name: 'x', target: 'label', data: { source: 'a', format: 'orc' } }, 'spec.yaml')).toThrow(
      'data.format: expected csv, tsv, jsonl, json or parquet, got "orc"',
    );
  });

  it('resolves a spec on a Parquet file, by extension or by format', async () => {
    const byExtension = await resolveExperiment({ name: 'pq', data: { source: 'listings.parquet' }, target: 'label', columns: { title: 'text', price: 'numeric' } }, dir);
    expect(byExtension.dataUri).toBe(pathToFileURL(join(dir, 'listings.parquet')).href);
    expect(byExtension.columnTypes).toEqual({ title: 'text', price: 'numeric' });
    const byFormat = await resolveExperiment({ name: 'pq', data: { source: 'listings', format: 'parquet' }, target: 'label' }, dir);
    expect(byFormat.dataFormat).toBe('parquet');
    expect(byFormat.columnTypes.title).toBe('text');
  });
});
