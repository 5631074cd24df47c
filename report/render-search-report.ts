/**
 * The search report: one self-contained HTML file (inline CSS and inline SVG, no script, no
 * network; a Content-Security-Policy forbids any fetch) rendered from a `SearchReportInput`
 * alone. Every piece of user text (experiment, column names, labels, parameter values) is
 * escaped.
 */
import type { ColumnProfile } from '../data/profile.js';
import type { Choice, ParamValues } from '../search-spaces/types.js';
import { calibrationChart, classBalanceChart, confusionChart, historyChart, importanceChart, parallelCoordinatesChart, prChart, rocChart } from './charts.js';
import { calibrationBins, confusionMatrix, expectedCalibrationError, prCurve, predictClasses, rocCurve } from './curves.js';
import { parameterImportance, type ParamImportance } from './importance.js';
import { paretoSection } from './pareto-section.js';
import { registeredSection, winnerTitle } from './registered-section.js';
import { esc, fmt } from './svg.js';
import { decisionSection, ruleLabels, ruleName } from './decision-section.js';
import type { ReportTrial, SearchReportInput } from './types.js';

/** Chart ids (`id="chart-NAME"`, `data-chart="NAME"`) the report can contain. */
export const REPORT_CHARTS = ['history', 'parallel', 'importance', 'roc', 'pr', 'confusion', 'calibration', 'classes'] as const;
export type ReportChart = (typeof REPORT_CHARTS)[number];

/** Most parameter axes in the parallel-coordinates chart (the most important ones). */
const MAX_PARALLEL_AXES = 10;
/** Most leaderboard rows shown. */
const MAX_LEADERBOARD_ROWS = 50;

interface TestAnalysis {
  ok: true;
  classes: string[];
  positiveClass: number;
  rows: number;
  skippedRows: number;
  matrix: number[][];
  accuracy: number;
  html: string;
}

function choiceText(v: Choice): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function paramsText(params: ParamValues): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${choiceText(params[k])}`)
    .join(', ');
}

function paramList(params: ParamValues): string {
  const keys = Object.keys(params).sort();
  if (!keys.length) return '<span class="muted">(defaults)</span>';
  return `<ul class="params">${keys.map((k) => `<li><code>${esc(k)}</code> = <code>${esc(choiceText(params[k]))}</code></li>`).join('')}</ul>`;
}

function metricsTable(rows: { name: string; values: Record<string, number> }[], highlight?: string): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.values)))].sort((a, b) => (a === highlight ? -1 : b === highlight ? 1 : a < b ? -1 : 1));
  if (!keys.length) return '<p class="muted">No metrics recorded.</p>';
  return (
    `<table class="metrics"><thead><tr><th></th>${keys.map((k) => `<th scope="col">${esc(k)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r) => `<tr><th scope="row">${esc(r.name)}</th>${keys.map((k) => `<td class="num">${k in r.values ? esc(fmt(r.values[k])) : '–'}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>'
  );
}

function section(id: string, title: string, body: string, intro = ''): string {
  return `<section id="${esc(id)}" class="card"><h2>${esc(title)}</h2>${intro ? `<p class="intro">${intro}</p>` : ''}${body}</section>`;
}

function figure(svg: string, caption: string): string {
  return `<figure>${svg}<figcaption>${caption}</figcaption></figure>`;
}

function empty(message: string): string {
  return `<p class="empty">${esc(message)}</p>`;
}

function headerSection(input: SearchReportInput, trials: ReportTrial[]): string {
  const count = (s: ReportTrial['state']) => trials.filter((t) => t.state === s).length;
  // Rendered before registration, the report may know the model's name but not its version yet.
  const model = input.model ? `${input.model.name}${input.model.version !== undefined ? ` version ${input.model.version}` : ', a new version'}` : 'not registered';
  const best = input.leaderboard.find((e) => e.trialNumber === input.best.trialNumber);
  const items: [string, string][] = [
    ['Search id', `<code>${esc(input.searchId)}</code>`],
    ['Metric', `${esc(input.metric)} <span class="muted">(${input.direction === 'maximize' ? 'higher' : 'lower'} is better)</span>`],
    ['Model', esc(model)],
    ['Trials', `${trials.length} in all: ${count('complete')} complete, ${count('pruned')} pruned, ${count('failed')} failed${count('running') ? `, ${count('running')} unfinished` : ''}`],
    ['Winner', `trial ${input.best.trialNumber}${best ? `, validation ${esc(input.metric)} ${esc(fmt(best.value))}` : ''}${input.metric in input.best.testMetrics ? `, test ${esc(fmt(input.best.testMetrics[input.metric]))}` : ''}`],
    ['Data', `${input.profile.nRows} rows, ${input.profile.columns.length} columns, label <code>${esc(input.profile.target.name)}</code>`],
    ['Created', esc(input.createdAt)],
  ];
  return (
    `<header class="card" id="summary"><p class="kicker">AutoFlow search report</p><h1>${esc(input.experiment)}</h1>` +
    `<dl class="facts">${items.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${v}</dd></div>`).join('')}</dl></header>`
  );
}

function winnerSection(input: SearchReportInput): string {
  return section(
    'winner',
    winnerTitle(input.registered, input.best.trialNumber),
    `<div class="two"><div><h3>Parameters</h3>${paramList(input.best.params)}</div><div class="scroll"><h3>Metrics</h3>${metricsTable(
      [
        { name: 'validation', values: input.best.validationMetrics },
        { name: 'test (refitted)', values: input.best.testMetrics },
      ],
      input.metric,
    )}</div></div>`,
    'Refitted on train + validation and scored once on the untouched test split.',
  );
}

function historySection(input: SearchReportInput, trials: ReportTrial[]): string {
  const valued = trials.filter((t) => (t.state === 'complete' || t.state === 'pruned') && Number.isFinite(t.value));
  const body = valued.length
    ? figure(
        historyChart(trials, input.metric, input.direction, input.best.trialNumber),
        `Validation ${esc(input.metric)} of each trial in trial order. Pruned trials (triangles) show their last score at a lower data fraction; failed trials are crosses on the floor. The line is the best complete trial so far.`,
      )
    : empty('No trial produced a score.');
  return section('history', 'Optimisation history', body);
}

function parallelSection(input: SearchReportInput, trials: ReportTrial[], importance: ParamImportance[]): string {
  const done = trials.filter((t) => t.state === 'complete' && Number.isFinite(t.value));
  const params = importance.map((p) => p.name).slice(0, MAX_PARALLEL_AXES);
  if (!done.length || !params.length) return section('parallel', 'Parameters against score', empty(done.length ? 'The search had no parameters to vary.' : 'No completed trials to draw.'));
  const left = importance.length - params.length;
  return section(
    'parallel',
    'Parameters against score',
    `<div class="scroll">${parallelCoordinatesChart(done, [...params].reverse(), input.metric, input.direction, input.best.trialNumber)}</div>` +
      `<p class="caption">One line per completed trial, coloured by ${esc(input.metric)} (yellow is best). Axes are ordered by importance, the most important next to the score. Numeric axes marked “log” span two decades or more; categorical values are bands; “n/a” collects trials where a conditional parameter did not apply.${left > 0 ? ` ${left} less important parameters are not drawn.` : ''}</p>`,
  );
}

function importanceSection(importance: ParamImportance[], trials: ReportTrial[]): string {
  const done = trials.filter((t) => t.state === 'complete' && Number.isFinite(t.value)).length;
  if (!importance.length || done < 3) return section('importance', 'Parameter importance', empty(`Needs at least 3 completed trials with parameters (have ${done}).`));
  return section(
    'importance',
    'Parameter importance',
    figure(
      importanceChart(importance),
      `Share of the variance of the score explained by each parameter alone over ${done} completed trials (a functional-ANOVA main effect, computed from value groups and corrected for the number of groups). Interactions are not counted, and with a model-based sampler correlated parameters may share credit.`,
    ),
  );
}

function analyseTest(input: SearchReportInput): TestAnalysis | { ok: false; problem: string } {
  const { classes, positiveClass, labels, proba } = input.test;
  const k = classes.length;
  if (k < 2) return { ok: false, problem: `the test split needs at least two classes (have ${k})` };
  if (proba.length !== labels.length * k) return { ok: false, problem: `the probability matrix has ${proba.length} values, expected ${labels.length} rows x ${k} classes` };
  if (!(positiveClass >= 0 && positiveClass < k)) return { ok: false, problem: `positive class index ${positiveClass} is out of range for ${k} classes` };
  const index = new Map(classes.map((c, i) => [c, i]));
  const rows: number[] = [];
  labels.forEach((l, r) => {
    if (index.has(l)) rows.push(r);
  });
  const actual = rows.map((r) => index.get(labels[r]) as number);
  const predictedAll = ruleLabels(input.decision, proba, classes) ?? predictClasses(proba, k, positiveClass);
  const predicted = rows.map((r) => predictedAll[r]);
  const matrix = confusionMatrix(actual, predicted, k);
  const positive = actual.map((a) => a === positiveClass);
  const scores = rows.map((r) => proba[r * k + positiveClass]);
  const roc = rocCurve(scores, positive);
  const pr = prCurve(scores, positive);
  const bins = calibrationBins(scores, positive, 10);
  const ece = expectedCalibrationError(bins);
  const accuracy = actual.length ? actual.filter((a, i) => a === predicted[i]).length / actual.length : NaN;
  const pos = classes[positiveClass];
  const binary = k === 2;
  const ovr = binary ? `class <code>${esc(pos)}</code>` : `class <code>${esc(pos)}</code> against the other ${k - 1} (one-vs-rest)`;
  // The confusion matrix's operating point on the curves (binary: threshold 0.5).
  let operatingRoc: { fpr: number; tpr: number } | undefined;
  let operatingPr: { recall: number; precision: number } | undefined;
  if (binary && roc) {
    const tp = matrix[positiveClass][positiveClass];
    const fn = matrix[positiveClass][1 - positiveClass];
    const fp = matrix[1 - positiveClass][positiveClass];
    operatingRoc = { fpr: fp / roc.negatives, tpr: tp / roc.positives };
    if (tp + fp > 0) operatingPr = { recall: tp / (tp + fn), precision: tp / (tp + fp) };
  }
  const threshold = ruleName(input.decision) ?? (binary ? `threshold 0.5 on P(${pos})` : 'argmax of the class probabilities');
  const figures = [
    roc ? figure(rocChart(roc, pos, operatingRoc), `ROC of ${ovr}. The dot is the ${esc(threshold)} used in the confusion matrix.`) : empty(`No ROC curve: the test split lacks ${positive.some(Boolean) ? 'negative' : 'positive'} rows for ${pos}.`),
    pr ? figure(prChart(pr, pos, operatingPr), `Precision-recall of ${ovr}; the dashed line is the precision of a random ranking.`) : empty(`No precision-recall curve: the test split has no ${pos} rows.`),
    figure(confusionChart(matrix, classes, threshold), `Rows are actual classes, columns predicted (${esc(threshold)}); shading is the share of the row. Accuracy ${esc(fmt(accuracy, 3))} on ${actual.length} rows.`),
    figure(calibrationChart(bins, pos, ece), `Reliability of P(${esc(pos)}) in 10 equal-width bins: points on the diagonal are calibrated, points below it mean the model predicts ${esc(pos)} more often than it happens. ECE is the row-weighted mean gap. The bars count rows per bin.`),
  ];
  const skipped = labels.length - rows.length;
  const html = section(
    'test',
    'Winner on the test split',
    `<div class="grid test-grid">${figures.map((fig) => `<div>${fig}</div>`).join('')}</div>` + (skipped ? `<p class="warning">${skipped} test rows have labels that are not among the classes and are left out.</p>` : ''),
    `${actual.length} held-out rows the search never saw. Curves are for ${ovr}.`,
  );
  return { ok: true, classes, positiveClass, rows: actual.length, skippedRows: skipped, matrix, accuracy, html };
}

function leaderboardSection(input: SearchReportInput): string {
  const entries = input.leaderboard.slice(0, MAX_LEADERBOARD_ROWS);
  if (!entries.length) return section('leaderboard', 'Leaderboard', empty('No trial completed.'));
  const metricKeys = [...new Set(entries.flatMap((e) => Object.keys(e.metrics)))].filter((k) => k !== input.metric).sort();
  // Both scores when the best trials were re-scored: the validation score they were ranked by, the fold mean that chose the winner.
  const rescored = entries.some((e) => e.rescored);
  const cvHead = rescored ? `<th scope="col">${esc(input.metric)}, ${entries.find((e) => e.rescored)!.rescored!.values.length}-fold mean</th>` : '';
  const head = `<tr><th scope="col">#</th><th scope="col">trial</th><th scope="col">${esc(input.metric)}</th>${cvHead}${metricKeys.map((k) => `<th scope="col">${esc(k)}</th>`).join('')}<th scope="col">fit s</th><th scope="col">parameters</th></tr>`;
  const rows = entries
    .map(
      (e, i) =>
        `<tr data-trial="${e.trialNumber}"${e.trialNumber === input.best.trialNumber ? ' class="best"' : ''}><td class="num">${i + 1}</td><td class="num">${e.trialNumber}</td><td class="num strong">${esc(fmt(e.value))}</td>` +
        (rescored ? `<td class="num">${e.rescored ? esc(fmt(e.rescored.mean)) : '–'}</td>` : '') +
        metricKeys.map((k) => `<td class="num">${k in e.metrics ? esc(fmt(e.metrics[k])) : '–'}</td>`).join('') +
        `<td class="num">${esc(fmt(e.fitSeconds, 3))}</td><td class="params-cell"><code>${esc(paramsText(e.params))}</code></td></tr>`,
    )
    .join('');
  const more = input.leaderboard.length > entries.length ? `<p class="muted">${input.leaderboard.length - entries.length} more entries not shown.</p>` : '';
  return section('leaderboard', 'Leaderboard', `<div class="scroll"><table id="leaderboard-table" class="leaderboard"><thead>${head}</thead><tbody>${rows}</tbody></table></div>${more}`, `Completed trials by validation ${esc(input.metric)}, best first.${input.winner ? ` Winner: ${esc(input.winner.reason)}.` : ''}`);
}

function trialsSection(trials: ReportTrial[]): string {
  const rows = trials
    .map((t) => {
      const rungs = t.intermediate ? Object.entries(t.intermediate).map(([k, v]) => `${k}: ${fmt(v, 3)}`).join(', ') : '';
      return `<tr data-trial="${t.number}" class="state-${esc(t.state)}"><td class="num">${t.number}</td><td>${esc(t.state)}</td><td class="num">${t.value !== undefined ? esc(fmt(t.value)) : '–'}</td><td>${esc(rungs)}</td><td class="params-cell"><code>${esc(paramsText(t.params))}</code></td></tr>`;
    })
    .join('');
  return `<details class="card" id="trials"><summary>All ${trials.length} trials</summary><div class="scroll"><table class="trials"><thead><tr><th>trial</th><th>state</th><th>value</th><th>rungs (data fraction: value)</th><th>parameters</th></tr></thead><tbody>${rows}</tbody></table></div></details>`;
}

function columnSummary(c: ColumnProfile): string {
  if (c.numeric) {
    const s = c.numeric;
    return `min ${esc(fmt(s.min))} · mean ${esc(fmt(s.mean))} · max ${esc(fmt(s.max))} · sd ${esc(fmt(s.std))}${s.unparsable ? ` · <span class="warn">${s.unparsable} not numbers</span>` : ''}`;
  }
  if (c.text) return `length avg ${esc(fmt(c.text.avgLength))}, max ${c.text.maxLength}`;
  if (c.topValues?.length) {
    const shown = c.topValues.slice(0, 5).map((v) => `<span class="chip">${esc(v.value)} <b>${v.count}</b></span>`);
    return shown.join(' ') + (c.topValues.length > 5 ? ` <span class="muted">+${c.topValues.length - 5} more</span>` : '');
  }
  return '';
}

function profileSection(input: SearchReportInput): string {
  const p = input.profile;
  const rows = p.columns
    .map((c) => {
      const missingShare = p.nRows ? c.missing / p.nRows : 0;
      return (
        `<tr data-column="${esc(c.name)}"><th scope="row"><code>${esc(c.name)}</code></th><td>${esc(c.type)}${c.inferred ? ' <span class="muted">(inferred)</span>' : ''}</td>` +
        `<td class="num">${c.missing}${c.missing ? ` <span class="muted">(${missingShare < 0.001 ? '<0.1' : (missingShare * 100).toFixed(1)}%)</span>` : ''}</td>` +
        `<td class="num">${c.unique}${c.uniqueCapped ? '+' : ''}</td><td>${columnSummary(c)}</td></tr>`
      );
    })
    .join('');
  const warnings = p.warnings.length ? `<h3>Warnings</h3><ul class="warnings">${p.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '';
  const balance = p.target.classes.length
    ? figure(classBalanceChart(p.target.classes, p.target.name), `Rows per class of the label column <code>${esc(p.target.name)}</code>.`)
    : empty('No class counts.');
  return section(
    'profile',
    'Data profile',
    `<div class="two wide-first"><div class="scroll"><table class="profile"><thead><tr><th scope="col">column</th><th scope="col">type</th><th scope="col">missing</th><th scope="col">unique</th><th scope="col">summary</th></tr></thead><tbody>${rows}</tbody></table></div><div>${balance}</div></div>${warnings}`,
    `${p.nRows} rows; the label column is <code>${esc(p.target.name)}</code>.`,
  );
}

interface DriftRow {
  column: string;
  type?: unknown;
  statistic?: unknown;
  value: number;
  level?: unknown;
  topChanges?: unknown;
}

/** Column rows when the drift looks like monitoring's DriftReport (duck-typed: the report stays generic). */
function driftRows(drift: unknown): DriftRow[] | undefined {
  const columns = (drift as { columns?: unknown } | null)?.columns;
  if (!Array.isArray(columns) || !columns.length) return undefined;
  const ok = columns.every((c) => c !== null && typeof c === 'object' && typeof (c as DriftRow).column === 'string' && typeof (c as DriftRow).value === 'number');
  return ok ? (columns as DriftRow[]) : undefined;
}

function driftChanges(changes: unknown): string {
  if (!Array.isArray(changes)) return '';
  return changes
    .filter((c): c is { key: unknown; reference: unknown; current: unknown } => c !== null && typeof c === 'object' && 'key' in c)
    .slice(0, 5)
    .map((c) => {
      const share = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '?');
      return `<span class="chip">${esc(String(c.key))} ${share(c.reference)} → <b>${share(c.current)}</b></span>`;
    })
    .join(' ');
}

function driftSection(drift: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(drift, null, 2) ?? String(drift);
  } catch (e) {
    json = `(drift data could not be shown: ${(e as Error).message})`;
  }
  const rows = driftRows(drift);
  const d = drift as { referenceRows?: unknown; currentRows?: unknown };
  const sizes = typeof d?.referenceRows === 'number' && typeof d?.currentRows === 'number' ? ` Reference ${d.referenceRows} rows, current ${d.currentRows} rows.` : '';
  const table = rows
    ? `<div class="scroll"><table class="drift"><thead><tr><th scope="col">column</th><th scope="col">type</th><th scope="col">statistic</th><th scope="col">value</th><th scope="col">level</th><th scope="col">largest changes</th></tr></thead><tbody>` +
      [...rows]
        .sort((a, b) => b.value - a.value)
        .map(
          (r) =>
            `<tr data-column="${esc(r.column)}"><th scope="row"><code>${esc(r.column)}</code></th><td>${esc(r.type ?? '')}</td><td>${esc(r.statistic ?? '')}</td><td class="num">${esc(fmt(r.value, 3))}</td>` +
            `<td><span class="level level-${esc(String(r.level ?? 'unknown'))}">${esc(r.level ?? '')}</span></td><td>${driftChanges(r.topChanges)}</td></tr>`,
        )
        .join('') +
      '</tbody></table></div>'
    : '';
  const raw = `<pre class="json">${esc(json)}</pre>`;
  return section(
    'drift',
    'Drift against the champion',
    rows ? `${table}<details><summary>All drift data (JSON)</summary>${raw}</details>` : raw,
    `Differences between this search's data and the training data of the model in production.${sizes}`,
  );
}

const CSS = `
:root { --fg:#1d2330; --muted:#667085; --line:#e4e7ec; --bg:#f6f7f9; --card:#fff; --accent:#2f6fde; --accent2:#e8590c; --bad:#d92d20; --good:#12b76a; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif; color:var(--fg); background:var(--bg); }
main { max-width:1180px; margin:0 auto; padding:24px 20px 48px; }
nav.toc { position:sticky; top:0; z-index:1; background:rgba(246,247,249,.95); border-bottom:1px solid var(--line); padding:8px 20px; font-size:13px; }
nav.toc a { display:inline-block; color:var(--accent); text-decoration:none; margin-right:14px; white-space:nowrap; }
.card { scroll-margin-top:56px; background:var(--card); border:1px solid var(--line); border-radius:10px; padding:18px 22px; margin:0 0 18px; }
header.card { border-top:4px solid var(--accent); }
.kicker { margin:0; color:var(--muted); text-transform:uppercase; letter-spacing:.08em; font-size:12px; }
h1 { margin:2px 0 12px; font-size:26px; word-break:break-word; }
h2 { margin:0 0 6px; font-size:18px; }
h3 { margin:12px 0 6px; font-size:14px; color:var(--muted); font-weight:600; }
.intro, .caption, figcaption { color:var(--muted); font-size:13px; margin:4px 0 10px; }
dl.facts { display:grid; grid-template-columns:repeat(auto-fill,minmax(250px,1fr)); gap:8px 24px; margin:0; }
dl.facts div { min-width:0; } dt { color:var(--muted); font-size:12px; } dd { margin:0; word-break:break-word; }
code { font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; background:#f2f4f7; padding:1px 4px; border-radius:4px; }
.muted { color:var(--muted); } .warn { color:var(--bad); }
figure { margin:0; } svg.chart { width:100%; height:auto; display:block; }
.scroll { overflow-x:auto; }
.scroll > svg.chart { min-width:640px; }
.grid { display:grid; grid-template-columns:repeat(auto-fit,minmax(min(330px,100%),1fr)); gap:18px 26px; align-items:start; }
.grid.test-grid { grid-template-columns:repeat(auto-fit,minmax(min(420px,100%),1fr)); }
.two { display:grid; grid-template-columns:1fr 1fr; gap:24px; align-items:start; }
.grid > *, .two > * { min-width:0; }
table.leaderboard, table.trials { min-width:760px; }
table.profile { min-width:520px; }
.two.wide-first { grid-template-columns:3fr 2fr; }
@media (max-width:820px) { .two, .two.wide-first { grid-template-columns:1fr; } }
table { border-collapse:collapse; width:100%; font-size:13px; }
th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
thead th { font-weight:600; color:var(--muted); font-size:12px; white-space:nowrap; }
td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
td.strong { font-weight:600; }
tr.best td { background:#eef4ff; }
td.params-cell code { background:none; padding:0; white-space:normal; word-break:break-word; }
ul.params { margin:0; padding-left:18px; } ul.params li { margin:2px 0; }
ul.warnings li { color:#93370d; }
.chip { display:inline-block; background:#f2f4f7; border-radius:10px; padding:0 7px; margin:1px 2px 1px 0; font-size:12px; }
.empty { color:var(--muted); font-style:italic; }
p.warning { color:#93370d; }
details summary { cursor:pointer; font-weight:600; }
.level { border-radius:10px; padding:0 8px; font-size:12px; background:#f2f4f7; }
.level-warning { background:#fef0c7; color:#93370d; } .level-drift { background:#fee4e2; color:#b42318; } .level-stable { background:#dcfae6; color:#085d3a; }
details summary { margin-top:8px; }
pre.json { background:#f8f9fb; border:1px solid var(--line); border-radius:6px; padding:10px; overflow:auto; max-height:480px; font-size:12px; }
/* charts */
svg text { font-size:11px; fill:#344054; font-family:inherit; }
svg .axis line, svg .axis-line { stroke:#98a2b3; stroke-width:1; }
svg .grid, svg .axis line.grid { stroke:#eaecf0; stroke-width:1; }
svg .axis-label { font-size:12px; fill:#475467; font-weight:600; }
svg .pt.complete { fill:var(--accent); fill-opacity:.8; stroke:#fff; stroke-width:1; }
svg .pt.complete.best { fill:var(--accent2); fill-opacity:1; stroke:#fff; stroke-width:2; }
svg .pt.complete.dominated { fill:#98a2b3; fill-opacity:.6; }
svg .pt.pruned { fill:none; stroke:#98a2b3; stroke-width:1.5; }
svg .pt.failed { stroke:var(--bad); stroke-width:2; fill:none; }
svg .best-line { fill:none; stroke:var(--accent2); stroke-width:2; }
svg .curve { fill:none; stroke:var(--accent); stroke-width:2.2; }
svg .area { fill:var(--accent); fill-opacity:.08; stroke:none; }
svg .chance { stroke:#98a2b3; stroke-dasharray:5 4; fill:none; }
svg .operating { fill:var(--accent2); stroke:#fff; stroke-width:1.5; }
svg .annotation { font-size:12px; font-weight:600; fill:#1d2330; }
svg .pt.calib { fill:var(--accent); stroke:#fff; }
svg .hist { fill:#c7d7fe; }
svg .pc-line { fill:none; stroke-width:1.6; stroke-opacity:.75; }
svg .pc-line.best { stroke-width:3.5; stroke-opacity:1; }
svg .pc-axis { stroke:#475467; stroke-width:1.2; }
svg .pc-tick { stroke:#475467; }
svg .pc-tick-label { font-size:10px; fill:#475467; paint-order:stroke; stroke:#fff; stroke-width:3px; stroke-linejoin:round; }
svg .pc-band { fill:#fff; stroke:#475467; }
svg .pc-na { fill:#98a2b3; }
svg .pc-name { font-size:11.5px; font-weight:600; fill:#1d2330; }
svg .pc-name-head { font-weight:400; fill:#667085; font-size:10.5px; }
svg .pc-note { font-size:10px; fill:#667085; font-style:italic; }
svg .track { fill:#f2f4f7; }
svg .bar { fill:var(--accent); }
svg .value { font-size:11px; fill:#344054; }
svg .cm-cell { stroke:#fff; stroke-width:2; }
svg .cm-count { font-weight:600; fill:#1d2330; }
svg .cm-count.light, svg .cm-share.light { fill:#fff; }
svg .cm-share { font-size:10px; fill:#475467; }
svg .cm-label { font-size:11.5px; }
@media print { nav.toc { display:none; } .card { break-inside:avoid; } body { background:#fff; } }
`;

/** Renders the report as one self-contained HTML document. */
export function renderSearchReport(reportInput: SearchReportInput): string {
  // Tolerate thin inputs (a report is never worth failing a refit over): missing lists are empty.
  const input: SearchReportInput = { ...reportInput, trials: reportInput.trials ?? [], leaderboard: reportInput.leaderboard ?? [] };
  const trials = [...input.trials].sort((a, b) => a.number - b.number);
  const importance = parameterImportance(trials);
  const test = analyseTest(input);
  const sections = [
    headerSection(input, trials),
    winnerSection(input),
    decisionSection(input.decision),
    registeredSection(input.registered, input.metric),
    paretoSection(input),
    historySection(input, trials),
    parallelSection(input, trials, importance),
    importanceSection(importance, trials),
    test.ok ? test.html : section('test', 'Winner on the test split', `<p class="warning">${esc(`The test predictions cannot be drawn: ${test.problem}.`)}</p>`),
    leaderboardSection(input),
    trialsSection(trials),
    profileSection(input),
    input.drift !== undefined ? driftSection(input.drift) : '',
  ];
  const toc: [string, string][] = [
    ['summary', 'Summary'],
    ['winner', 'Winner'],
    ...(input.decision ? ([['decision', 'Decision rule']] as [string, string][]) : []),
    ...(input.registered ? ([['registered', 'Registered model']] as [string, string][]) : []),
    ...(input.front && input.objectives ? ([['pareto', 'Pareto front']] as [string, string][]) : []),
    ['history', 'History'],
    ['parallel', 'Parameters'],
    ['importance', 'Importance'],
    ['test', 'Test split'],
    ['leaderboard', 'Leaderboard'],
    ['profile', 'Data'],
    ...(input.drift !== undefined ? ([['drift', 'Drift']] as [string, string][]) : []),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="AutoFlow">
<meta name="autoflow-search-id" content="${esc(input.searchId)}">
<title>${esc(`${input.experiment} — search ${input.searchId}`)}</title>
<style>${CSS}</style>
</head>
<body>
<nav class="toc" aria-label="Sections">${toc.map(([id, label]) => `<a href="#${id}">${esc(label)}</a>`).join('')}</nav>
<main>
${sections.filter(Boolean).join('\n')}
<footer class="muted">Generated by AutoFlow on ${esc(input.createdAt)} for search <code>${esc(input.searchId)}</code>. Self-contained: no scripts, no network.</footer>
</main>
</body>
</html>
`;
}
