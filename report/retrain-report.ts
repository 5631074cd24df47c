/**
 * The self-contained HTML report of one retrain: what the drift report found (findings first,
 * naming class, column and the n-grams or values that moved), the champion's performance on
 * the new batch by class, the per-class and marginal statistics, and the promotion decision
 * criterion by criterion with both models' values. Rendered from the RetrainResult alone.
 */
import type { ColumnDrift } from '../monitoring/drift.js';
import type { RetrainResult } from '../retraining/types.js';
import { esc, fmt } from './svg.js';

const level = (l: string) => `<span class="level level-${esc(l)}">${esc(l)}</span>`;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function changes(d: ColumnDrift): string {
  return (d.topChanges ?? []).map((c) => `<span class="chip">${esc(c.key)} ${pct(c.reference)} → <b>${pct(c.current)}</b></span>`).join(' ');
}

function statisticsTable(rows: readonly (ColumnDrift & { segment?: { column: string; value: string } })[], where: 'class' | 'segment' | 'none'): string {
  if (!rows.length) return '<p class="empty">None computed.</p>';
  const head = where === 'class' ? '<th>class</th>' : where === 'segment' ? '<th>within</th>' : '';
  const sorted = [...rows].sort((a, b) => b.value - b.noise - (a.value - a.noise));
  return (
    `<div class="scroll"><table><thead><tr>${head}<th>column</th><th>statistic</th><th>value</th><th>by chance</th><th>level</th><th>what moved</th></tr></thead><tbody>` +
    sorted
      .map((d) => {
        const first = where === 'class' ? `<td>${esc(d.class ?? '')}</td>` : where === 'segment' ? `<td>${esc(d.segment ? `${d.segment.column} = ${d.segment.value}` : '')}</td>` : '';
        return `<tr data-column="${esc(d.column)}"${d.class !== undefined ? ` data-class="${esc(d.class)}"` : ''}>${first}<td><code>${esc(d.column)}</code></td><td>${esc(d.statistic)}</td><td class="num">${fmt(d.value, 3)}</td><td class="num">${fmt(d.noise, 3)}</td><td>${level(d.level)}</td><td>${changes(d)}</td></tr>`;
      })
      .join('') +
    '</tbody></table></div>'
  );
}

function driftSections(r: RetrainResult): string {
  const d = r.drift;
  if (!d) return '<section class="card" id="drift"><h2>Drift</h2><p class="empty">No champion yet: nothing to compare against.</p></section>';
  if (d.skipped) return `<section class="card" id="drift"><h2>Drift</h2><p class="warning">Skipped: ${esc(d.skipped)}</p></section>`;
  const findings = d.findings.length
    ? `<ol class="findings">${d.findings.map((f) => `<li data-kind="${esc(f.kind)}"${f.class !== undefined ? ` data-class="${esc(f.class)}"` : ''}${f.column !== undefined ? ` data-column="${esc(f.column)}"` : ''}>${level(f.level)} ${esc(f.text)}</li>`).join('')}</ol>`
    : '<p>Nothing moved beyond what chance gives at these sizes.</p>';
  const perf = d.performance.length
    ? `<div class="scroll"><table><thead><tr><th>class</th><th>metric</th><th>champion test</th><th>new batch</th><th>drop</th><th>± se</th><th>level</th></tr></thead><tbody>${d.performance
        .map((m) => `<tr><td>${esc(m.class ?? 'overall')}</td><td>${esc(m.metric)}</td><td class="num">${fmt(m.reference, 3)}</td><td class="num">${fmt(m.current, 3)}</td><td class="num">${fmt(m.drop, 3)}</td><td class="num">${fmt(m.se, 3)}</td><td>${level(m.level)}</td></tr>`)
        .join('')}</tbody></table></div>`
    : '<p class="empty">Not measured.</p>';
  return [
    `<section class="card" id="findings"><h2>Drift findings ${level(d.level)}</h2><p class="intro">Reference: the champion's training data (${d.referenceRows} rows); current: the new batch (${d.currentRows} rows). Each statistic is judged against its value under random re-splits of the pooled rows.${d.tooSmall.length ? ` Too few rows to compare per class: ${esc(d.tooSmall.join(', '))}.` : ''}</p>${findings}</section>`,
    `<section class="card" id="performance"><h2>Champion on the new batch ${level(d.performanceLevel)}</h2>${perf}</section>`,
    `<section class="card" id="classes"><h2>Inside each class</h2>${statisticsTable(d.classes, 'class')}</section>`,
    d.segments.length ? `<section class="card" id="segments"><h2>Inside each category</h2>${statisticsTable(d.segments, 'segment')}</section>` : '',
    `<section class="card" id="drift"><h2>Whole batch</h2>${statisticsTable([...d.columns, ...(d.labels ? [d.labels] : [])], 'none')}</section>`,
  ].join('');
}

function decisionSection(r: RetrainResult): string {
  const c = r.decision.criteria ?? [];
  const table = c.length
    ? `<div class="scroll"><table><thead><tr><th>criterion</th><th>metric</th><th>champion</th><th>challenger</th><th>gain</th><th>better in resamples</th><th>verdict</th></tr></thead><tbody>${c
        .map((o) => `<tr><td>${esc(o.name)}</td><td>${esc(o.metric)}</td><td class="num">${fmt(o.champion, 4)}</td><td class="num">${fmt(o.challenger, 4)}</td><td class="num">${fmt(o.gain, 4)}</td><td class="num">${o.sureness !== undefined ? pct(o.sureness) : '—'}</td><td>${o.regressed ? 'regressed' : o.improved ? 'improved' : 'held'}</td></tr>`)
        .join('')}</tbody></table></div>`
    : '';
  const searched = r.searchChoice && !r.searchChoice.searched ? `<p>${esc(r.searchChoice.reason)}</p>` : '';
  return `<section class="card" id="decision"><h2>${r.decision.promote ? 'Promoted' : 'Champion kept'}</h2>${searched}<p>${esc(r.decision.reason)}</p>${table}</section>`;
}

const CSS = `body{margin:0;font:14px/1.5 system-ui,sans-serif;color:#1d2330;background:#f6f7f9}main{max-width:1180px;margin:0 auto;padding:24px 20px}
.card{background:#fff;border:1px solid #e4e7ec;border-radius:10px;padding:16px 20px;margin:0 0 16px}h1{font-size:24px;margin:0 0 8px}h2{font-size:18px;margin:0 0 8px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e4e7ec;vertical-align:top}td.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}.chip{display:inline-block;background:#f2f4f7;border-radius:10px;padding:0 7px;margin:1px 2px;font-size:12px}.intro,.empty{color:#667085}.warning{color:#93370d}
.level{border-radius:10px;padding:0 8px;font-size:12px;background:#f2f4f7}.level-warning{background:#fef0c7;color:#93370d}.level-drift{background:#fee4e2;color:#b42318}.level-stable{background:#dcfae6;color:#085d3a}
ol.findings li{margin:4px 0}code{font:12.5px ui-monospace,monospace;background:#f2f4f7;padding:1px 4px;border-radius:4px}`;

export function renderRetrainReport(r: RetrainResult): string {
  const challenger = r.challenger ? `${r.challenger.name}/${r.challenger.version}` : '(none)';
  const champion = r.champion ? `${r.champion.name}/${r.champion.version}` : '(none)';
  const head = `<header class="card"><h1>Retrain ${esc(r.retrainId)}</h1><p>Data ${esc(r.dataUri)}; champion ${esc(champion)}; challenger ${esc(challenger)}${r.search ? `; search ${esc(r.search.searchId)} (${r.search.trials} trials)` : ''}.</p></header>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Retrain ${esc(r.retrainId)}</title><style>${CSS}</style></head><body><main>${head}${decisionSection(r)}${driftSections(r)}</main></body></html>`;
}
