/**
 * The deployment check: serve the exact candidate version in a fresh `autoflow serve` process,
 * send it the held-out test split over HTTP, and pass it only when
 *   - every request is answered,
 *   - its answers match the same bundle scored in-process (and, when the whole test split was
 *     served, the test metric recorded at registration: training/serving skew across processes),
 *   - its single-record latency is within the budget, and
 *   - its labels differ from the champion's on no more records than the budget allows.
 * Each failed condition is named in the reason; the figures go in the result and the manifest.
 */
import { putJSON } from '../../artifacts/artifact-store.js';
import { selectTableRows } from '../../components/core/table.js';
import { computeAllMetrics } from '../../components/metrics/classification.js';
import { UserInputError } from '../../core/errors.js';
import { loadBundle } from '../../registry/bundle.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../serving/server.js';
import type { DeployCheck, DeployInput } from '../../workflows/deploy-types.js';
import type { ActivityDeps } from '../create-activities.js';
import { evaluateWithPredictions } from '../training/evaluate.js';
import { readPreparedDataset, splitPart } from '../training/prepared-dataset.js';
import { compareWithChampion, type ChampionComparison } from './champion-comparison.js';
import { checkReason, failedConditions } from './check-conditions.js';
import { mergeBudget, specDeployBudget } from './deploy-budget.js';
import { batchRecordsByBytes } from './request-batches.js';
import { serveHeldOut, type ServedAnswers } from './serve-held-out.js';
import { startTestServer, TestServerStartError } from './test-server.js';
import { effectiveDeployTarget } from './effective-target.js';
import { SMOKE_RECORDS, smokeWanted } from './stream-settings.js';

const BATCH = 64;
const DEFAULT_MAX_RECORDS = 5000;
const DEFAULT_TOLERANCE = 1e-6;

export async function checkCandidate(deps: ActivityDeps, input: DeployInput & { deployId: string }, report: (progress: Record<string, unknown>) => void): Promise<DeployCheck> {
  const started = performance.now();
  const version = await deps.registry.resolve(input.candidate);
  const budget = mergeBudget(input, specDeployBudget(version.lineage.spec));
  const reference = `${version.name}/${version.version}`;
  const target = effectiveDeployTarget(input, version.lineage.spec, reference);
  // Bad settings, or a smoke check asked for where no emulator is: said now, before a test server starts.
  if (target.mode === 'stream') smokeWanted(target.stream);
  const searchId = version.lineage.searchId;
  const datasetRef = searchId ? await deps.store.head(`searches/${searchId}/dataset.json`) : undefined;
  if (!datasetRef) throw new UserInputError(`${reference} has no held-out data to check against (its search ${searchId ?? '(none)'} left no prepared dataset in ${deps.store.rootUri})`);
  const data = await readPreparedDataset(deps.store, datasetRef);
  const test = splitPart(data, data.split.test);
  const rows = Math.min(test.labels.length, budget.maxRecords ?? DEFAULT_MAX_RECORDS);
  const records = Array.from({ length: rows }, (_, r) => Object.fromEntries(Object.entries(test.table.columns).map(([c, values]) => [c, values[r]])));
  const { batches, oversized } = batchRecordsByBytes(records, DEFAULT_MAX_BODY_BYTES, BATCH);
  const sentRows = batches.flat();

  let served: ServedAnswers | undefined;
  let startError: string | undefined;
  let serverStartMs = 0;
  try {
    const serverStarted = performance.now();
    const server = await startTestServer({ registryUri: deps.registry.rootUri, reference, maxBodyBytes: DEFAULT_MAX_BODY_BYTES });
    serverStartMs = performance.now() - serverStarted;
    try {
      served = await serveHeldOut(server, records, batches, data.classes, report);
    } finally {
      await server.close();
    }
  } catch (e) {
    if (!(e instanceof TestServerStartError)) throw e;
    startError = e.message;
  }

  const metricName = (version.lineage.spec as { metric?: string } | undefined)?.metric ?? 'roc_auc';
  // Offline: the same bundle, loaded in-process, on the same records.
  const { pipeline } = await loadBundle(deps.registry, reference);
  const sentLabels = sentRows.map((r) => test.labels[r]);
  const sentTable = selectTableRows(test.table, sentRows);
  const offline = await evaluateWithPredictions(pipeline, { table: sentTable, labels: sentLabels }, data.classes, data.positiveClass);
  const complete = served !== undefined && served.failures.length === 0 && served.proba.length === offline.proba.length;
  let httpMetric = Number.NaN;
  let maxProbabilityDifference = Number.POSITIVE_INFINITY;
  if (complete) {
    const index = new Map(data.classes.map((c, i) => [c, i]));
    const yTrue = Int32Array.from(sentLabels, (l) => index.get(l) ?? -1);
    const yServed = Int32Array.from(served!.labels, (l) => index.get(l) ?? -1);
    // A served label outside the data's classes cannot match the offline scores: the check fails (NaN).
    httpMetric = yServed.includes(-1) ? Number.NaN : computeAllMetrics(yTrue, Float64Array.from(served!.proba), data.classes.length, data.positiveClass, yServed)[metricName as 'roc_auc'];
    maxProbabilityDifference = served!.proba.reduce((m, p, i) => Math.max(m, Math.abs(p - offline.proba[i])), 0);
  }

  const alias = input.alias ?? 'production';
  const championVersion = (await deps.registry.getAliases(version.name).catch(() => ({}) as Record<string, number>))[alias];
  let champion: ChampionComparison | undefined;
  let championSkipped: string | undefined;
  if (complete && championVersion !== undefined && championVersion !== version.version) {
    try {
      champion = await compareWithChampion(deps.registry, version.name, championVersion, { table: sentTable, labels: sentLabels, classes: data.classes, positiveClass: data.positiveClass, candidateLabels: served!.labels, metric: metricName });
    } catch (e) {
      // A champion that cannot read the candidate's records (other columns) has no comparable answers; a label-change budget then fails the check.
      championSkipped = `champion version ${championVersion} could not score these records: ${(e as Error).message}`;
    }
  }

  const registered = version.metrics[`test_${metricName}`];
  const check: DeployCheck = {
    model: { name: version.name, version: version.version },
    records: sentRows.length,
    requests: served ? served.batchLatency.requests + served.latency.requests : 0,
    failedRequests: served?.failures.length ?? 0,
    failures: served?.failures ?? [],
    oversizedRecords: oversized.map((o) => ({ row: o.row + 1, bytes: o.bytes })),
    metric: metricName,
    httpMetric,
    offlineMetric: offline.metrics[metricName],
    registeredTestMetric: registered ?? null,
    comparedWithRegistered: registered !== undefined && sentRows.length === test.labels.length,
    difference: Math.abs(httpMetric - offline.metrics[metricName]),
    maxProbabilityDifference,
    batchP50Ms: served?.batchLatency.p50Ms ?? 0,
    batchP99Ms: served?.batchLatency.p99Ms ?? 0,
    latency: served?.latency ?? { requests: 0, p50Ms: 0, p99Ms: 0 },
    memory: served?.memory ?? null,
    ...(champion ? { champion } : {}),
    ...(championSkipped ? { championSkipped } : {}),
    budget,
    target,
    timings: { serverStartMs, batchesMs: served?.batchesMs ?? 0, latencyProbeMs: served?.latencyProbeMs ?? 0, totalMs: 0 },
    passed: false,
    reason: '',
  };
  const tolerance = budget.tolerance ?? DEFAULT_TOLERANCE;
  const failed = failedConditions(check, { startError, tolerance });
  // Streaming mode on an emulator: the same records through Pub/Sub and the stream scorer too (./stream-smoke.ts).
  if (target.mode === 'stream' && complete && failed.length === 0 && smokeWanted(target.stream)) {
    const k = data.classes.length;
    const n = Math.min(SMOKE_RECORDS, sentRows.length);
    report({ phase: 'stream smoke check', records: n });
    const { streamSmokeCheck } = await import('./stream-smoke.js');
    check.streamSmoke = await streamSmokeCheck({
      registry: deps.registry,
      reference,
      records: sentRows.slice(0, n).map((r) => records[r]),
      expected: Array.from({ length: n }, (_, i) => ({ probabilities: Array.from(offline.proba.subarray(i * k, (i + 1) * k)), label: data.classes[offline.labels[i]] })),
      classes: data.classes,
      tolerance,
    });
    if (!check.streamSmoke.passed) failed.push(check.streamSmoke.reason);
  }
  check.passed = failed.length === 0;
  check.reason = checkReason(check, failed, check.oversizedRecords) + (check.passed && check.streamSmoke ? `; ${check.streamSmoke.reason}` : '');
  check.timings.totalMs = performance.now() - started;
  await putJSON(deps.store, `deployments/${input.deployId}/check.json`, check);
  return check;
}
