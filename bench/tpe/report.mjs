/**
 * Statistics and the markdown report of the TPE benchmark: median and IQR of the best value
 * (regret where the optimum is known) after each budget, a two-sided Mann-Whitney U test per
 * cell for win / tie / loss, and the ask latencies.
 */

export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summary(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), q25: quantile(s, 0.25), q75: quantile(s, 0.75), n: s.length };
}

function erfc(x) {
  // Numerical Recipes erfcc: fractional error < 1.2e-7 everywhere.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** Two-sided Mann-Whitney U test (normal approximation, tie and continuity corrections). */
export function mannWhitney(a, b) {
  const n1 = a.length;
  const n2 = b.length;
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const n = all.length;
  let r1 = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1].v === all[i].v) j++;
    const rank = (i + j) / 2 + 1;
    const t = j - i + 1;
    tieTerm += t ** 3 - t;
    for (let k = i; k <= j; k++) if (all[k].g === 0) r1 += rank;
    i = j + 1;
  }
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { u: u1, p: 1 };
  const z = (Math.abs(u1 - mean) - 0.5) / Math.sqrt(variance);
  return { u: u1, p: Math.min(1, erfc(Math.max(z, 0) / Math.SQRT2)) };
}

/**
 * Best value after each budget, per run: the lowest noiseless value among the trials so far
 * (`trueValues`, present for noisy problems; else the values told to the sampler).
 */
export function bestAfter(values, budget) {
  let best = Infinity;
  for (let i = 0; i < Math.min(budget, values.length); i++) if (values[i] < best) best = values[i];
  return best;
}

export function fmt(x) {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(0);
  if (a >= 0.01) return x.toPrecision(3);
  return x.toExponential(2);
}

const cell = (s) => `${fmt(s.median)} (${fmt(s.q25)}–${fmt(s.q75)})`;

/**
 * Cells: for each problem and budget, the summary of each sampler and the verdict of `ours`
 * against each Optuna config: 'win' / 'loss' when p < alpha, else 'tie'.
 */
export function compare(runs, { problems, budgets, samplers, ours, rivals, optimum = () => 0, alpha = 0.05 }) {
  const rows = [];
  for (const problem of problems) {
    for (const budget of budgets) {
      const by = {};
      for (const s of samplers) {
        const xs = runs.filter((r) => r.problem === problem && r.sampler === s).map((r) => bestAfter(r.trueValues ?? r.values, budget) - optimum(problem));
        if (xs.length > 0) by[s] = { xs, ...summary(xs) };
      }
      const verdicts = {};
      for (const rival of rivals) {
        if (!by[ours] || !by[rival]) continue;
        const { p } = mannWhitney(by[ours].xs, by[rival].xs);
        const better = by[ours].median < by[rival].median;
        verdicts[rival] = { p, verdict: p < alpha ? (better ? 'win' : 'loss') : 'tie', medianNotWorse: by[ours].median <= by[rival].median };
      }
      rows.push({ problem, budget, by, verdicts });
    }
  }
  return rows;
}

export function tallies(rows, rivals) {
  const out = {};
  for (const rival of rivals) {
    const t = { win: 0, tie: 0, loss: 0, medianNotWorse: 0, cells: 0 };
    for (const r of rows) {
      const v = r.verdicts[rival];
      if (!v) continue;
      t[v.verdict]++;
      t.cells++;
      if (v.medianNotWorse) t.medianNotWorse++;
    }
    out[rival] = t;
  }
  return out;
}

export function markdownTable(header, body) {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of body) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

const verdictText = (v) => (v ? `${v.verdict} (p=${v.p < 0.001 ? '<0.001' : v.p.toFixed(3)})` : '');

export function resultTable(rows, { samplers, labels, rivals, problemTitle }) {
  const header = ['problem', 'trials', ...samplers.map((s) => labels[s] ?? s), ...rivals.map((r) => `vs ${labels[r] ?? r}`)];
  const body = rows.map((r) => [problemTitle(r.problem), String(r.budget), ...samplers.map((s) => (r.by[s] ? cell(r.by[s]) : '')), ...rivals.map((rv) => verdictText(r.verdicts[rv]))]);
  return markdownTable(header, body);
}

export function tallyTable(t, labels) {
  return markdownTable(
    ['AutoFlow TPE vs', 'win', 'tie', 'loss', 'median regret equal or better'],
    Object.entries(t).map(([rival, x]) => [labels[rival] ?? rival, String(x.win), String(x.tie), String(x.loss), `${x.medianNotWorse} / ${x.cells}`]),
  );
}
