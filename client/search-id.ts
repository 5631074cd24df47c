import { randomBytes } from 'node:crypto';

/** Readable, unique search ids: `<experiment>-<yyyymmdd-hhmmss>-<random>`. */
export function searchIdFor(experiment: string): string {
  const slug = experiment.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'search';
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${slug}-${stamp}-${randomBytes(3).toString('hex')}`;
}
