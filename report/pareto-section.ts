/**
 * The report's "Pareto front" section for a search with several objectives: a scatter of the
 * first objective (the quality metric) against the second (a cost), every scored trial in
 * grey, the front as a connected staircase, the registered member ringed; then the front's
 * members with every objective. Why that member was registered comes from the select rule.
 */
import type { Objective } from '../workflows/pareto-front.js';
import type { WinnerChoice } from '../workflows/rescore-types.js';
import type { LeaderboardEntry } from '../workflows/types.js';
import { esc, fmt, linearScale, linePath, logScale, n, padded, plotArea, svgOpen, wantsLog, xAxis, yAxis, type Frame } from './svg.js';

/** First objective (y) against the second (x) for `entries`; the front joined in x order. */
export function paretoChart(entries: readonly LeaderboardEntry[], front: readonly LeaderboardEntry[], objectives: readonly Objective[], selected: number): string {
  const [quality, cost] = objectives;
  const f: Frame = { width: 760, height: 380, left: 70, right: 24, top: 34, bottom: 48 };
  const area = plotArea(f);
  const scored = entries.filter((e) => Number.isFinite(e.metrics[quality.metric]) && Number.isFinite(e.metrics[cost.metric]));
  const xs = scored.map((e) => e.metrics[cost.metric]);
  const ys = scored.map((e) => e.metrics[quality.metric]);
  const [xlo, xhi] = [Math.min(...xs), Math.max(...xs)];
  // Costs such as model bytes span decades: a log axis when they do.
  const x = xlo > 0 && wantsLog(xlo, xhi) ? logScale([xlo / 1.2, xhi * 1.2], area.x) : linearScale(padded(xlo, xhi), area.x);
  const y = linearScale(padded(Math.min(...ys), Math.max(...ys)), area.y);
  const parts = [svgOpen('pareto', `Pareto front: ${quality.metric} against ${cost.metric} for ${scored.length} trials, ${front.length} on the front`, f)];
  parts.push(xAxis(x, f, `${cost.metric} (${cost.direction === 'minimize' ? 'lower' : 'higher'} is better)`));
  parts.push(yAxis(y, f, `${quality.metric} (${quality.direction === 'maximize' ? 'higher' : 'lower'} is better)`));
  const onFront = new Set(front.map((e) => e.trialNumber));
  const line = [...front].filter((e) => scored.includes(e)).sort((a, b) => a.metrics[cost.metric] - b.metrics[cost.metric]);
  if (line.length > 1) parts.push(`<path class="best-line" d="${linePath(line.map((e) => [x(e.metrics[cost.metric]), y(e.metrics[quality.metric])]))}" />`);
  for (const e of scored) {
    const tip = `<title>trial ${e.trialNumber}: ${esc(quality.metric)} ${esc(fmt(e.metrics[quality.metric]))}, ${esc(cost.metric)} ${esc(fmt(e.metrics[cost.metric]))}${onFront.has(e.trialNumber) ? ' (Pareto front)' : ''}</title>`;
    const cls = `pt complete${onFront.has(e.trialNumber) ? ' front' : ' dominated'}${e.trialNumber === selected ? ' best' : ''}`;
    parts.push(`<circle class="${cls}" data-trial="${e.trialNumber}" cx="${n(x(e.metrics[cost.metric]))}" cy="${n(y(e.metrics[quality.metric]))}" r="${e.trialNumber === selected ? 7 : onFront.has(e.trialNumber) ? 5 : 3.5}">${tip}</circle>`);
  }
  parts.push(
    `<g class="legend" transform="translate(${f.left},14)"><circle class="pt complete front" cx="6" cy="0" r="5" /><text x="16" y="4">on the front</text>` +
      `<circle class="pt complete dominated" cx="116" cy="0" r="3.5" /><text x="126" y="4">dominated</text><circle class="pt complete best" cx="216" cy="0" r="7" /><text x="228" y="4">registered</text></g>`,
  );
  parts.push('</svg>');
  return parts.join('');
}

export function paretoSection(input: { leaderboard: readonly LeaderboardEntry[]; front?: readonly LeaderboardEntry[]; objectives?: readonly Objective[]; winner?: WinnerChoice; best: { trialNumber: number } }): string {
  const { front, objectives } = input;
  if (!front || !objectives || objectives.length < 2) return '';
  // Every trial the report knows with its metrics: the leaderboard (best 50 on the first objective) and the front.
  const byTrial = new Map([...input.leaderboard, ...front].map((e) => [e.trialNumber, e]));
  const chart = front.length ? `<figure>${paretoChart([...byTrial.values()], front, objectives, input.best.trialNumber)}<figcaption>Validation scores. Points on the line are not beaten on every objective by any other trial.</figcaption></figure>` : '<p class="empty">No trial completed with every objective measured.</p>';
  const head = `<tr><th scope="col">trial</th>${objectives.map((o) => `<th scope="col">${esc(o.metric)}</th>`).join('')}</tr>`;
  const rows = [...front]
    .sort((a, b) => a.trialNumber - b.trialNumber)
    .map((e) => `<tr data-trial="${e.trialNumber}"${e.trialNumber === input.best.trialNumber ? ' class="best"' : ''}><td class="num">${e.trialNumber}</td>${objectives.map((o) => `<td class="num">${esc(fmt(e.metrics[o.metric] ?? NaN))}</td>`).join('')}</tr>`)
    .join('');
  const why = input.winner ? `<p class="intro">Registered: ${esc(input.winner.reason)}.</p>` : '';
  return `<section id="pareto" class="card"><h2>Pareto front</h2>${why}${chart}<div class="scroll"><table id="pareto-table"><thead>${head}</thead><tbody>${rows}</tbody></table></div></section>`;
}
