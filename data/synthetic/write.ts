/**
 * Writes synthetic marketplace listings to CSV (RFC 4180, header row, empty field = missing)
 * or JSON Lines (one object per row, null for missing), streaming: rows are generated and
 * written in ~1 MiB chunks, so a million rows never sit in memory.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { UserInputError } from '../../core/errors.js';
import { marketplaceColumnNames, marketplaceRows, type MarketplaceOptions } from './marketplace.js';

export type SyntheticFormat = 'csv' | 'jsonl';

const CHUNK_CHARS = 1 << 20;

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const s = String(v);
  return /[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatFromPath(path: string): SyntheticFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  throw new UserInputError(`cannot tell the format of ${path}: use a .csv or .jsonl file name, or pass the format`);
}

/**
 * Generates the rows for `options` into `path` (written to a temporary file, then renamed,
 * so a reader never sees half a file). Returns the number of rows and bytes written.
 */
export async function writeMarketplace(path: string, options: MarketplaceOptions = {}, format: SyntheticFormat = formatFromPath(path)): Promise<{ rows: number; bytes: number }> {
  const columns = marketplaceColumnNames(options);
  const temp = `${path}.tmp-${process.pid}`;
  const out = createWriteStream(temp, { encoding: 'utf8' });
  let failed: Error | undefined;
  out.on('error', (e) => (failed = e));
  let buffer = format === 'csv' ? `${columns.join(',')}\n` : '';
  let rows = 0;
  let bytes = 0;
  const flush = async (): Promise<void> => {
    if (failed) throw failed;
    bytes += Buffer.byteLength(buffer, 'utf8');
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };
  try {
    for (const row of marketplaceRows(options)) {
      const record = row as unknown as Record<string, unknown>;
      if (format === 'csv') {
        let line = '';
        for (let c = 0; c < columns.length; c++) line += (c > 0 ? ',' : '') + csvField(record[columns[c]]);
        buffer += `${line}\n`;
      } else {
        buffer += `${JSON.stringify(record)}\n`;
      }
      rows++;
      if (buffer.length >= CHUNK_CHARS) await flush();
    }
    await flush();
    out.end();
    await once(out, 'finish');
    if (failed) throw failed;
    await rename(temp, path);
  } catch (e) {
    out.destroy();
    await rm(temp, { force: true });
    throw e;
  }
  return { rows, bytes };
}
