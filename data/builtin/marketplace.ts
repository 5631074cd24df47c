/**
 * builtin:marketplace and builtin:marketplace-drift — seeded synthetic marketplace listings
 * (Japanese and English) from ../synthetic/marketplace.ts; no real data is involved.
 *
 * - marketplace: 5,000 rows, seed 42, 20% not ok, classes ok / spam / prohibited / fraud.
 * - marketplace-drift: 10,000 rows over 2024, seed 42, with a `listed_at` column; after
 *   2024-10-01 most fraud follows a new pattern (see the generator's notes). Train on rows
 *   listed up to that day and test on the later ones to see a drifted model.
 */
import { createHash } from 'node:crypto';
import type { CellValue } from '../../components/core/types.js';
import { generateMarketplace, MARKETPLACE_COLUMN_TYPES, type MarketplaceOptions } from '../synthetic/marketplace.js';
import { registerBuiltinDataset, type BuiltinDatasetData } from './registry.js';

export const MARKETPLACE_BUILTIN_OPTIONS: MarketplaceOptions = { rows: 5000, seed: 42 };
export const MARKETPLACE_DRIFT_BUILTIN_OPTIONS: MarketplaceOptions = {
  rows: 10000,
  seed: 42,
  drift: { after: '2024-10-01', pattern: 'new-fraud' },
};

interface Generated {
  columnNames: string[];
  columns: Record<string, CellValue[]>;
  nRows: number;
  sha256: string;
  bytes: number;
}

function build(options: MarketplaceOptions): Generated {
  const { columnNames, columns, nRows } = generateMarketplace(options);
  // Hash: one JSON array of the row's cells per line, columns in order.
  const hash = createHash('sha256');
  let bytes = 0;
  for (let i = 0; i < nRows; i++) {
    const line = Buffer.from(`${JSON.stringify(columnNames.map((c) => columns[c][i]))}\n`, 'utf8');
    hash.update(line);
    bytes += line.length;
  }
  return { columnNames, columns, nRows, sha256: hash.digest('hex'), bytes };
}

function loader(options: MarketplaceOptions): () => Promise<BuiltinDatasetData> {
  let cached: Generated | undefined;
  return async () => {
    cached ??= build(options);
    const columns: Record<string, CellValue[]> = {};
    for (const c of cached.columnNames) columns[c] = cached.columns[c].slice();
    return { table: { nRows: cached.nRows, columns }, columnNames: [...cached.columnNames], sha256: cached.sha256, bytes: cached.bytes };
  };
}

export const loadMarketplace = loader(MARKETPLACE_BUILTIN_OPTIONS);
export const loadMarketplaceDrift = loader(MARKETPLACE_DRIFT_BUILTIN_OPTIONS);

const SOURCE = 'synthetic: AutoFlow seeded generator (data/synthetic/marketplace.ts), no real listings';

registerBuiltinDataset({
  name: 'marketplace',
  description: 'Synthetic marketplace listings (ja/en): 5,000 rows, labels ok/spam/prohibited/fraud (20% not ok), seed 42',
  source: SOURCE,
  target: 'label',
  columnTypes: { ...MARKETPLACE_COLUMN_TYPES, label: 'categorical' },
  load: loadMarketplace,
});

registerBuiltinDataset({
  name: 'marketplace-drift',
  description: 'Synthetic marketplace listings with planted drift: 10,000 rows over 2024, a new fraud pattern after 2024-10-01 (listed_at column)',
  source: SOURCE,
  target: 'label',
  columnTypes: { listed_at: 'categorical', ...MARKETPLACE_COLUMN_TYPES, label: 'categorical' },
  load: loadMarketplaceDrift,
});
