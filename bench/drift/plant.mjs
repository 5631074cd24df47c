/**
 * Batches with planted drifts, for the drift bench. A month's rows are the synthetic
 * marketplace generator's (dist/data/synthetic: ok / spam / prohibited / fraud listings with
 * title, description, price, category, seller columns); a drift is a seeded transformation of
 * them whose parameters (which class, which column, which category, how much) are drawn from
 * the seed, not chosen to make the report look good:
 *
 *   phrasing      a share of one bad class's rows drop their old cues: the text column is an
 *                 ok row's, plus a new phrase of made-up words (fraudsters moving to another
 *                 app); the champion reads them as ok, a retrained model learns the phrase
 *   price-shift   prices inside one category are multiplied by a factor (all classes)
 *   new-category  a category never seen before, taken by a share of one bad class's rows
 *                 (and a few ok rows)
 *   label-share   one bad class's share of the batch multiplied
 *   seller-shift  one class's seller_age_days multiplied (hijacked old accounts), a kind the
 *                 issue did not list, to see the report is not tuned to the listed ones
 *   none          nothing planted
 *
 * Each returns the rows and what was planted (`expect`: the class, column and segment a report
 * should name).
 */
export const KINDS = ['phrasing', 'price-shift', 'new-category', 'label-share', 'seller-shift', 'none'];
const BAD = ['fraud', 'prohibited', 'spam'];
const SYLLABLES = ['ka', 'ko', 'ra', 'mi', 'zu', 'vo', 'te', 'lin', 'pay', 'xo', 'qu', 'den', 'ba', 'rok'];

const pick = (rng, list) => list[Math.floor(rng() * list.length)];
const uniform = (rng, lo, hi) => lo + (hi - lo) * rng();

/** A made-up word of 2-3 syllables: never in the generator's vocabulary. */
function newWord(rng) {
  const n = 2 + Math.floor(rng() * 2);
  return Array.from({ length: n }, () => pick(rng, SYLLABLES)).join('');
}

/**
 * @param base   () => rows of one month (fresh rows each call, from the generator)
 * @param kind   one of KINDS
 * @param seed   draws the drift's parameters and its row choices
 * @param createRng the product's seeded generator (dist/core/random.js)
 */
export function plant(kind, base, seed, createRng) {
  const rng = createRng(seed * 7919 + KINDS.indexOf(kind));
  let rows = base();
  const countOf = (cls) => rows.filter((r) => r.label === cls).length;
  switch (kind) {
    case 'none':
      return { rows, planted: 'nothing', expect: null };
    case 'phrasing': {
      const cls = pick(rng, BAD.filter((c) => countOf(c) >= 60));
      const column = pick(rng, ['title', 'description']);
      const share = uniform(rng, 0.5, 0.85);
      const phrase = Array.from({ length: 2 + Math.floor(rng() * 2) }, () => newWord(rng));
      const ok = rows.filter((r) => r.label === 'ok');
      rows = rows.map((r) => {
        if (r.label !== cls || rng() >= share) return r;
        const words = pick(rng, ok)[column].split(' ');
        const at = Math.floor(rng() * (words.length + 1));
        // Not every row uses every word of the phrase: real phrasing varies.
        const used = phrase.filter(() => rng() < 0.8);
        words.splice(at, 0, ...(used.length ? used : phrase.slice(0, 1)));
        return { ...r, [column]: words.join(' ') };
      });
      return { rows, planted: `${(100 * share).toFixed(0)}% of ${cls} rows: ${column} of an ok row + "${phrase.join(' ')}"`, expect: { class: cls, column } };
    }
    case 'price-shift': {
      const counts = new Map();
      for (const r of rows) counts.set(r.category, (counts.get(r.category) ?? 0) + 1);
      const category = pick(rng, [...counts].filter(([, n]) => n >= 0.08 * rows.length).map(([c]) => c).sort());
      const factor = rng() < 0.5 ? uniform(rng, 1.8, 3) : uniform(rng, 0.3, 0.55);
      rows = rows.map((r) => (r.category === category ? { ...r, price: Math.round(r.price * factor * 100) / 100 } : r));
      return { rows, planted: `price x${factor.toFixed(2)} in category ${category}`, expect: { column: 'price', segment: { column: 'category', value: category } } };
    }
    case 'new-category': {
      const cls = pick(rng, BAD.filter((c) => countOf(c) >= 60));
      const name = newWord(rng) + '-goods';
      const share = uniform(rng, 0.4, 0.7);
      const okShare = uniform(rng, 0.005, 0.02);
      rows = rows.map((r) => ((r.label === cls && rng() < share) || (r.label === 'ok' && rng() < okShare) ? { ...r, category: name } : r));
      return { rows, planted: `category "${name}" on ${(100 * share).toFixed(0)}% of ${cls} rows and ${(100 * okShare).toFixed(1)}% of ok rows`, expect: { class: cls, column: 'category' } };
    }
    case 'label-share': {
      const cls = pick(rng, BAD);
      const factor = uniform(rng, 2, 3);
      // Fresh rows of the class from more draws of the same world, replacing ok rows.
      const extra = [];
      while (extra.length < Math.round((factor - 1) * countOf(cls))) extra.push(...base().filter((r) => r.label === cls));
      const need = Math.round((factor - 1) * countOf(cls));
      let dropped = 0;
      rows = rows.filter((r) => !(r.label === 'ok' && dropped < need && rng() < 0.5 && ++dropped));
      rows = [...rows, ...extra.slice(0, dropped)];
      return { rows, planted: `${cls} share x${factor.toFixed(2)}`, expect: { class: cls, column: 'label' } };
    }
    case 'seller-shift': {
      const cls = pick(rng, BAD.filter((c) => countOf(c) >= 60));
      const factor = uniform(rng, 4, 8);
      rows = rows.map((r) => (r.label === cls ? { ...r, seller_age_days: Math.round(r.seller_age_days * factor) } : r));
      return { rows, planted: `seller_age_days x${factor.toFixed(1)} for ${cls} rows`, expect: { class: cls, column: 'seller_age_days' } };
    }
    default:
      throw new Error(`unknown drift kind ${kind}; kinds: ${KINDS.join(', ')}`);
  }
}
