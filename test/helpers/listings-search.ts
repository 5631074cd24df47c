/** Setup shared by the tests that run real searches over a listings.csv of titled, priced rows labelled spam or ok. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExperimentSpec } from '../../experiment-spec/experiment-spec.js';
import { startInProcessWorker, type InProcessWorker } from './in-process-worker.js';
import { writeCsv } from './synthetic-text.js';

/** A fresh temporary directory (its name starts with `prefix`) holding `rows` as listings.csv. */
export async function listingsDir(prefix: string, rows: Record<string, string | number>[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await writeCsv(join(dir, 'listings.csv'), rows);
  return dir;
}

/** listingsDir, then a worker on `taskQueue` with its stores in that directory (removed again when the worker does not start). */
export async function startListingsSearch(prefix: string, taskQueue: string, rows: Record<string, string | number>[]): Promise<{ dir: string; inProcess: InProcessWorker }> {
  const dir = await listingsDir(prefix, rows);
  try {
    return { dir, inProcess: await startInProcessWorker(dir, taskQueue) };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** For afterAll: stops the worker and removes the directory (each when there is one). */
export async function stopAndRemove(inProcess: InProcessWorker | undefined, dir: string | undefined): Promise<void> {
  await inProcess?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** A spec over listings.csv: spam (positive) or ok from the title (text) and price (numeric); `fields` give the rest. */
export function listingsSpec(name: string, fields: Omit<Partial<ExperimentSpec>, 'name'>): ExperimentSpec {
  return { name, data: { source: 'listings.csv' }, target: 'label', positiveLabel: 'spam', columns: { title: 'text', price: 'numeric' }, ...fields };
}
