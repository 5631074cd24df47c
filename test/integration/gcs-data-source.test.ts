/**
 * Reading data straight from gs:// objects, against fake-gcs-server over HTTP: CSV, gzipped
 * JSON Lines and Parquet through loadTable, lineage (uri and sha256 of the stored bytes),
 * the errors for a missing object or bucket, and a spec whose data.source is a gs:// object
 * or pattern.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBucket } from '../../artifacts/gcs-client.js';
import { packageRoot } from '../../devserver/project-paths.js';
import { FileSystemModelRegistry } from '../../registry/index.js';
import { isUserInputError } from '../../core/errors.js';
import { loadTable } from '../../data/load-table.js';
import { openDataStream } from '../../data/open-data-stream.js';
import { resolveNewestData } from '../../retraining/resolve-newest-data.js';
import { resolveExperiment } from '../../experiment-spec/resolve-experiment.js';
import { startFakeGcs, type FakeGcs } from '../helpers/fake-gcs.js';
import { syntheticRows } from '../helpers/synthetic-text.js';
import { fitModel, registerModel, titlesTable } from './serving-fixtures.js';

let gcs: FakeGcs;
let bucket: string;
const savedEmulator = process.env.STORAGE_EMULATOR_HOST;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function upload(name: string, bytes: Buffer, metadata: Record<string, string> = {}): Promise<void> {
  await (await openBucket(bucket)).file(name).save(bytes, { resumable: false, metadata });
}

async function loadError(source: string): Promise<Error> {
  try {
    await loadTable(source);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`expected loadTable(${source}) to fail`);
}

const parquetTempDirs = async () => (await readdir(tmpdir())).filter((n) => n.startsWith('autoflow-parquet-')).sort();

beforeAll(async () => {
  gcs = await startFakeGcs();
  // loadTable takes its endpoint from the environment, as the CLI and workers do.
  process.env.STORAGE_EMULATOR_HOST = gcs.endpoint;
  bucket = `data-${randomBytes(6).toString('hex')}`;
  await gcs.createBucket(bucket);
});
afterAll(async () => {
  if (savedEmulator === undefined) delete process.env.STORAGE_EMULATOR_HOST;
  else process.env.STORAGE_EMULATOR_HOST = savedEmulator;
  await gcs?.stop();
});

describe('loadTable on gs:// objects', () => {
  it('streams a CSV object, with the gs:// URI and the sha256 of its bytes', async () => {
    const csv = Buffer.from('text,price,label\n"hello, world",12.5,ham\nbuy now,,spam\n');
    await upload('exports/listings.csv', csv);
    const loaded = await loadTable(`gs://${bucket}/exports/listings.csv`);
    expect(loaded.columnNames).toEqual(['text', 'price', 'label']);
    expect(loaded.table.columns).toEqual({ text: ['hello, world', 'buy now'], price: ['12.5', null], label: ['ham', 'spam'] });
    expect(loaded).toMatchObject({ uri: `gs://${bucket}/exports/listings.csv`, format: 'csv', bytes: csv.length, sha256: sha256(csv) });
  });

  it('gunzips a .jsonl.gz object and hashes the compressed bytes', async () => {
    const gz = gzipSync('{"text":"a","n":1}\n{"text":"b","n":2,"extra":true}\n');
    await upload('events.jsonl.gz', gz);
    const loaded = await loadTable(`gs://${bucket}/events.jsonl.gz`);
    expect(loaded.format).toBe('jsonl');
    expect(loaded.table.columns).toEqual({ text: ['a', 'b'], n: [1, 2], extra: [null, 'true'] });
    expect(loaded.sha256).toBe(sha256(gz));
    expect(loaded.bytes).toBe(gz.length);
  });

  it('reads an object stored with Content-Encoding: gzip as its stored bytes', async () => {
    const gz = gzipSync('a,b\n1,2\n');
    await upload('encoded.csv', gz, { contentEncoding: 'gzip', contentType: 'text/csv' });
    const loaded = await loadTable(`gs://${bucket}/encoded.csv`);
    expect(loaded.table.columns).toEqual({ a: ['1'], b: ['2'] });
    expect(loaded.sha256).toBe(sha256(gz));
  });

  it('reads a Parquet object through a temporary file that is removed afterwards', async () => {
    const bytes = Buffer.from(
      parquetWriteBuffer({
        columnData: [
          { name: 'id', data: Array.from({ length: 1500 }, (_, i) => BigInt(i)), type: 'INT64' },
          { name: 'label', data: Array.from({ length: 1500 }, (_, i) => (i % 3 === 0 ? null : `c${i % 2}`)), type: 'STRING' },
        ],
        rowGroupSize: 500,
      }),
    );
    await upload('tables/part-0.parquet', bytes);
    const before = await parquetTempDirs();
    const loaded = await loadTable(`gs://${bucket}/tables/part-0.parquet`, { columns: ['label', 'id'] });
    expect(await parquetTempDirs()).toEqual(before);
    expect(loaded).toMatchObject({ uri: `gs://${bucket}/tables/part-0.parquet`, format: 'parquet', sha256: sha256(bytes), bytes: bytes.length });
    expect(loaded.columnNames).toEqual(['label', 'id']);
    expect(loaded.table.nRows).toBe(1500);
    expect(loaded.table.columns.id[1499]).toBe(1499);
    expect(loaded.table.columns.label.slice(0, 3)).toEqual([null, 'c1', 'c0']);
  });

  it('names the gs:// object when it is not Parquet', async () => {
    await upload('fake.parquet', Buffer.from('not parquet at all'));
    const err = await loadError(`gs://${bucket}/fake.parquet`);
    expect(isUserInputError(err)).toBe(true);
    expect(err.message).toBe(`gs://${bucket}/fake.parquet is not a Parquet file (a Parquet file starts and ends with the bytes "PAR1")`);
  });

  it('names a missing object, and a missing bucket', async () => {
    const missing = await loadError(`gs://${bucket}/exports/nope.csv`);
    expect(isUserInputError(missing)).toBe(true);
    expect(missing.message).toBe(`data object not found: gs://${bucket}/exports/nope.csv`);
    const noBucket = await loadError('gs://no-such-bucket-here/a.csv');
    expect(isUserInputError(noBucket)).toBe(true);
    expect(noBucket.message).toBe('data bucket not found: gs://no-such-bucket-here (reading gs://no-such-bucket-here/a.csv)');
  });
});

describe('openDataStream (autoflow score --input) on gs:// objects', () => {
  it('streams a .jsonl.gz object decompressed, and names a missing one', async () => {
    const text = '{"title":"free cash"}\n{"title":"vintage camera"}\n';
    await upload('score/in.jsonl.gz', gzipSync(text));
    const chunks: Buffer[] = [];
    for await (const chunk of await openDataStream(`gs://${bucket}/score/in.jsonl.gz`)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(text);
    await expect(openDataStream(`gs://${bucket}/score/missing.jsonl`)).rejects.toThrow(`data object not found: gs://${bucket}/score/missing.jsonl`);
  });
});

describe('autoflow score --input gs://', () => {
  it('scores a Parquet object with the compiled CLI (npm run build first)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'autoflow-gcs-score-'));
    try {
      const model = fitModel(0.5);
      await registerModel(new FileSystemModelRegistry(join(dir, 'registry')), 'spam', model);
      const titles = ['free cash prize', 'vintage camera lens'];
      await upload('score/in.parquet', Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'title', data: titles, type: 'STRING' }] })));
      const { stdout } = await promisify(execFile)(process.execPath, [join(packageRoot(), 'bin', 'autoflow.js'), 'score', '-m', 'spam/1', '-i', `gs://${bucket}/score/in.parquet`, '--no-progress'], {
        env: { ...process.env, AUTOFLOW_REGISTRY: join(dir, 'registry'), STORAGE_EMULATOR_HOST: gcs.endpoint, NO_COLOR: '1' },
      });
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
      const expected = model.predictProba(titlesTable(titles));
      expect(lines).toHaveLength(2);
      lines.forEach((line, i) => expect(line.probabilities[model.classes[0]]).toBe(expected[i * 2]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('specs on gs:// data', () => {
  const csvOf = (seed: number) => {
    const rows = syntheticRows(90, seed);
    return Buffer.from(['title,price,label', ...rows.map((r) => `"${r.title}",${r.price},${r.label}`)].join('\n') + '\n');
  };

  it('resolves a spec whose data.source is a single gs:// object', async () => {
    const csv = csvOf(3);
    await upload('specs/listings.csv', csv);
    const exp = await resolveExperiment({ name: 'gs', data: { source: `gs://${bucket}/specs/listings.csv` }, target: 'label', columns: { title: 'text', price: 'numeric' } }, '/');
    expect(exp.dataUri).toBe(`gs://${bucket}/specs/listings.csv`);
    expect(exp.columnTypes).toEqual({ title: 'text', price: 'numeric' });
  });

  it('resolves a gs:// pattern to the newest object, read in place', async () => {
    await upload('daily/listings-2026-01-01.csv', csvOf(4));
    await upload('daily/listings-2026-01-02.csv', csvOf(5));
    const newest = await resolveNewestData(`gs://${bucket}/daily/listings-*.csv`, '/');
    expect(newest).toEqual({ source: `gs://${bucket}/daily/listings-2026-01-02.csv`, uri: `gs://${bucket}/daily/listings-2026-01-02.csv`, matches: 2 });
    const exp = await resolveExperiment({ name: 'gs', data: { source: `gs://${bucket}/daily/listings-*.csv` }, target: 'label' }, '/');
    expect(exp.dataUri).toBe(newest.uri);
    await expect(resolveNewestData('gs://no-such-bucket-here/x-*.csv', '/')).rejects.toThrow('data.source: bucket not found: gs://no-such-bucket-here (for pattern gs://no-such-bucket-here/x-*.csv)');
  });
});
