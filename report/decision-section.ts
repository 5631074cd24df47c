/**
 * The report's "Decision rule" section: how the registered model turns probabilities into
 * labels (the threshold or class weights chosen on validation, the metric it optimised and
 * its validation value next to argmax's), and any warning, such as a precision target no
 * threshold reached. Test label metrics and the confusion matrix use this rule.
 */
import { decideIndices } from '../components/core/decision-rule.js';
import type { DecisionSummary } from '../workflows/types.js';
import { esc, fmt } from './svg.js';

/** Test labels by the stored rule, or undefined to keep the report's default (argmax / threshold 0.5). */
export function ruleLabels(decision: DecisionSummary | undefined, proba: readonly number[], classes: readonly string[]): number[] | undefined {
  return decision?.rule ? Array.from(decideIndices(proba, classes, decision.rule)) : undefined;
}

/** What the confusion matrix's caption calls the operating point. */
export function ruleName(decision: DecisionSummary | undefined): string | undefined {
  const rule = decision?.rule;
  if (!rule) return undefined;
  return rule.kind === 'threshold' ? `stored decision rule (P(${rule.class}) >= ${fmt(rule.threshold)})` : 'stored decision rule (class weights)';
}

/** The section, or '' for a search that stored no rule summary (older refits). */
export function decisionSection(decision: DecisionSummary | undefined): string {
  if (!decision) return '';
  const rule = decision.rule;
  const warnings = decision.warnings.map((w) => `<p class="warning" role="note">${esc(w)}</p>`).join('');
  let facts = '';
  if (rule) {
    const v = rule.validation;
    const name = rule.objective === 'precision' ? 'recall' : rule.objective;
    const rows: [string, string][] = [
      ['optimised', rule.kind === 'threshold' && rule.objective === 'precision' ? `max recall of ${rule.class} at precision >= ${rule.target}` : rule.objective],
      [`validation ${name} (rule)`, fmt(v.value)],
      [`validation ${name} (argmax)`, fmt(v.argmaxValue)],
      ['validation rows', String(v.rows)],
    ];
    if (v.precision !== undefined) rows.push(['validation precision (rule)', fmt(v.precision)]);
    if (rule.kind === 'threshold') rows.unshift(['threshold', `P(${rule.class}) >= ${fmt(rule.threshold)}`]);
    else rows.unshift(['class weights', Object.entries(rule.weights).map(([c, w]) => `${c}: ${fmt(w)}`).join(', ')]);
    facts = `<dl class="facts">${rows.map(([k, val]) => `<div><dt>${esc(k)}</dt><dd>${esc(val)}</dd></div>`).join('')}</dl>`;
  }
  return `<section id="decision" class="card"><h2>Decision rule</h2><p class="intro">${esc(decision.description)}. Served labels and the test label metrics (f1, accuracy, the confusion matrix) follow it; probabilities do not change.</p>${warnings}${facts}</section>`;
}
