/**
 * A small seeded text-classification dataset for integration tests: "spam" rows draw more
 * often from a spammy vocabulary, so a TF-IDF + linear model can learn it but not perfectly.
 */
import { writeFile } from 'node:fs/promises';
import { mulberry32 as rng } from '../../core/random.js';

const COMMON = 'the a item for sale good condition price shipping today new used great offer please contact buy box original size color'.split(' ');
const SPAMMY = 'free winner cash prize click wire transfer urgent bitcoin guaranteed discount whatsapp telegram limited'.split(' ');
const HAMMY = 'vintage handmade receipt warranty pickup local collection lightly camera bicycle sofa jacket books'.split(' ');

/** How listingRows draws a row: its vocabularies, how often rows are spam, how long titles run, and what a row's price is. */
export interface ListingShape {
  common: string[];
  spammy: string[];
  hammy: string[];
  spamRate: number;
  /** A title has minWords plus up to (not including) minWords + moreWords words. */
  minWords: number;
  moreWords: number;
  /** A word is common with probability commonRate, else from its label's vocabulary while u < ownRate, else from the other's. */
  commonRate: number;
  ownRate: number;
  /** Drawn after the title, from the same stream. */
  price: (spam: boolean, r: () => number) => number;
}

/** Seeded rows whose titles draw words from a common vocabulary and, more often, from their label's own. */
export function listingRows(n: number, seed: number, shape: ListingShape): { title: string; price: number; label: string }[] {
  const r = rng(seed);
  const pick = (list: string[]) => list[Math.floor(r() * list.length)];
  return Array.from({ length: n }, () => {
    const spam = r() < shape.spamRate;
    const words = Array.from({ length: shape.minWords + Math.floor(r() * shape.moreWords) }, () => {
      const u = r();
      if (u < shape.commonRate) return pick(shape.common);
      if (u < shape.ownRate) return spam ? pick(shape.spammy) : pick(shape.hammy);
      return spam ? pick(shape.hammy) : pick(shape.spammy);
    });
    return { title: words.join(' '), price: shape.price(spam, r), label: spam ? 'spam' : 'ok' };
  });
}

const SYNTHETIC: ListingShape = {
  common: COMMON,
  spammy: SPAMMY,
  hammy: HAMMY,
  spamRate: 0.35,
  minWords: 8,
  moreWords: 8,
  commonRate: 0.6,
  ownRate: 0.9,
  price: (spam, r) => Math.round((spam ? 20 : 60) * (0.5 + r()) * 100) / 100,
};

export function syntheticRows(n: number, seed: number): { title: string; price: number; label: string }[] {
  return listingRows(n, seed, SYNTHETIC);
}

export async function writeCsv(path: string, rows: Record<string, string | number>[]): Promise<void> {
  const columns = Object.keys(rows[0]);
  const quote = (v: string | number) => (typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`);
  await writeFile(path, [columns.join(','), ...rows.map((row) => columns.map((c) => quote(row[c])).join(','))].join('\n') + '\n');
}
