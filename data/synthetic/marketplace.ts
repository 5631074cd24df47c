/**
 * A seeded generator of synthetic marketplace listings (Japanese and English), for tests,
 * demos and scale benchmarks where no labelled marketplace data exists offline.
 *
 * Each row: title, description, price (log-normal per category), category, seller_age_days,
 * seller_listings, seller_rating (null for sellers without ratings) and `label`:
 *   - ok: ordinary listings (some carry weak cues too: a caps word, a link, a low price);
 *   - spam: repeated keywords, hashtags, links, ALL CAPS, promotional sentences, prolific sellers;
 *   - prohibited: counterfeit (brand + replica / コピー品 / N級品), weapons, drugs;
 *   - fraud: off-platform contact (LINE ID, WhatsApp, phone, e-mail), bank transfer,
 *     a too-good price for the category, new sellers without ratings.
 * Every bad row shows at least one cue of its class, but none shows all of them.
 *
 * Planted drift (`drift: { after, pattern: 'new-fraud' }`): rows carry a `listed_at` date
 * and are in time order; after the drift point most fraud switches to a pattern never seen
 * before it: a new off-platform app (Kakao / カカオトーク), a gift-card pre-payment
 * phrasing, market prices, and established (hijacked) seller accounts. A model trained on
 * rows before the drift point misses it.
 *
 * Determinism: the same options give the same rows, in the same order, on every machine
 * (one mulberry32 stream from ../random.ts; only IEEE double arithmetic in Math.log/exp,
 * which V8 computes identically on all platforms it runs on).
 * Rows are produced one at a time (`marketplaceRows`), so a million rows stream to a file
 * without holding them in memory.
 */
import { UserInputError } from '../../core/errors.js';
import { createRng } from '../../core/random.js';
import * as V from './marketplace-vocab.js';

export const MARKETPLACE_CLASSES = ['ok', 'spam', 'prohibited', 'fraud'] as const;
export type MarketplaceClass = (typeof MARKETPLACE_CLASSES)[number];

export interface MarketplaceDrift {
  /** 'YYYY-MM-DD' (rows listed after that day) or a fraction of the rows in (0, 1). */
  after: string | number;
  pattern: 'new-fraud';
  /** Share of the fraud rows after the drift point that use the new pattern (default 0.75). */
  share?: number;
}

export interface MarketplaceOptions {
  /** Number of rows (1 to 10,000,000; default 5,000). */
  rows?: number;
  seed?: number;
  /** Fraction of rows that are not ok (default 0.2). */
  imbalance?: number;
  /** Relative mix of the bad classes (default spam 0.45, prohibited 0.2, fraud 0.35). */
  badMix?: { spam?: number; prohibited?: number; fraud?: number };
  /** Fraction of rows whose label is replaced by a different, random class (default 0.01). */
  labelNoise?: number;
  /** Fraction of listings written in Japanese; the rest are English (default 0.7). */
  japaneseShare?: number;
  /**
   * 'none' (default): four classes ok/spam/prohibited/fraud. 'fraud': fraud vs not_fraud.
   * 'any-bad': bad vs ok.
   */
  binary?: 'none' | 'fraud' | 'any-bad';
  drift?: MarketplaceDrift;
  /** Add the `listed_at` column even without drift (it is always there with drift). */
  listedAt?: boolean;
  /** The listing period for `listed_at` (defaults 2024-01-01 to 2024-12-31, inclusive). */
  startDate?: string;
  endDate?: string;
}

export interface MarketplaceRow {
  listed_at?: string;
  title: string;
  description: string;
  price: number;
  category: string;
  seller_age_days: number;
  seller_listings: number;
  seller_rating: number | null;
  label: string;
}

export const MARKETPLACE_COLUMN_TYPES = {
  title: 'text',
  description: 'text',
  price: 'numeric',
  category: 'categorical',
  seller_age_days: 'numeric',
  seller_listings: 'numeric',
  seller_rating: 'numeric',
} as const;

interface Resolved {
  rows: number;
  seed: number;
  imbalance: number;
  badCumulative: [number, number, number];
  labelNoise: number;
  japaneseShare: number;
  binary: 'none' | 'fraud' | 'any-bad';
  withDates: boolean;
  startDay: number;
  nDays: number;
  /** Drift: first post-drift row is decided by day (> afterDay) or by row index (>= afterRow). */
  drift: { afterDay?: number; afterRow?: number; share: number } | undefined;
}

const DAY_MS = 86_400_000;
const MAX_ROWS = 10_000_000;

function parseDay(s: string, where: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || !Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== s) {
    throw new UserInputError(`${where}: expected a date YYYY-MM-DD, got ${JSON.stringify(s)}`);
  }
  return t / DAY_MS;
}

function fraction(name: string, v: unknown, fallback: number, max = 1): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) {
    throw new UserInputError(`marketplace ${name}: expected a number in [0, ${max}], got ${JSON.stringify(v)}`);
  }
  return v;
}

export function resolveMarketplaceOptions(o: MarketplaceOptions = {}): Resolved {
  const rows = o.rows ?? 5000;
  if (!Number.isInteger(rows) || rows < 1 || rows > MAX_ROWS) {
    throw new UserInputError(`marketplace rows: expected an integer from 1 to ${MAX_ROWS}, got ${JSON.stringify(o.rows)}`);
  }
  const seed = o.seed ?? 0;
  createRng(seed); // validates the seed
  const mix = { spam: 0.45, prohibited: 0.2, fraud: 0.35, ...o.badMix };
  for (const [k, v] of Object.entries(mix)) fraction(`badMix.${k}`, v, 0, Infinity);
  const total = mix.spam + mix.prohibited + mix.fraud;
  if (!(total > 0)) throw new UserInputError('marketplace badMix: at least one class needs a positive share');
  const binary = o.binary ?? 'none';
  if (!['none', 'fraud', 'any-bad'].includes(binary)) {
    throw new UserInputError(`marketplace binary: expected 'none', 'fraud' or 'any-bad', got ${JSON.stringify(binary)}`);
  }
  const startDay = parseDay(o.startDate ?? '2024-01-01', 'marketplace startDate');
  const endDay = parseDay(o.endDate ?? '2024-12-31', 'marketplace endDate');
  if (endDay < startDay) throw new UserInputError(`marketplace endDate (${o.endDate}) is before startDate (${o.startDate ?? '2024-01-01'})`);
  let drift: Resolved['drift'];
  if (o.drift) {
    if (o.drift.pattern !== 'new-fraud') throw new UserInputError(`marketplace drift.pattern: expected 'new-fraud', got ${JSON.stringify(o.drift.pattern)}`);
    const share = fraction('drift.share', o.drift.share, 0.75);
    const after = o.drift.after;
    if (typeof after === 'string') {
      const afterDay = parseDay(after, 'marketplace drift.after');
      if (afterDay < startDay || afterDay >= endDay) {
        throw new UserInputError(`marketplace drift.after: ${after} must fall in [startDate, endDate) so rows exist on both sides`);
      }
      drift = { afterDay, share };
    } else if (typeof after === 'number' && after > 0 && after < 1) {
      drift = { afterRow: Math.floor(after * rows), share };
    } else {
      throw new UserInputError(`marketplace drift.after: expected 'YYYY-MM-DD' or a fraction in (0, 1), got ${JSON.stringify(after)}`);
    }
  }
  return {
    rows,
    seed,
    imbalance: fraction('imbalance', o.imbalance, 0.2),
    badCumulative: [mix.spam / total, (mix.spam + mix.prohibited) / total, 1],
    labelNoise: fraction('labelNoise', o.labelNoise, 0.01),
    japaneseShare: fraction('japaneseShare', o.japaneseShare, 0.7),
    binary: binary as Resolved['binary'],
    withDates: drift !== undefined || o.listedAt === true,
    startDay,
    nDays: endDay - startDay + 1,
    drift,
  };
}

/** Column names in output order for these options. */
export function marketplaceColumnNames(o: MarketplaceOptions = {}): string[] {
  const r = resolveMarketplaceOptions(o);
  return [
    ...(r.withDates ? ['listed_at'] : []),
    'title',
    'description',
    'price',
    'category',
    'seller_age_days',
    'seller_listings',
    'seller_rating',
    'label',
  ];
}

/** The class names of the `label` column for these options. */
export function marketplaceLabels(o: MarketplaceOptions = {}): string[] {
  const b = o.binary ?? 'none';
  return b === 'fraud' ? ['fraud', 'not_fraud'] : b === 'any-bad' ? ['bad', 'ok'] : [...MARKETPLACE_CLASSES];
}

// ---- sampling helpers -------------------------------------------------------------------

class Sampler {
  private spare: number | undefined;
  constructor(readonly next: () => number) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Index into cumulative weights. */
  weighted(cumulative: Float64Array): number {
    const u = this.next() * cumulative[cumulative.length - 1];
    let i = 0;
    while (i < cumulative.length - 1 && cumulative[i] <= u) i++;
    return i;
  }

  token(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }

  /** k distinct items in random order (k <= items.length). */
  some<T>(items: readonly T[], k: number): T[] {
    const pool = items.slice();
    const out: T[] = [];
    for (let i = 0; i < k && pool.length > 0; i++) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    return out;
  }
}

function cumulativeWeights(boost: Record<string, number>): Float64Array {
  const out = new Float64Array(V.CATEGORIES.length);
  let s = 0;
  V.CATEGORIES.forEach((c, i) => (out[i] = s += c.weight * (boost[c.name] ?? 1)));
  return out;
}

const CATEGORY_WEIGHTS: Record<MarketplaceClass, Float64Array> = {
  ok: cumulativeWeights({}),
  spam: cumulativeWeights(V.SPAM_CATEGORY_BOOST),
  prohibited: cumulativeWeights(V.PROHIBITED_CATEGORY_BOOST),
  fraud: cumulativeWeights(V.FRAUD_CATEGORY_BOOST),
};

function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Round prices the way people set them: to 10 yen under 10,000, to 100 yen above. */
function roundPrice(p: number): number {
  const step = p < 1000 ? 10 : p < 10000 ? 50 : 100;
  return Math.max(300, Math.round(p / step) * step);
}

// ---- one listing --------------------------------------------------------------------------

interface Draft {
  ja: boolean;
  cat: V.CategoryDef;
  brand: string;
  item: string;
  size: string;
  condition: string;
  titleParts: string[];
  sentences: string[];
}

function baseDraft(s: Sampler, ja: boolean, cat: V.CategoryDef): Draft {
  const b = s.pick(cat.brands);
  // Japanese sellers write foreign brands in katakana or in Latin letters about equally often.
  const brand = ja ? (s.chance(0.5) ? b.ja : b.en) : b.en;
  const itemIndex = Math.floor(s.next() * cat.itemsJa.length);
  const item = ja ? cat.itemsJa[itemIndex] : cat.itemsEn[itemIndex];
  const size = s.pick(cat.sizes);
  const condition = ja ? s.pick(V.CONDITIONS_JA) : s.pick(V.CONDITIONS_EN);
  const n = s.int(2, 5);
  const sentences = s.some(ja ? V.OK_SENTENCES_JA : V.OK_SENTENCES_EN, n);
  return { ja, cat, brand, item, size, condition, titleParts: [], sentences };
}

function okTitle(d: Draft, s: Sampler): string[] {
  const parts: string[] = [];
  if (d.ja) {
    if (s.chance(0.7)) parts.push(`【${d.condition}】`);
    parts.push(d.brand, d.item);
    if (d.size) parts.push(d.size);
    if (s.chance(0.35)) parts.push(V.FREE_SHIPPING_JA);
  } else {
    parts.push(d.brand, d.item);
    if (d.size) parts.push(d.size);
    if (s.chance(0.6)) parts.push(`- ${d.condition}`);
    if (s.chance(0.3)) parts.push(`, ${V.FREE_SHIPPING_EN}`);
  }
  return parts;
}

function contactId(s: Sampler): string {
  return `${s.pick(['shop', 'deal', 'sale', 'jp', 'best', 'mk'])}${s.pick(['_', '.', ''])}${s.token(s.int(3, 6))}`;
}

function phone(s: Sampler, ja: boolean): string {
  return ja ? `0${s.pick(['80', '90', '70'])}-${s.token(4, '0123456789')}-${s.token(4, '0123456789')}` : `+1 ${s.token(3, '0123456789')}-${s.token(3, '0123456789')}-${s.token(4, '0123456789')}`;
}

function link(s: Sampler): string {
  return `${s.chance(0.7) ? 'https' : 'http'}://${s.pick(V.SPAM_LINK_HOSTS)}/${s.token(s.int(5, 8))}`;
}

interface Seller {
  age: number;
  listings: number;
  rating: number | null;
}

function normalSeller(s: Sampler): Seller {
  const age = Math.round(s.logNormal(420, 0.9));
  const listings = Math.max(1, Math.round(s.logNormal(18, 1.0)));
  const rating = listings < 3 && s.chance(0.5) ? null : Math.round(Math.min(5, Math.max(1, 5 - Math.abs(s.normal()) * 0.35)) * 100) / 100;
  return { age, listings, rating };
}

function newSeller(s: Sampler): Seller {
  return { age: s.int(0, 14), listings: s.int(0, 3), rating: s.chance(0.85) ? null : Math.round((2.5 + s.next() * 2.5) * 100) / 100 };
}

function buildListing(s: Sampler, cls: MarketplaceClass, ja: boolean, newFraud: boolean): Omit<MarketplaceRow, 'label' | 'listed_at'> {
  const cat = V.CATEGORIES[s.weighted(CATEGORY_WEIGHTS[cls])];
  const d = baseDraft(s, ja, cat);
  let price = s.logNormal(cat.medianPrice, cat.sigma);
  let seller = normalSeller(s);
  let title = okTitle(d, s);
  const extra: string[] = [];
  let category = cat.name;
  // Weak cues in ok listings, so no single cue separates the classes.
  if (cls === 'ok') {
    if (s.chance(0.04)) title.unshift(ja ? 'NEW' : s.pick(['NEW', 'RARE', 'SALE']));
    if (s.chance(0.02)) extra.push(ja ? `取扱説明書: https://support.example/${s.token(6)}` : `Manual: https://support.example/${s.token(6)}`);
    if (s.chance(0.03)) price *= 0.3; // clearance, gifts, friends-and-family prices
    if (s.chance(0.05)) seller = newSeller(s);
    if (s.chance(0.02)) extra.push(ja ? '質問があればお気軽にどうぞ。' : 'Feel free to message me with questions.');
  } else if (cls === 'spam') {
    const cues = cueSet(s, 4);
    const keyword = ja ? s.pick(V.SPAM_KEYWORDS_JA) : s.pick(V.SPAM_KEYWORDS_EN);
    if (cues[0]) title = [Array.from({ length: s.int(2, 4) }, () => keyword).join(' '), ...title]; // repeated keyword
    if (cues[1]) extra.push(`${ja ? '詳しくはこちら' : 'More here'} ${link(s)}`);
    if (cues[2]) {
      title = title.map((t) => t.toUpperCase());
      title.push(ja ? '！！！' : '!!!');
      extra.push(s.pick(V.SPAM_SENTENCES_EN));
    }
    if (cues[3]) {
      extra.push(s.pick(ja ? V.SPAM_SENTENCES_JA : V.SPAM_SENTENCES_EN));
      const tags = s.some(ja ? V.SPAM_KEYWORDS_JA : V.SPAM_KEYWORDS_EN, s.int(3, 6)).map((k) => `#${k}`);
      extra.push([...tags, `#${d.brand.replace(/\s+/g, '')}`, `#${d.brand.replace(/\s+/g, '')}`].join(' '));
    }
    if (s.chance(0.6)) seller.listings = Math.round(s.logNormal(300, 0.7));
  } else if (cls === 'prohibited') {
    const kind = s.next();
    if (kind < 0.6) {
      // Counterfeit: brand + replica wording, in the title or only in the description.
      const word = ja ? s.pick(V.COUNTERFEIT_JA) : s.pick(V.COUNTERFEIT_EN);
      if (s.chance(0.7)) title.splice(title.indexOf(d.item) >= 0 ? title.indexOf(d.item) : 1, 0, word);
      else extra.push(ja ? `${d.brand}の${word}です。` : `This is a ${word} of ${d.brand}.`);
      if (s.chance(0.5)) price *= 0.25;
    } else {
      const list = kind < 0.8 ? (ja ? V.WEAPONS_JA : V.WEAPONS_EN) : ja ? V.DRUGS_JA : V.DRUGS_EN;
      const thing = s.pick(list);
      title = ja ? [s.chance(0.6) ? `【${d.condition}】` : '', thing, s.chance(0.3) ? V.FREE_SHIPPING_JA : ''] : [thing, s.chance(0.5) ? `- ${d.condition}` : ''];
      title = title.filter((t) => t !== '');
      price = s.logNormal(6000, 0.7);
      category = kind < 0.8 ? s.pick(['hobby', 'sports']) : s.pick(['cosmetics', 'home']);
    }
    if (s.chance(0.6)) extra.push(s.pick(ja ? V.PROHIBITED_SENTENCES_JA : V.PROHIBITED_SENTENCES_EN));
    if (s.chance(0.3)) seller = newSeller(s);
  } else if (newFraud) {
    // The post-drift pattern: new app, gift-card pre-payment, market price, established seller.
    const cues = cueSet(s, 2);
    if (cues[0]) extra.push(ja ? `${V.DRIFT_APP_JA}のIDは ${contactId(s)} です。` : `${V.DRIFT_APP_EN} ID: ${contactId(s)}`);
    if (cues[1]) extra.push(s.pick(ja ? V.DRIFT_SENTENCES_JA : V.DRIFT_SENTENCES_EN));
    if (s.chance(0.5)) extra.push(s.pick(ja ? V.DRIFT_SENTENCES_JA : V.DRIFT_SENTENCES_EN));
    price *= 0.9 + s.next() * 0.4;
    seller.age = Math.round(s.logNormal(900, 0.6));
    seller.rating = Math.round((4.6 + s.next() * 0.4) * 100) / 100;
  } else {
    const cues = cueSet(s, 3);
    if (cues[0]) {
      const how = s.int(0, 3);
      extra.push(
        how === 0
          ? `LINE ID: ${contactId(s)}`
          : how === 1
            ? ja
              ? `電話 ${phone(s, ja)} までご連絡ください。`
              : `Call or text ${phone(s, ja)}`
            : how === 2
              ? `${ja ? 'メール' : 'Email'}: ${contactId(s)}@${s.pick(V.EMAIL_DOMAINS)}`
              : ja
                ? `LINEで「${contactId(s)}」を検索してください。`
                : `WhatsApp ${phone(s, ja)}`,
      );
    }
    if (cues[1]) price *= 0.12 + s.next() * 0.3; // too good to be true
    if (cues[2]) seller = newSeller(s);
    if (s.chance(0.6)) extra.push(s.pick(ja ? V.FRAUD_SENTENCES_JA : V.FRAUD_SENTENCES_EN));
    if (s.chance(0.3)) title.push(ja ? s.pick(V.FRAUD_TITLE_JA) : s.pick(V.FRAUD_TITLE_EN));
  }
  // Cues go somewhere inside the description, not always at the end.
  const sentences = d.sentences;
  for (const e of extra) sentences.splice(s.int(0, sentences.length), 0, e);
  return {
    title: title.join(' ').replace(/\s+,/g, ','),
    description: ja ? joinJapanese(sentences) : sentences.join(' '),
    price: roundPrice(price),
    category,
    seller_age_days: seller.age,
    seller_listings: seller.listings,
    seller_rating: seller.rating,
  };
}

/** Japanese sentences run on without spaces; a link, ID or English sentence gets one after it. */
function joinJapanese(sentences: string[]): string {
  let out = '';
  for (let i = 0; i < sentences.length; i++) {
    const t = sentences[i];
    out += t;
    if (i < sentences.length - 1 && !/[。！？!]$/.test(t)) out += ' ';
  }
  return out;
}

/** Which of n cues a bad listing shows: each with probability 1/2, at least one. */
function cueSet(s: Sampler, n: number): boolean[] {
  const out = Array.from({ length: n }, () => s.chance(0.5));
  if (!out.some(Boolean)) out[s.int(0, n - 1)] = true;
  return out;
}

const OTHER_CLASSES = Object.fromEntries(MARKETPLACE_CLASSES.map((c) => [c, MARKETPLACE_CLASSES.filter((o) => o !== c)])) as Record<MarketplaceClass, MarketplaceClass[]>;

/** Streams the rows for these options, in time order when dated. */
export function* marketplaceRows(options: MarketplaceOptions = {}): Generator<MarketplaceRow> {
  const r = resolveMarketplaceOptions(options);
  const s = new Sampler(createRng(r.seed));
  for (let i = 0; i < r.rows; i++) {
    const day = r.startDay + Math.min(r.nDays - 1, Math.floor(((i + s.next()) / r.rows) * r.nDays));
    const afterDrift = r.drift !== undefined && (r.drift.afterDay !== undefined ? day > r.drift.afterDay : i >= r.drift.afterRow!);
    let cls: MarketplaceClass = 'ok';
    if (s.chance(r.imbalance)) {
      const u = s.next();
      cls = u < r.badCumulative[0] ? 'spam' : u < r.badCumulative[1] ? 'prohibited' : 'fraud';
    }
    const ja = s.chance(r.japaneseShare);
    const newFraud = cls === 'fraud' && afterDrift && s.chance(r.drift!.share);
    const listing = buildListing(s, cls, ja, newFraud);
    // Both noise draws happen on every row, so the noise level changes labels, never listings.
    const flip = s.chance(r.labelNoise);
    const other = s.pick(OTHER_CLASSES[cls]);
    const label: MarketplaceClass = flip ? other : cls;
    const row = (r.withDates ? { listed_at: formatDay(day) } : {}) as MarketplaceRow;
    Object.assign(row, listing);
    row.label = r.binary === 'fraud' ? (label === 'fraud' ? 'fraud' : 'not_fraud') : r.binary === 'any-bad' ? (label === 'ok' ? 'ok' : 'bad') : label;
    yield row;
  }
}

/** All rows as a columnar table (columns in `marketplaceColumnNames` order). */
export function generateMarketplace(options: MarketplaceOptions = {}): { columnNames: string[]; columns: Record<string, (string | number | null)[]>; nRows: number } {
  const columnNames = marketplaceColumnNames(options);
  const columns: Record<string, (string | number | null)[]> = {};
  for (const c of columnNames) columns[c] = [];
  let nRows = 0;
  for (const row of marketplaceRows(options)) {
    for (const c of columnNames) columns[c].push((row as unknown as Record<string, string | number | null>)[c]);
    nRows++;
  }
  return { columnNames, columns, nRows };
}
