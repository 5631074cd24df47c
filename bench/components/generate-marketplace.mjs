/**
 * Writes seeded synthetic marketplace listings to CSV or JSONL (data/synthetic/marketplace.ts),
 * for benchmarks and CLI tests.
 *
 *   npm run build && node bench/components/generate-marketplace.mjs --out listings.csv \
 *     [--rows 1000000] [--seed 0] [--imbalance 0.2] [--label-noise 0.01] [--japanese 0.7] \
 *     [--binary none|fraud|any-bad] [--drift 2024-10-01|0.8] [--dist dist]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: a } = parseArgs({
  options: {
    out: { type: 'string' },
    rows: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '0' },
    imbalance: { type: 'string' },
    'label-noise': { type: 'string' },
    japanese: { type: 'string' },
    binary: { type: 'string', default: 'none' },
    drift: { type: 'string' },
    dist: { type: 'string', default: 'dist' },
  },
});
if (!a.out) {
  console.error('usage: generate-marketplace.mjs --out FILE.csv|FILE.jsonl [--rows N] [--seed S] [--drift YYYY-MM-DD|fraction] ...');
  process.exit(2);
}
const { writeMarketplace } = await import(`${pathToFileURL(resolve(a.dist)).href}/data/synthetic/index.js`);
const num = (v) => (v === undefined ? undefined : Number(v));
const drift = a.drift === undefined ? undefined : { after: /^\d{4}-/.test(a.drift) ? a.drift : Number(a.drift), pattern: 'new-fraud' };
const started = performance.now();
const { rows, bytes } = await writeMarketplace(resolve(a.out), {
  rows: Number(a.rows),
  seed: Number(a.seed),
  imbalance: num(a.imbalance),
  labelNoise: num(a['label-noise']),
  japaneseShare: num(a.japanese),
  binary: a.binary,
  drift,
});
console.error(`${rows} rows, ${(bytes / 1e6).toFixed(1)} MB -> ${resolve(a.out)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
