import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pipeline, UserInputError, computeMetric, type Table } from '../../../components/index.js';
import { getBuiltinDataset, listBuiltinDatasets, loadTable } from '../../../data/index.js';
import {
  generateMarketplace,
  marketplaceColumnNames,
  marketplaceLabels,
  marketplaceRows,
  writeMarketplace,
  type MarketplaceRow,
} from '../../../data/synthetic/index.js';

const rowsOf = (o: Parameters<typeof marketplaceRows>[0]) => [...marketplaceRows(o)];
const text = (r: MarketplaceRow) => `${r.title} ${r.description}`;

/** Cues per class, as the generator plants them. */
const SPAM_CUE = /https?:\/\/|#\S|!!!|！！！|(\S+) \1 /;
const PROHIBITED_CUE = /コピー|ノーブランド品（ロゴあり）|N級品|レプリカ|偽物|replica|copy|dupe|エアガン|スタンガン|ナイフ|警棒|催涙|睡眠薬|大麻|処方薬|痩せ薬|合法ハーブ|airsoft|stun gun|switchblade|baton|pepper spray|pills|THC|legal high/i;
const CONTACT_CUE = /LINE|WhatsApp|@\w+\.\w+|\d{3}-\d{4}|電話|Call or text/;
const NEW_FRAUD_CUE = /カカオトーク|Kakao|ギフト券|ギフトカード|gift card|在庫確認のため先に|confirm stock/;

describe('synthetic marketplace generator', () => {
  it('is deterministic: the same options give identical rows, another seed different ones', () => {
    const a = rowsOf({ rows: 500, seed: 7, drift: { after: '2024-06-30', pattern: 'new-fraud' } });
    const b = rowsOf({ rows: 500, seed: 7, drift: { after: '2024-06-30', pattern: 'new-fraud' } });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = rowsOf({ rows: 500, seed: 8, drift: { after: '2024-06-30', pattern: 'new-fraud' } });
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('has the documented columns, types, and a plausible imbalance', () => {
    const { columnNames, columns, nRows } = generateMarketplace({ rows: 5000, seed: 1, labelNoise: 0 });
    expect(nRows).toBe(5000);
    expect(columnNames).toEqual(['title', 'description', 'price', 'category', 'seller_age_days', 'seller_listings', 'seller_rating', 'label']);
    expect(columns.title.every((t) => typeof t === 'string' && t.length > 0)).toBe(true);
    expect(columns.price.every((p) => typeof p === 'number' && p >= 300 && Number.isFinite(p))).toBe(true);
    expect(columns.seller_rating.some((r) => r === null)).toBe(true);
    expect(columns.seller_rating.every((r) => r === null || (typeof r === 'number' && r >= 1 && r <= 5))).toBe(true);
    const bad = columns.label.filter((l) => l !== 'ok').length / nRows;
    expect(bad).toBeGreaterThan(0.17);
    expect(bad).toBeLessThan(0.23);
    expect(new Set(columns.label)).toEqual(new Set(['ok', 'spam', 'prohibited', 'fraud']));
    // Both languages appear.
    const japanese = columns.title.filter((t) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(String(t))).length / nRows;
    expect(japanese).toBeGreaterThan(0.5);
    expect(japanese).toBeLessThan(0.9);
    // Price depends on category: watches cost more than books.
    const median = (cat: string) => {
      const ps = columns.price.filter((_, i) => columns.category[i] === cat && columns.label[i] === 'ok').map(Number).sort((x, y) => x - y);
      return ps[ps.length >> 1];
    };
    expect(median('watches')).toBeGreaterThan(10 * median('books'));
  });

  it('plants the cues of each class (every bad row shows at least one)', () => {
    const rows = rowsOf({ rows: 6000, seed: 2, labelNoise: 0, imbalance: 0.4 });
    const share = (label: string, cue: (r: MarketplaceRow) => boolean) => {
      const of = rows.filter((r) => r.label === label);
      return of.filter(cue).length / of.length;
    };
    expect(share('spam', (r) => SPAM_CUE.test(text(r)) || /[A-Z]{4,}/.test(r.title))).toBe(1);
    expect(share('ok', (r) => SPAM_CUE.test(text(r)))).toBeLessThan(0.05);
    expect(share('prohibited', (r) => PROHIBITED_CUE.test(text(r)))).toBe(1);
    expect(share('ok', (r) => PROHIBITED_CUE.test(text(r)))).toBeLessThan(0.01);
    // Fraud: off-platform contact, a too-good price, or a brand-new seller.
    const medianOk = new Map<string, number>();
    for (const cat of new Set(rows.map((r) => r.category))) {
      const ps = rows.filter((r) => r.category === cat && r.label === 'ok').map((r) => r.price).sort((a, b) => a - b);
      medianOk.set(cat, ps[ps.length >> 1]);
    }
    const fraudCue = (r: MarketplaceRow) => CONTACT_CUE.test(text(r)) || r.price < 0.5 * medianOk.get(r.category)! || r.seller_age_days <= 14;
    // A low price is a cue only against the category's spread, so a few fraud rows look ordinary.
    expect(share('fraud', fraudCue)).toBeGreaterThan(0.95);
    expect(share('fraud', (r) => CONTACT_CUE.test(text(r)))).toBeGreaterThan(0.4);
    expect(share('ok', (r) => CONTACT_CUE.test(text(r)))).toBeLessThan(0.01);
    expect(share('fraud', (r) => r.seller_age_days <= 14)).toBeGreaterThan(share('ok', (r) => r.seller_age_days <= 14) * 4);
    expect(share('spam', (r) => r.seller_listings > 100)).toBeGreaterThan(share('ok', (r) => r.seller_listings > 100) * 3);
  });

  it('adds label noise at about the requested rate, without changing the listings', () => {
    const clean = rowsOf({ rows: 4000, seed: 3, labelNoise: 0 });
    const noisy = rowsOf({ rows: 4000, seed: 3, labelNoise: 0.1 });
    expect(noisy.map((r) => r.description)).toEqual(clean.map((r) => r.description));
    const flipped = noisy.filter((r, i) => r.label !== clean[i].label).length / noisy.length;
    expect(flipped).toBeGreaterThan(0.08);
    expect(flipped).toBeLessThan(0.12);
  });

  it('binary modes relabel: fraud vs not_fraud, bad vs ok', () => {
    expect(new Set(rowsOf({ rows: 2000, seed: 4, binary: 'fraud' }).map((r) => r.label))).toEqual(new Set(marketplaceLabels({ binary: 'fraud' })));
    expect(new Set(rowsOf({ rows: 2000, seed: 4, binary: 'any-bad' }).map((r) => r.label))).toEqual(new Set(['bad', 'ok']));
    const multi = rowsOf({ rows: 2000, seed: 4 });
    const fraudOnly = rowsOf({ rows: 2000, seed: 4, binary: 'fraud' });
    fraudOnly.forEach((r, i) => expect(r.label === 'fraud').toBe(multi[i].label === 'fraud'));
    expect(fraudOnly.map((r) => r.title)).toEqual(multi.map((r) => r.title));
  });

  it('validates its options with UserInputErrors', () => {
    expect(() => rowsOf({ rows: 0 })).toThrow(UserInputError);
    expect(() => rowsOf({ imbalance: 1.5 })).toThrow(/imbalance/);
    expect(() => rowsOf({ drift: { after: '2024-13-01', pattern: 'new-fraud' } })).toThrow(/YYYY-MM-DD/);
    expect(() => rowsOf({ drift: { after: '2030-01-01', pattern: 'new-fraud' } })).toThrow(/drift.after/);
    expect(() => rowsOf({ drift: { after: 1.5, pattern: 'new-fraud' } })).toThrow(/drift.after/);
    expect(() => rowsOf({ binary: 'maybe' as never })).toThrow(/binary/);
    expect(() => rowsOf({ seed: 1.5 })).toThrow(/seed/);
  });
});

describe('planted drift', () => {
  const after = '2024-09-30';
  const rows = rowsOf({ rows: 12000, seed: 5, labelNoise: 0, drift: { after, pattern: 'new-fraud' } });
  const before = rows.filter((r) => r.listed_at! <= after);
  const later = rows.filter((r) => r.listed_at! > after);

  it('dates rows in order over the period, with listed_at first', () => {
    expect(marketplaceColumnNames({ drift: { after, pattern: 'new-fraud' } })[0]).toBe('listed_at');
    expect(Object.keys(rows[0])[0]).toBe('listed_at');
    expect(rows[0].listed_at! >= '2024-01-01').toBe(true);
    expect(rows[rows.length - 1].listed_at! <= '2024-12-31').toBe(true);
    for (let i = 1; i < rows.length; i++) expect(rows[i].listed_at! >= rows[i - 1].listed_at!).toBe(true);
    expect(before.length / rows.length).toBeGreaterThan(0.7);
    expect(later.length).toBeGreaterThan(2000);
  });

  it('the new fraud pattern appears only after the drift date, with market prices and old accounts', () => {
    expect(before.filter((r) => NEW_FRAUD_CUE.test(text(r)))).toHaveLength(0);
    const fraudLater = later.filter((r) => r.label === 'fraud');
    const newPattern = fraudLater.filter((r) => NEW_FRAUD_CUE.test(text(r)));
    expect(newPattern.length / fraudLater.length).toBeGreaterThan(0.6);
    expect(later.filter((r) => r.label !== 'fraud' && NEW_FRAUD_CUE.test(text(r)))).toHaveLength(0);
    // The new pattern drops the old cues: no LINE/phone contact, no new sellers.
    expect(newPattern.filter((r) => CONTACT_CUE.test(text(r)))).toHaveLength(0);
    expect(newPattern.filter((r) => r.seller_age_days <= 14)).toHaveLength(0);
    const oldFraud = before.filter((r) => r.label === 'fraud');
    expect(oldFraud.filter((r) => r.seller_age_days <= 14).length / oldFraud.length).toBeGreaterThan(0.3);
  });

  it('a fraction drift point splits by row', () => {
    const byRow = rowsOf({ rows: 4000, seed: 6, labelNoise: 0, drift: { after: 0.5, pattern: 'new-fraud' } });
    expect(byRow.slice(0, 2000).filter((r) => NEW_FRAUD_CUE.test(text(r)))).toHaveLength(0);
    expect(byRow.slice(2000).filter((r) => NEW_FRAUD_CUE.test(text(r))).length).toBeGreaterThan(20);
  });

  it('a model trained before the drift misses much of the fraud after it', () => {
    const table = (rs: MarketplaceRow[]): Table => ({ nRows: rs.length, columns: { text: rs.map(text), price: rs.map((r) => r.price), age: rs.map((r) => r.seller_age_days) } });
    const binary = (rs: MarketplaceRow[]) => rs.map((r) => (r.label === 'fraud' ? 'fraud' : 'other'));
    const train = before.slice(0, 6000);
    const heldOut = before.slice(6000);
    const pipeline = Pipeline.create({
      features: { text: { kind: 'tfidf', analyzer: 'char_wb', ngramMin: 2, ngramMax: 3, minDf: 3 }, price: { kind: 'numeric', transform: 'log1p' }, age: { kind: 'numeric', transform: 'log1p' } },
      classifier: { kind: 'logreg', C: 10 },
    }).fit(table(train), binary(train), { seed: 0 });
    const fraud = pipeline.classes.indexOf('fraud');
    const recall = (rs: MarketplaceRow[]) => {
      const proba = pipeline.predictProba(table(rs));
      const y = Int32Array.from(binary(rs), (l) => pipeline.classes.indexOf(l));
      const fraudRows = [...y].map((v, i) => [v, i]).filter(([v]) => v === fraud);
      return { recall: fraudRows.filter(([, i]) => proba[i * 2 + fraud] >= 0.5).length / fraudRows.length, auc: computeMetric('roc_auc', y, proba, 2, fraud) };
    };
    const pre = recall(heldOut);
    const post = recall(later);
    expect(pre.recall).toBeGreaterThan(0.6);
    expect(post.recall).toBeLessThan(pre.recall - 0.3);
    expect(post.auc).toBeLessThan(pre.auc);
  });
});

describe('writing and the builtins', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'autoflow-marketplace-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes CSV and JSONL that load back to the generated rows', async () => {
    const options = { rows: 300, seed: 9, drift: { after: 0.6, pattern: 'new-fraud' as const } };
    const expected = generateMarketplace(options);
    for (const file of ['listings.csv', 'listings.jsonl']) {
      const written = await writeMarketplace(path.join(dir, file), options);
      expect(written.rows).toBe(300);
      const loaded = await loadTable(path.join(dir, file));
      expect(loaded.columnNames).toEqual(expected.columnNames);
      expect(loaded.table.nRows).toBe(300);
      for (const c of expected.columnNames) {
        // CSV cells stay strings until profiling; JSONL keeps numbers.
        expect(loaded.table.columns[c].map((v) => (v === null ? null : String(v)))).toEqual(expected.columns[c].map((v) => (v === null ? null : String(v))));
      }
    }
    await expect(writeMarketplace(path.join(dir, 'x.parquet'), options)).rejects.toThrow(/\.csv or \.jsonl/);
  });

  it('builtin:marketplace and builtin:marketplace-drift load deterministically', async () => {
    expect(listBuiltinDatasets().map((d) => d.name)).toEqual(expect.arrayContaining(['marketplace', 'marketplace-drift']));
    const a = await loadTable('builtin:marketplace');
    const b = await loadTable('builtin:marketplace');
    expect(a.table.nRows).toBe(5000);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.sha256).toBe(a.sha256);
    a.table.columns.label[0] = 'mutated';
    expect(b.table.columns.label[0]).not.toBe('mutated');
    expect(getBuiltinDataset('marketplace').columnTypes.title).toBe('text');
    const drift = await loadTable('builtin:marketplace-drift');
    expect(drift.columnNames[0]).toBe('listed_at');
    expect(drift.table.nRows).toBe(10000);
  });
});
