/**
 * The trial histories the suggestTrial local activity has seen, per workflow run, so that a
 * workflow sends only what changed since its last ask (new trials, trials that finished or
 * reported a rung) instead of its whole history. The history was serialised into every ask,
 * and the workflow does that again when it replays: it was what still grew with the search.
 *
 * Local activities run in the worker that runs the workflow task, so the cache is usually warm;
 * when it is not (worker restarted, the run moved to another worker, a workflow task retried
 * after an ask) the versions do not line up and the workflow is told to send the whole history.
 */
import type { TrialRecord } from '../search-spaces/types.js';

interface Entry {
  /** The workflow's ask sequence number this history belongs to. */
  seq: number;
  records: TrialRecord[];
  indexByNumber: Map<number, number>;
}

/** Enough for every search a worker runs at once; the least recently asked is dropped first. */
const MAX_RUNS = 64;
const entries = new Map<string, Entry>();

function remember(key: string, entry: Entry): void {
  entries.delete(key);
  entries.set(key, entry);
  while (entries.size > MAX_RUNS) entries.delete(entries.keys().next().value!);
}

/** The whole history at ask `seq`: replaces whatever was cached for the run. */
export function storeHistory(key: string, seq: number, history: TrialRecord[]): TrialRecord[] {
  const records = [...history];
  remember(key, { seq, records, indexByNumber: new Map(records.map((r, i) => [r.number, i])) });
  return records;
}

/**
 * The history at ask `seq` from the one at `seq - 1` and the records changed since, or
 * undefined when the cache does not hold ask `seq - 1` of this run (or the result would not
 * have `length` records: a mismatch, so nothing is guessed).
 */
export function applyChanges(key: string, seq: number, changed: TrialRecord[], length: number): TrialRecord[] | undefined {
  const entry = entries.get(key);
  if (!entry || entry.seq !== seq - 1) return undefined;
  for (const record of changed) {
    const at = entry.indexByNumber.get(record.number);
    if (at === undefined) {
      entry.indexByNumber.set(record.number, entry.records.length);
      entry.records.push(record);
    } else entry.records[at] = record;
  }
  if (entry.records.length !== length) {
    entries.delete(key);
    return undefined;
  }
  entry.seq = seq;
  remember(key, entry);
  return entry.records;
}
