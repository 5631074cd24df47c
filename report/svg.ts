/**
 * Small helpers for hand-written SVG charts: escaping, number formatting, linear / log /
 * band scales with readable ticks, and axis drawing. No DOM, no dependencies: strings in,
 * strings out, so the report renders the same anywhere.
 */

/** Escapes text for HTML/SVG element content and double- or single-quoted attribute values. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** A number for people: up to 4 significant digits, exponent form only for very small or large magnitudes. */
export function fmt(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'n/a';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return v.toExponential(Math.max(0, digits - 2)).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(digits)));
}

/** A coordinate for SVG attributes: 2 decimals, no trailing zeros. */
export function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}

export interface Scale {
  (v: number): number;
  readonly domain: [number, number];
  readonly range: [number, number];
  readonly log: boolean;
  ticks(): number[];
}

/** Evenly spaced "nice" tick values (steps of 1, 2 or 5 times a power of ten) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) return [lo];
  if (lo > hi) [lo, hi] = [hi, lo];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  // The 1-2-5 multiple nearest to the raw step (on a log scale), as d3's ticks do.
  const ratio = raw / power;
  const step = power * (ratio >= Math.sqrt(50) ? 10 : ratio >= Math.sqrt(10) ? 5 : ratio >= Math.sqrt(2) ? 2 : 1);
  const out: number[] = [];
  const start = Math.ceil(lo / step - 1e-9);
  for (let k = start; k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/** A domain [lo, hi] widened by `share` of its span on both sides, so points do not sit on the axes. */
export function padded(lo: number, hi: number, share = 0.06): [number, number] {
  const span = hi - lo || Math.abs(hi) || 1;
  return [lo - span * share, hi + span * share];
}

export function linearScale(domain: [number, number], range: [number, number]): Scale {
  let [d0, d1] = domain;
  if (d0 === d1) {
    const pad = Math.abs(d0) * 0.05 || 0.5;
    d0 -= pad;
    d1 += pad;
  }
  const f = ((v: number) => range[0] + ((v - d0) / (d1 - d0)) * (range[1] - range[0])) as Scale;
  return Object.assign(f, { domain: [d0, d1] as [number, number], range, log: false, ticks: () => niceTicks(d0, d1) });
}

/** A log10 scale; ticks at powers of ten (with 2 and 5 between them when the range spans less than 3 decades). */
export function logScale(domain: [number, number], range: [number, number]): Scale {
  let [l0, l1] = [Math.log10(domain[0]), Math.log10(domain[1])];
  if (l0 === l1) {
    l0 -= 0.5;
    l1 += 0.5;
  }
  const f = ((v: number) => range[0] + ((Math.log10(v) - l0) / (l1 - l0)) * (range[1] - range[0])) as Scale;
  const ticks = () => {
    const out: number[] = [];
    const mults = l1 - l0 < 3 ? [1, 2, 5] : [1];
    for (let e = Math.floor(l0); e <= Math.ceil(l1); e++) {
      for (const m of mults) {
        const v = Number((m * 10 ** e).toPrecision(12));
        const lv = Math.log10(v);
        if (lv >= l0 - 1e-9 && lv <= l1 + 1e-9) out.push(v);
      }
    }
    return out;
  };
  return Object.assign(f, { domain: [10 ** l0, 10 ** l1] as [number, number], range, log: true, ticks });
}

/** Whether positive values spanning [lo, hi] read better on a log axis: at least two decades. */
export function wantsLog(lo: number, hi: number): boolean {
  return lo > 0 && hi > 0 && hi / lo >= 100;
}

/** Position of each category (band centre) along [r0, r1]. */
export function bandScale(categories: readonly string[], range: [number, number]): (c: string) => number {
  const step = (range[1] - range[0]) / Math.max(1, categories.length);
  const index = new Map(categories.map((c, i) => [c, i]));
  return (c: string) => range[0] + step * ((index.get(c) ?? 0) + 0.5);
}

/** Cuts a label to `max` characters with an ellipsis (the full text goes in a <title>). */
export function cutLabel(s: string, max = 18): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The plotting area's x and y pixel ranges (y grows downwards, so the range runs bottom to top). */
export function plotArea(f: Frame): { x: [number, number]; y: [number, number] } {
  return { x: [f.left, f.width - f.right], y: [f.height - f.bottom, f.top] };
}

/** The opening tag of a chart: role="img", an accessible name and stable id / data-chart hooks. */
export function svgOpen(id: string, label: string, f: Frame, extraClass = ''): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" id="chart-${esc(id)}" data-chart="${esc(id)}" class="chart ${esc(extraClass)}" ` +
    `role="img" aria-label="${esc(label)}" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}" style="max-width:${f.width}px" ` +
    `preserveAspectRatio="xMidYMid meet"><title>${esc(label)}</title>`
  );
}

/** Bottom x axis with ticks, grid lines and a label. */
export function xAxis(scale: Scale, f: Frame, label: string, format: (v: number) => string = fmt): string {
  const { y } = plotArea(f);
  const parts = [`<g class="axis x-axis"><line x1="${n(scale.range[0])}" x2="${n(scale.range[1])}" y1="${n(y[0])}" y2="${n(y[0])}" />`];
  for (const t of scale.ticks()) {
    const x = scale(t);
    parts.push(`<line class="grid" x1="${n(x)}" x2="${n(x)}" y1="${n(y[1])}" y2="${n(y[0])}" />`);
    parts.push(`<line x1="${n(x)}" x2="${n(x)}" y1="${n(y[0])}" y2="${n(y[0] + 5)}" />`);
    parts.push(`<text x="${n(x)}" y="${n(y[0] + 18)}" text-anchor="middle">${esc(format(t))}</text>`);
  }
  parts.push(`<text class="axis-label" x="${n((scale.range[0] + scale.range[1]) / 2)}" y="${n(f.height - 6)}" text-anchor="middle">${esc(label)}</text></g>`);
  return parts.join('');
}

/** Left y axis with ticks, grid lines and a rotated label. */
export function yAxis(scale: Scale, f: Frame, label: string, format: (v: number) => string = fmt): string {
  const { x } = plotArea(f);
  const parts = [`<g class="axis y-axis"><line x1="${n(x[0])}" x2="${n(x[0])}" y1="${n(scale.range[0])}" y2="${n(scale.range[1])}" />`];
  for (const t of scale.ticks()) {
    const y = scale(t);
    parts.push(`<line class="grid" x1="${n(x[0])}" x2="${n(x[1])}" y1="${n(y)}" y2="${n(y)}" />`);
    parts.push(`<line x1="${n(x[0] - 5)}" x2="${n(x[0])}" y1="${n(y)}" y2="${n(y)}" />`);
    parts.push(`<text x="${n(x[0] - 8)}" y="${n(y + 4)}" text-anchor="end">${esc(format(t))}</text>`);
  }
  const cy = (scale.range[0] + scale.range[1]) / 2;
  parts.push(`<text class="axis-label" x="14" y="${n(cy)}" text-anchor="middle" transform="rotate(-90 14 ${n(cy)})">${esc(label)}</text></g>`);
  return parts.join('');
}

/** A polyline path through finite points. */
export function linePath(points: readonly [number, number][]): string {
  return points
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
    .map(([x, y], i) => `${i ? 'L' : 'M'}${n(x)},${n(y)}`)
    .join('');
}

/**
 * Colour for t in [0, 1] on a perceptually ordered ramp (viridis-like, 5 stops, linearly
 * interpolated): dark purple for low, yellow for high.
 */
export function ramp(t: number): string {
  const stops = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [223, 196, 22],
  ];
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const u = x - i;
  const c = stops[i].map((v, k) => Math.round(v + (stops[i + 1][k] - v) * u));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
