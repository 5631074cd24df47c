/**
 * A small seeded text-classification dataset for integration tests: "spam" rows draw more
 * often from a spammy vocabulary, so a TF-IDF + linear model can learn it but not perfectly.
 */
import { writeFile } from 'node:fs/promises';
import { mulberry32 as rng } from '../../core/random.js';

const COMMON = 'the a item for sale good condition price shipping today new used great offer please contact buy box original size color'.split(' ');
const SPAMMY = 'free winner cash prize click wire transfer urgent bitcoin guaranteed discount whatsapp telegram limited'.split(' ');
const HAMMY = 'vintage handmade receipt warranty pickup local collection lightly camera bicycle sofa jacket books'.split(' ');

export function syntheticRows(n: number, seed: number): { title: string; price: number; label: string }[] {
  const r = rng(seed);
  const pick = (list: string[]) => list[Math.floor(r() * list.length)];
  return Array.from({ length: n }, () => {
    const spam = r() < 0.35;
    const words = Array.from({ length: 8 + Math.floor(r() * 8) }, () => {
      const u = r();
      if (u < 0.6) return pick(COMMON);
      if (u < 0.9) return spam ? pick(SPAMMY) : pick(HAMMY);
      return spam ? pick(HAMMY) : pick(SPAMMY);
    });
    return { title: words.join(' '), price: Math.round((spam ? 20 : 60) * (0.5 + r()) * 100) / 100, label: spam ? 'spam' : 'ok' };
  });
}

export async function writeCsv(path: string, rows: Record<string, string | number>[]): Promise<void> {
  const columns = Object.keys(rows[0]);
  const quote = (v: string | number) => (typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`);
  await writeFile(path, [columns.join(','), ...rows.map((row) => columns.map((c) => quote(row[c])).join(','))].join('\n') + '\n');
}
