/**
 * Batch scoring of JSON Lines: one record per input line in, one prediction per line out,
 * in the same order. Streams in batches, so memory stays flat on any input size and the
 * output waits for slow readers (backpressure). A bad line stops the run with an error
 * naming the line and the field.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { UserInputError } from '../components/core/errors.js';
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
  const { model, input, output, inputName } = options;
  const batchSize = options.batchSize ?? 512;
  const keep = options.keepFields ?? [];
  let batch: Record<string, unknown>[] = [];
  let scored = 0;
  let lineNumber = 0;

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

  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (e) {
      throw new UserInputError(`${inputName} line ${lineNumber}: not valid JSON (${(e as Error).message}); each line must be one JSON object`);
    }
    const checked = checkRecord(record, model.schema);
    if ('problems' in checked) {
      throw new UserInputError(
        checked.problems.map((p) => (p.field ? `field "${p.field}": ${p.message}` : p.message)),
        `${inputName} line ${lineNumber}: cannot score this record`,
      );
    }
    batch.push(checked.record);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { scored };
}
