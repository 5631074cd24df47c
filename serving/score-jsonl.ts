/**
 * Batch scoring of JSON Lines (or of a table's rows): one record per input line in, one
 * prediction per line out, in the same order. Streams in batches, so memory stays flat on any input size and the
 * output waits for slow readers (backpressure). A bad line stops the run with an error
 * naming the line and the field.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { UserInputError } from '../core/errors.js';
import type { Table } from '../components/core/table.js';
import { checkRecord } from './input-schema.js';
import type { ServableModel } from './servable-model.js';

export interface ScoreJsonlOptions {
  model: ServableModel;
  input: Readable;
  output: Writable;
  /** How the input is named in errors, e.g. "stdin" or the file name. */
  inputName: string;
  /** Records per predictProba call. Default 512. */
  batchSize?: number;
  /** Input fields copied into each output line (e.g. an id to join on). */
  keepFields?: string[];
  /** Called after each batch with the running count. */
  onProgress?: (scored: number) => void;
}

export async function scoreJsonl(options: ScoreJsonlOptions): Promise<{ scored: number }> {
  const { input, inputName } = options;
  async function* records(): AsyncIterable<{ record: unknown; where: string }> {
    let lineNumber = 0;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNumber++;
      if (line.trim() === '') continue;
      try {
        yield { record: JSON.parse(line), where: `${inputName} line ${lineNumber}` };
      } catch (e) {
        throw new UserInputError(`${inputName} line ${lineNumber}: not valid JSON (${(e as Error).message}); each line must be one JSON object`);
      }
    }
  }
  return scoreRecords({ ...options, records: records() });
}

/**
 * Rows of a table (a CSV file read with data/load-table) as records: cells are strings as in
 * the file (numeric columns are parsed by the same rules as training), empty cells null.
 */
export async function* tableRecords(table: Table, columnNames: string[], inputName: string): AsyncIterable<{ record: unknown; where: string }> {
  for (let r = 0; r < table.nRows; r++) {
    const record: Record<string, unknown> = {};
    for (const name of columnNames) record[name] = table.columns[name][r] ?? null;
    yield { record, where: `${inputName} row ${r + 1}` };
  }
}

/** The shared loop: check each record, predict in batches, write one JSON line per record. */
export async function scoreRecords(options: Omit<ScoreJsonlOptions, 'input' | 'inputName'> & { records: AsyncIterable<{ record: unknown; where: string }> }): Promise<{ scored: number }> {
  const { model, output } = options;
  const batchSize = options.batchSize ?? 512;
  const keep = options.keepFields ?? [];
  let batch: Record<string, unknown>[] = [];
  let scored = 0;

  const flush = async () => {
    if (batch.length === 0) return;
    const predictions = await model.predict(batch);
    let text = '';
    for (let i = 0; i < batch.length; i++) {
      const kept = keep.length ? Object.fromEntries(keep.filter((f) => f in batch[i]).map((f) => [f, batch[i][f]])) : undefined;
      text += `${JSON.stringify(kept ? { ...kept, ...predictions[i] } : predictions[i])}\n`;
    }
    scored += batch.length;
    batch = [];
    if (!output.write(text)) await once(output, 'drain');
    options.onProgress?.(scored);
  };

  for await (const { record, where } of options.records) {
    const checked = checkRecord(record, model.schema);
    if ('problems' in checked) {
      throw new UserInputError(
        checked.problems.map((p) => (p.field ? `field "${p.field}": ${p.message}` : p.message)),
        `${where}: cannot score this record`,
      );
    }
    batch.push(checked.record);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { scored };
}
