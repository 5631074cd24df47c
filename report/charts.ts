/**
 * The report's charts, each an inline <svg> string with role="img", an aria-label, a stable
 * `id="chart-NAME"` / `data-chart="NAME"`, axes and labels. Inputs are already computed
 * (curves.ts, importance.ts); these functions only draw.
 */
import type { Choice, Direction } from '../search-spaces/types.js';
import type { CalibrationBin, PrCurve, RocCurve } from './curves.js';
import type { ParamImportance } from './importance.js';
import {
  bandScale,
  cutLabel,
  esc,
  fmt,
  linearScale,
  linePath,
  logScale,
  n,
  padded,
  plotArea,
  ramp,
  svgOpen,
  wantsLog,
  xAxis,
  yAxis,
  type Frame,
  type Scale,
} from './svg.js';
import type { ReportTrial } from './types.js';

const pct = (v: number) => `${Math.round(v * 100)}%`;

function better(direction: Direction): (a: number, b: number) => boolean {
  return direction === 'maximize' ? (a, b) => a > b : (a, b) => a < b;
}

/** Score per trial in trial order, with the running best; pruned trials at their last reported value, failed ones as crosses on the floor. */
export function historyChart(trials: readonly ReportTrial[], metric: string, direction: Direction, bestTrial?: number): string {
  const f: Frame = { width: 1080, height: 340, left: 62, right: 20, top: 34, bottom: 44 };
  const area = plotArea(f);
  const sorted = [...trials].sort((a, b) => a.number - b.number);
  const valued = sorted.filter((t) => (t.state === 'complete' || t.state === 'pruned') && Number.isFinite(t.value));
  const numbers = sorted.map((t) => t.number);
  const x = linearScale(padded(Math.min(...numbers), Math.max(...numbers), 0.03), area.x);
  const values = valued.map((t) => t.value as number);
  const y = linearScale(padded(Math.min(...values), Math.max(...values)), area.y);
  const isBetter = better(direction);
  const parts = [svgOpen('history', `Optimisation history: ${metric} of each of ${trials.length} trials with the running best`, f)];
  parts.push(xAxis(x, f, 'trial number', (v) => (Number.isInteger(v) ? String(v) : '')));
  parts.push(yAxis(y, f, `${metric} (validation)`));

  // Running best over completed trials, as a step line.
  const steps: [number, number][] = [];
  let best: number | undefined;
  for (const t of sorted) {
    if (t.state !== 'complete' || !Number.isFinite(t.value)) continue;
    const v = t.value as number;
    if (best === undefined || isBetter(v, best)) {
      if (best !== undefined) steps.push([x(t.number), y(best)]);
      best = v;
    }
    steps.push([x(t.number), y(best)]);
  }
  if (steps.length) steps.push([x(x.domain[1]), steps[steps.length - 1][1]]);
  parts.push(`<path class="best-line" d="${linePath(steps)}" />`);

  for (const t of valued) {
    const cx = x(t.number);
    const cy = y(t.value as number);
    const tip = `<title>trial ${t.number}: ${esc(fmt(t.value as number))} (${t.state === 'pruned' ? 'pruned at a lower fidelity' : 'complete'})</title>`;
    if (t.state === 'pruned') {
      parts.push(`<path class="pt pruned" data-trial="${t.number}" d="M${n(cx)},${n(cy - 6)}L${n(cx + 5.5)},${n(cy + 4)}L${n(cx - 5.5)},${n(cy + 4)}Z">${tip}</path>`);
    } else {
      const cls = t.number === bestTrial ? 'pt complete best' : 'pt complete';
      parts.push(`<circle class="${cls}" data-trial="${t.number}" cx="${n(cx)}" cy="${n(cy)}" r="${t.number === bestTrial ? 7 : 4.5}">${tip}</circle>`);
    }
  }
  const floor = area.y[0] - 8;
  for (const t of sorted.filter((t) => t.state === 'failed')) {
    const cx = x(t.number);
    parts.push(
      `<path class="pt failed" data-trial="${t.number}" d="M${n(cx - 5)},${n(floor - 5)}L${n(cx + 5)},${n(floor + 5)}M${n(cx - 5)},${n(floor + 5)}L${n(cx + 5)},${n(floor - 5)}"><title>trial ${t.number}: failed</title></path>`,
    );
  }
  // Legend along the top.
  const lx = f.left;
  parts.push(
    `<g class="legend" transform="translate(${lx},14)">` +
      `<circle class="pt complete" cx="6" cy="0" r="4.5" /><text x="16" y="4">complete</text>` +
      `<path class="pt pruned" d="M96,-6L101.5,4L90.5,4Z" /><text x="108" y="4">pruned</text>` +
      `<path class="pt failed" d="M172,-5L182,5M172,5L182,-5" /><text x="190" y="4">failed</text>` +
      `<path class="best-line" d="M244,0L270,0" /><text x="276" y="4">best so far (${direction === 'maximize' ? 'higher' : 'lower'} is better)</text>` +
      `</g>`,
  );
  parts.push('</svg>');
  return parts.join('');
}

function choiceLabel(v: Choice | undefined): string {
  if (v === undefined) return 'n/a';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

interface Axis {
  name: string;
  kind: 'numeric' | 'categorical';
  position: (v: Choice | undefined) => number;
  draw: (x: number) => string;
}

/**
 * One vertical axis per parameter plus the score, one line per completed trial coloured by
 * its score. Numeric axes are log-scaled when their values span two decades or more;
 * categorical axes are bands; trials where a conditional parameter is inactive meet at an
 * "n/a" mark below the axis.
 */
export function parallelCoordinatesChart(trials: readonly ReportTrial[], params: readonly string[], metric: string, direction: Direction, bestTrial?: number): string {
  const done = trials.filter((t) => t.state === 'complete' && Number.isFinite(t.value));
  const spacing = params.length > 6 ? 118 : 150;
  const f: Frame = { width: Math.max(560, 90 + spacing * params.length + 70), height: 380, left: 60, right: 60, top: 62, bottom: 36 };
  const top = f.top;
  const bottom = f.height - f.bottom;
  const naY = bottom;
  const values = done.map((t) => t.value as number);
  const [vmin, vmax] = [Math.min(...values), Math.max(...values)];
  const colour = (v: number) => ramp(vmax === vmin ? 1 : direction === 'maximize' ? (v - vmin) / (vmax - vmin) : (vmax - v) / (vmax - vmin));

  const axes: Axis[] = params.map((name) => {
    const vals = done.map((t) => (Object.hasOwn(t.params, name) ? t.params[name] : undefined));
    const hasNa = vals.some((v) => v === undefined);
    const active = vals.filter((v): v is Choice => v !== undefined);
    const end = hasNa ? bottom - 28 : bottom;
    const numeric = active.length > 0 && active.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (numeric) {
      const nums = active as number[];
      const [lo, hi] = [Math.min(...nums), Math.max(...nums)];
      const scale: Scale = wantsLog(lo, hi) ? logScale([lo, hi], [end, top]) : linearScale([lo, hi], [end, top]);
      // Integer parameters get integer ticks only.
      const integral = nums.every(Number.isInteger);
      const ticks = scale.ticks().filter((t) => !integral || Number.isInteger(t));
      const shown = ticks.length > 6 ? ticks.filter((_, i) => i % Math.ceil(ticks.length / 6) === 0) : ticks;
      return {
        name,
        kind: 'numeric',
        position: (v) => (typeof v === 'number' ? scale(v) : naY),
        draw: (x) =>
          `<line class="pc-axis" x1="${n(x)}" x2="${n(x)}" y1="${n(top)}" y2="${n(end)}" />` +
          shown.map((t) => `<line class="pc-tick" x1="${n(x - 4)}" x2="${n(x)}" y1="${n(scale(t))}" y2="${n(scale(t))}" /><text class="pc-tick-label" x="${n(x - 7)}" y="${n(scale(t) + 4)}" text-anchor="end">${esc(fmt(t, 3))}</text>`).join('') +
          (scale.log ? `<text class="pc-note" x="${n(x + 5)}" y="${n(top - 6)}">log</text>` : '') +
          (hasNa ? `<text class="pc-tick-label na" x="${n(x)}" y="${n(naY + 14)}" text-anchor="middle">n/a</text><circle class="pc-na" cx="${n(x)}" cy="${n(naY)}" r="2.5" />` : ''),
      };
    }
    const cats = [...new Set(active.map(choiceLabel))].sort();
    if (hasNa) cats.push('n/a');
    const band = bandScale(cats, [bottom, top]);
    const pos = (v: Choice | undefined) => band(v === undefined ? 'n/a' : choiceLabel(v));
    return {
      name,
      kind: 'categorical',
      position: pos,
      draw: (x) =>
        `<line class="pc-axis" x1="${n(x)}" x2="${n(x)}" y1="${n(top)}" y2="${n(bottom)}" />` +
        cats
          .map((c) => `<rect class="pc-band" x="${n(x - 4)}" y="${n(band(c) - 9)}" width="8" height="18" /><text class="pc-tick-label" x="${n(x - 8)}" y="${n(band(c) + 4)}" text-anchor="end">${esc(cutLabel(c, 14))}<title>${esc(c)}</title></text>`)
          .join(''),
    };
  });
  const scoreScale = linearScale(padded(vmin, vmax, 0.02), [bottom, top]);
  const xs = params.map((_, i) => f.left + 40 + i * spacing);
  const scoreX = f.left + 40 + params.length * spacing;

  const parts = [svgOpen('parallel', `Parallel coordinates: ${params.length} parameters of ${done.length} completed trials against ${metric}`, f)];
  // Lines first (under the axes), worst first so the best end on top.
  const order = [...done].sort((a, b) => (direction === 'maximize' ? (a.value as number) - (b.value as number) : (b.value as number) - (a.value as number)));
  for (const t of order) {
    const pts: [number, number][] = axes.map((a, i) => [xs[i], a.position(Object.hasOwn(t.params, a.name) ? t.params[a.name] : undefined)]);
    pts.push([scoreX, scoreScale(t.value as number)]);
    const best = t.number === bestTrial;
    parts.push(
      `<path class="pc-line${best ? ' best' : ''}" data-trial="${t.number}" d="${linePath(pts)}" stroke="${colour(t.value as number)}"><title>trial ${t.number}: ${esc(fmt(t.value as number))}</title></path>`,
    );
  }
  axes.forEach((a, i) => {
    const x = xs[i];
    const segments = a.name.split('__');
    const last = segments.pop() as string;
    const head = segments.join('__');
    parts.push(`<g class="pc-axis-group" data-param="${esc(a.name)}">${a.draw(x)}`);
    parts.push(
      `<text class="pc-name" x="${n(x)}" y="${n(top - 30)}" text-anchor="middle"><title>${esc(a.name)}</title>` +
        (head ? `<tspan class="pc-name-head" x="${n(x)}" dy="0">${esc(cutLabel(head, 20))}</tspan><tspan x="${n(x)}" dy="14">${esc(cutLabel(last, 18))}</tspan>` : `<tspan x="${n(x)}" dy="14">${esc(cutLabel(last, 18))}</tspan>`) +
        `</text></g>`,
    );
  });
  parts.push(`<g class="pc-axis-group score"><line class="pc-axis" x1="${n(scoreX)}" x2="${n(scoreX)}" y1="${n(top)}" y2="${n(bottom)}" />`);
  for (const t of scoreScale.ticks()) {
    parts.push(`<line class="pc-tick" x1="${n(scoreX)}" x2="${n(scoreX + 4)}" y1="${n(scoreScale(t))}" y2="${n(scoreScale(t))}" /><text class="pc-tick-label" x="${n(scoreX + 7)}" y="${n(scoreScale(t) + 4)}">${esc(fmt(t, 3))}</text>`);
  }
  parts.push(`<text class="pc-name" x="${n(scoreX)}" y="${n(top - 16)}" text-anchor="middle">${esc(cutLabel(metric, 18))}</text></g>`);
  parts.push('</svg>');
  return parts.join('');
}

/** Horizontal bars: the share of the score's variance each parameter explains alone. */
export function importanceChart(importances: readonly ParamImportance[]): string {
  const rowH = 26;
  const f: Frame = { width: 620, height: 56 + rowH * importances.length, left: 210, right: 60, top: 10, bottom: 40 };
  const area = plotArea(f);
  const max = Math.max(0.05, ...importances.map((p) => p.importance));
  const x = linearScale([0, Math.min(1, niceCeil(max))], area.x);
  const parts = [svgOpen('importance', `Parameter importance: share of the score variance explained by each of ${importances.length} parameters`, f)];
  parts.push(xAxis(x, f, 'share of score variance explained (main effect)', pct));
  importances.forEach((p, i) => {
    const yTop = f.top + 8 + i * rowH;
    parts.push(
      `<g class="bar-row" data-param="${esc(p.name)}">` +
        `<rect class="track" x="${n(area.x[0])}" y="${n(yTop)}" width="${n(area.x[1] - area.x[0])}" height="${rowH - 8}" />` +
        `<rect class="bar" x="${n(area.x[0])}" y="${n(yTop)}" width="${n(Math.max(1, x(p.importance) - area.x[0]))}" height="${rowH - 8}"><title>${esc(p.name)}: ${pct(p.importance)} (eta² ${fmt(p.etaSquared, 3)}, ${p.groups} groups, active in ${p.activeTrials} trials)</title></rect>` +
        `<text x="${n(area.x[0] - 8)}" y="${n(yTop + (rowH - 8) / 2)}" dominant-baseline="central" text-anchor="end">${esc(cutLabel(p.name, 30))}<title>${esc(p.name)}</title></text>` +
        `<text class="value" x="${n(x(p.importance) + 6)}" y="${n(yTop + (rowH - 8) / 2)}" dominant-baseline="central">${pct(p.importance)}</text>` +
        `</g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

function niceCeil(v: number): number {
  for (const c of [0.05, 0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.8, 1]) if (v <= c) return c;
  return 1;
}

const unitFrame: Frame = { width: 380, height: 360, left: 58, right: 16, top: 16, bottom: 46 };

/** ROC curve of the positive class (one-vs-rest with more than two classes), with the chance diagonal. */
export function rocChart(roc: RocCurve, positiveLabel: string, operating?: { fpr: number; tpr: number }): string {
  const f = unitFrame;
  const area = plotArea(f);
  const x = linearScale([0, 1], area.x);
  const y = linearScale([0, 1], area.y);
  const pts = roc.fpr.map((v, i) => [x(v), y(roc.tpr[i])] as [number, number]);
  const parts = [svgOpen('roc', `ROC curve for class ${positiveLabel} on the test split, AUC ${fmt(roc.auc, 3)}`, f)];
  parts.push(xAxis(x, f, 'false positive rate'), yAxis(y, f, 'true positive rate'));
  parts.push(`<path class="chance" d="M${n(x(0))},${n(y(0))}L${n(x(1))},${n(y(1))}" />`);
  parts.push(`<path class="area" d="${linePath(pts)}L${n(x(1))},${n(y(0))}Z" />`);
  parts.push(`<path class="curve" d="${linePath(pts)}" />`);
  if (operating) parts.push(`<circle class="operating" cx="${n(x(operating.fpr))}" cy="${n(y(operating.tpr))}" r="5"><title>threshold 0.5: FPR ${fmt(operating.fpr, 3)}, TPR ${fmt(operating.tpr, 3)}</title></circle>`);
  parts.push(`<text class="annotation" x="${n(x(0.97))}" y="${n(y(0.06))}" text-anchor="end">AUC ${esc(fmt(roc.auc, 3))} (${roc.positives} pos / ${roc.negatives} neg)</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** Step-wise precision-recall curve (as average precision integrates it), with the prevalence baseline. */
export function prChart(pr: PrCurve, positiveLabel: string, operating?: { recall: number; precision: number }): string {
  const f = unitFrame;
  const area = plotArea(f);
  const x = linearScale([0, 1], area.x);
  const y = linearScale([0, 1], area.y);
  const pts: [number, number][] = [[x(pr.recall[0]), y(pr.precision[0])]];
  for (let k = 1; k < pr.recall.length; k++) {
    pts.push([x(pr.recall[k - 1]), y(pr.precision[k])], [x(pr.recall[k]), y(pr.precision[k])]);
  }
  const parts = [svgOpen('pr', `Precision-recall curve for class ${positiveLabel} on the test split, average precision ${fmt(pr.averagePrecision, 3)}`, f)];
  parts.push(xAxis(x, f, 'recall'), yAxis(y, f, 'precision'));
  parts.push(`<path class="chance" d="M${n(x(0))},${n(y(pr.prevalence))}L${n(x(1))},${n(y(pr.prevalence))}"><title>random ranking: precision ${fmt(pr.prevalence, 3)}</title></path>`);
  parts.push(`<path class="curve" d="${linePath(pts)}" />`);
  if (operating) parts.push(`<circle class="operating" cx="${n(x(operating.recall))}" cy="${n(y(operating.precision))}" r="5"><title>threshold 0.5: recall ${fmt(operating.recall, 3)}, precision ${fmt(operating.precision, 3)}</title></circle>`);
  parts.push(`<text class="annotation" x="${n(x(0.03))}" y="${n(y(0.06))}">AP ${esc(fmt(pr.averagePrecision, 3))}, baseline ${esc(fmt(pr.prevalence, 3))}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** Counts with cells shaded by the share of their row (recall of the actual class). */
export function confusionChart(matrix: readonly (readonly number[])[], classes: readonly string[], caption: string): string {
  const k = classes.length;
  const cell = Math.max(28, Math.min(84, Math.floor(340 / k)));
  const longest = Math.min(18, Math.max(...classes.map((c) => c.length)));
  const left = 44 + Math.ceil(longest * 7);
  const f: Frame = { width: left + cell * k + 20, height: 70 + cell * k + 20, left, right: 20, top: 56, bottom: 20 };
  const parts = [svgOpen('confusion', `Confusion matrix on the test split (${caption}): rows are actual classes, columns predicted`, f)];
  const fontSize = cell < 44 ? 10 : 13;
  parts.push(`<text class="axis-label" x="${n(f.left + (cell * k) / 2)}" y="16" text-anchor="middle">predicted</text>`);
  parts.push(`<text class="axis-label" x="16" y="${n(f.top + (cell * k) / 2)}" text-anchor="middle" transform="rotate(-90 16 ${n(f.top + (cell * k) / 2)})">actual</text>`);
  classes.forEach((c, j) => {
    parts.push(`<text class="cm-label" x="${n(f.left + cell * (j + 0.5))}" y="${n(f.top - 10)}" text-anchor="middle">${esc(cutLabel(c, Math.max(4, Math.floor(cell / 7))))}<title>${esc(c)}</title></text>`);
  });
  matrix.forEach((row, i) => {
    const total = row.reduce((s, v) => s + v, 0);
    parts.push(`<text class="cm-label" x="${n(f.left - 10)}" y="${n(f.top + cell * (i + 0.5) + 4)}" text-anchor="end">${esc(cutLabel(classes[i], 18))}<title>${esc(classes[i])}</title></text>`);
    row.forEach((v, j) => {
      const share = total ? v / total : 0;
      const light = share > 0.55;
      parts.push(
        `<rect class="cm-cell${i === j ? ' diag' : ''}" x="${n(f.left + cell * j)}" y="${n(f.top + cell * i)}" width="${cell}" height="${cell}" fill="${cellColour(share)}"><title>actual ${esc(classes[i])}, predicted ${esc(classes[j])}: ${v} (${pct(share)} of the row)</title></rect>` +
          `<text class="cm-count${light ? ' light' : ''}" x="${n(f.left + cell * (j + 0.5))}" y="${n(f.top + cell * (i + 0.5) + (cell >= 44 ? -1 : 4))}" text-anchor="middle" font-size="${fontSize}">${v}</text>` +
          (cell >= 44 ? `<text class="cm-share${light ? ' light' : ''}" x="${n(f.left + cell * (j + 0.5))}" y="${n(f.top + cell * (i + 0.5) + 14)}" text-anchor="middle">${pct(share)}</text>` : ''),
      );
    });
  });
  parts.push('</svg>');
  return parts.join('');
}

function cellColour(share: number): string {
  // White to a deep blue.
  const from = [247, 251, 255];
  const to = [8, 69, 148];
  const c = from.map((v, k) => Math.round(v + (to[k] - v) * Math.min(1, Math.max(0, share))));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Reliability diagram: observed positive rate against the mean predicted probability per bin, with the rows per bin below. */
export function calibrationChart(bins: readonly CalibrationBin[], positiveLabel: string, ece: number): string {
  const f: Frame = { width: 380, height: 440, left: 58, right: 16, top: 16, bottom: 126 };
  const area = plotArea(f);
  const x = linearScale([0, 1], area.x);
  const y = linearScale([0, 1], area.y);
  const parts = [svgOpen('calibration', `Calibration (reliability) plot for class ${positiveLabel}: ${bins.length} bins, expected calibration error ${fmt(ece, 3)}`, f)];
  parts.push(yAxis(y, f, 'observed share positive'));
  // x ticks drawn on the histogram's baseline, shared by both panels.
  const plotBottom = area.y[0];
  const histTop = plotBottom + 22;
  const histBottom = f.height - 44;
  parts.push(`<line class="axis-line" x1="${n(area.x[0])}" x2="${n(area.x[1])}" y1="${n(plotBottom)}" y2="${n(plotBottom)}" />`);
  for (const t of x.ticks()) parts.push(`<line class="grid" x1="${n(x(t))}" x2="${n(x(t))}" y1="${n(area.y[1])}" y2="${n(plotBottom)}" />`);
  parts.push(`<path class="chance" d="M${n(x(0))},${n(y(0))}L${n(x(1))},${n(y(1))}"><title>perfect calibration</title></path>`);
  const filled = bins.filter((b) => b.count > 0);
  parts.push(`<path class="curve" d="${linePath(filled.map((b) => [x(b.meanPredicted), y(b.fractionPositive)]))}" />`);
  for (const b of filled) {
    parts.push(
      `<circle class="pt calib" cx="${n(x(b.meanPredicted))}" cy="${n(y(b.fractionPositive))}" r="4"><title>${fmt(b.lo, 2)}–${fmt(b.hi, 2)}: predicted ${fmt(b.meanPredicted, 3)}, observed ${fmt(b.fractionPositive, 3)} (${b.count} rows)</title></circle>`,
    );
  }
  parts.push(`<text class="annotation" x="${n(x(0.03))}" y="${n(y(0.94))}">ECE ${esc(fmt(ece, 3))}</text>`);
  // Histogram of rows per bin.
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  for (const b of bins) {
    const h = ((histBottom - histTop) * b.count) / maxCount;
    parts.push(`<rect class="hist" x="${n(x(b.lo) + 1)}" y="${n(histBottom - h)}" width="${n(Math.max(0, x(b.hi) - x(b.lo) - 2))}" height="${n(h)}"><title>${b.count} rows with predicted ${fmt(b.lo, 2)}–${fmt(b.hi, 2)}</title></rect>`);
  }
  parts.push(`<line class="axis-line" x1="${n(area.x[0])}" x2="${n(area.x[1])}" y1="${n(histBottom)}" y2="${n(histBottom)}" />`);
  parts.push(`<text class="pc-tick-label" x="${n(area.x[0] - 8)}" y="${n(histTop + 8)}" text-anchor="end">${maxCount}</text>`);
  parts.push(`<text class="pc-tick-label" x="${n(area.x[0] - 8)}" y="${n(histBottom)}" text-anchor="end">0</text>`);
  parts.push(`<text class="pc-note" x="${n(area.x[1])}" y="${n(histTop - 4)}" text-anchor="end">rows per bin</text>`);
  for (const t of x.ticks()) {
    parts.push(`<line x1="${n(x(t))}" x2="${n(x(t))}" y1="${n(histBottom)}" y2="${n(histBottom + 5)}" class="axis-line" /><text x="${n(x(t))}" y="${n(histBottom + 18)}" text-anchor="middle">${esc(fmt(t))}</text>`);
  }
  parts.push(`<text class="axis-label" x="${n((area.x[0] + area.x[1]) / 2)}" y="${n(f.height - 6)}" text-anchor="middle">mean predicted probability of ${esc(cutLabel(positiveLabel, 24))}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** Rows per class of the label column. */
export function classBalanceChart(classes: readonly { label: string; count: number }[], target: string): string {
  const rowH = 24;
  const longest = Math.min(20, Math.max(...classes.map((c) => c.label.length)));
  const f: Frame = { width: 400, height: 50 + rowH * classes.length, left: 24 + Math.ceil(longest * 6.5), right: 78, top: 8, bottom: 40 };
  const area = plotArea(f);
  const total = classes.reduce((s, c) => s + c.count, 0);
  const x = linearScale([0, Math.max(1, ...classes.map((c) => c.count))], area.x);
  const parts = [svgOpen('classes', `Class balance of ${target}: ${classes.length} classes, ${total} rows`, f)];
  parts.push(xAxis(x, f, `rows per class of ${target}`, (v) => (Number.isInteger(v) ? String(v) : '')));
  classes.forEach((c, i) => {
    const yTop = f.top + 6 + i * rowH;
    parts.push(
      `<rect class="bar" x="${n(area.x[0])}" y="${n(yTop)}" width="${n(Math.max(1, x(c.count) - area.x[0]))}" height="${rowH - 8}"><title>${esc(c.label)}: ${c.count}</title></rect>` +
        `<text x="${n(area.x[0] - 8)}" y="${n(yTop + (rowH - 8) / 2)}" dominant-baseline="central" text-anchor="end">${esc(cutLabel(c.label, 20))}</text>` +
        `<text class="value" x="${n(x(c.count) + 6)}" y="${n(yTop + (rowH - 8) / 2)}" dominant-baseline="central">${c.count} (${total ? pct(c.count / total) : '0%'})</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
