/**
 * What makes a deployment check fail, one sentence per failed condition, and the reason line
 * users read. Pure: the figures in, the verdict out (unit-tested on its own).
 */
import { DEFAULT_MAX_BODY_BYTES } from '../../serving/server.js';
import type { DeployCheck } from '../../workflows/deploy-types.js';

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(6) : String(v));
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

export function failedConditions(check: DeployCheck, options: { startError?: string; tolerance: number }): string[] {
  if (options.startError) return [options.startError];
  const failed: string[] = [];
  const { budget } = check;
  if (check.failedRequests > 0) {
    const list = check.failures.map((f) => `test rows ${f.rows[0]}-${f.rows[1]}: HTTP ${f.status || '(no answer)'} ${f.error}`).join('; ');
    failed.push(`${check.failedRequests} of ${check.requests} requests failed: ${list}`);
    return failed;
  }
  if (!(check.difference <= options.tolerance) || !(check.maxProbabilityDifference <= options.tolerance)) {
    failed.push(`answers over HTTP differ from the same bundle offline: ${check.metric} ${fmt(check.httpMetric)} vs ${fmt(check.offlineMetric)}, largest probability difference ${check.maxProbabilityDifference} (tolerance ${options.tolerance})`);
  }
  if (check.comparedWithRegistered && !(Math.abs(check.httpMetric - check.registeredTestMetric!) <= options.tolerance)) {
    failed.push(`answers over HTTP differ from the scores recorded at registration: test ${check.metric} ${fmt(check.httpMetric)} served vs ${fmt(check.registeredTestMetric!)} registered (tolerance ${options.tolerance})`);
  }
  if (budget.maxP50Ms !== undefined && check.latency.p50Ms > budget.maxP50Ms) failed.push(`single-record p50 ${check.latency.p50Ms.toFixed(2)} ms is over the budget of ${budget.maxP50Ms} ms`);
  if (budget.maxP99Ms !== undefined && check.latency.p99Ms > budget.maxP99Ms) failed.push(`single-record p99 ${check.latency.p99Ms.toFixed(2)} ms is over the budget of ${budget.maxP99Ms} ms`);
  if (budget.maxLabelChangeShare !== undefined && check.champion && check.champion.labelChangeShare > budget.maxLabelChangeShare) {
    failed.push(`${pct(check.champion.labelChangeShare)} of labels (${check.champion.changedLabels} of ${check.champion.records}) change against champion version ${check.champion.version}, over the allowed ${pct(budget.maxLabelChangeShare)}`);
  }
  if (budget.maxLabelChangeShare !== undefined && check.championSkipped) failed.push(`the label-change budget cannot be checked: ${check.championSkipped}`);
  return failed;
}

function oversizedNote(oversized: readonly { row: number; bytes: number }[]): string {
  if (oversized.length === 0) return '';
  const list = oversized.slice(0, 5).map((o) => `row ${o.row} (${o.bytes} bytes)`).join(', ');
  return `; ${oversized.length} record${oversized.length > 1 ? 's' : ''} over the server's ${DEFAULT_MAX_BODY_BYTES}-byte body limit on ${oversized.length > 1 ? 'their' : 'its'} own not sent: ${list}${oversized.length > 5 ? ', ...' : ''}`;
}

/** The reason line: the failed conditions, or what was measured when all hold. */
export function checkReason(check: DeployCheck, failed: readonly string[], oversized: readonly { row: number; bytes: number }[]): string {
  if (failed.length > 0) return failed.join('; ');
  const registered = check.comparedWithRegistered ? ` = ${fmt(check.registeredTestMetric!)} registered` : '';
  const memory = check.memory ? `, peak RSS ${(check.memory.peakRssBytes / 1024 / 1024).toFixed(0)} MiB` : '';
  const skipped = check.championSkipped ? `; ${check.championSkipped}` : '';
  const champion = check.champion ? `; against champion version ${check.champion.version}: ${pct(check.champion.labelChangeShare)} of labels change (${check.champion.changedLabels} of ${check.champion.records}), its ${check.metric} ${fmt(check.champion.metric)}` : '';
  return (
    `served ${check.records} held-out records: ${check.metric} ${fmt(check.httpMetric)} over HTTP = ${fmt(check.offlineMetric)} offline${registered} ` +
    `(largest probability difference ${check.maxProbabilityDifference.toExponential(1)}); single-record p50 ${check.latency.p50Ms.toFixed(1)} ms, p99 ${check.latency.p99Ms.toFixed(1)} ms${memory}${champion}${skipped}${oversizedNote(oversized)}`
  );
}
