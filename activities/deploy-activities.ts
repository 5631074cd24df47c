/**
 * The deployModel workflow's activities: serve the candidate in a throwaway server, send it
 * the held-out test split over HTTP, check its answers against the offline ones, and only then
 * move the alias and write the Kubernetes manifest for the serving process.
 */
import { putJSON } from '../artifacts/artifact-store.js';
import { UserInputError } from '../core/errors.js';
import { computeAllMetrics } from '../components/metrics/classification.js';
import { startServing } from '../serving/start-serving.js';
import type { DeployCheck, DeployInput } from '../workflows/deploy-types.js';
import type { ActivityDeps } from './create-activities.js';
import { failFastOnUserError } from './failures.js';
import { withHeartbeats } from './heartbeat.js';
import { readPreparedDataset, splitPart } from './training/prepared-dataset.js';
import { evaluateWithPredictions } from './training/evaluate.js';
import { loadBundle } from '../registry/bundle.js';
import { selectTableRows } from '../components/core/table.js';
import { DEFAULT_MAX_BODY_BYTES } from '../serving/server.js';
import { batchRecordsByBytes } from './deploy-batches.js';

const BATCH = 64;

/** The server's error message (its JSON `error`, else the body text), shortened for a reason line. */
async function errorText(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  let message = text;
  try {
    message = String((JSON.parse(text) as { error?: unknown }).error ?? text);
  } catch {
    // Not JSON: the text as it is.
  }
  return message.length > 300 ? `${message.slice(0, 300)}...` : message;
}

/** First and last test-split row of a batch, counted from 1. */
function rowRange(batch: readonly number[]): [number, number] {
  return [batch[0] + 1, batch[batch.length - 1] + 1];
}

function oversizedNote(oversized: readonly { row: number; bytes: number }[]): string {
  if (oversized.length === 0) return '';
  const list = oversized.slice(0, 5).map((o) => `row ${o.row + 1} (${o.bytes} bytes)`).join(', ');
  return `; ${oversized.length} record${oversized.length > 1 ? 's' : ''} over the server's ${DEFAULT_MAX_BODY_BYTES}-byte body limit on ${oversized.length > 1 ? 'their' : 'its'} own not sent: ${list}${oversized.length > 5 ? ', ...' : ''}`;
}

function percentile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0;
}

export function kubernetesManifest(name: string, alias: string, version: number, registryUri: string): string {
  const app = `${name}-${alias}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `# Serving ${name}@${alias} (version ${version} when this was written; the server follows the alias).
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  labels: { app: ${app}, autoflow/model: ${name} }
spec:
  replicas: 2
  selector:
    matchLabels: { app: ${app} }
  template:
    metadata:
      labels: { app: ${app}, autoflow/model: ${name} }
      annotations: { prometheus.io/scrape: "true", prometheus.io/port: "8080", prometheus.io/path: /metrics }
    spec:
      containers:
        - name: serve
          image: REGISTRY/autoflow:VERSION
          args: ["serve", "--model", "${name}@${alias}", "--host", "0.0.0.0", "--port", "8080"]
          env:
            - { name: AUTOFLOW_REGISTRY, value: "${registryUri}" }
          ports: [{ containerPort: 8080, name: http }]
          readinessProbe: { httpGet: { path: /readyz, port: http }, periodSeconds: 5 }
          livenessProbe: { httpGet: { path: /healthz, port: http }, periodSeconds: 10 }
          resources:
            # ~80 MB RSS measured under load for an 80k-term TF-IDF model (bench/serving);
            # about 60 MB of it is Node.js itself. Raise for larger models.
            requests: { cpu: "1", memory: 160Mi }
            limits: { memory: 512Mi }
---
apiVersion: v1
kind: Service
metadata:
  name: ${app}
spec:
  selector: { app: ${app} }
  ports: [{ name: http, port: 80, targetPort: http }]
`;
}

export function deployActivities(deps: ActivityDeps) {
  return {
    /** Serves the exact candidate version on a free loopback port and checks it over HTTP. */
    async checkCandidate(input: DeployInput & { deployId: string }): Promise<DeployCheck> {
      return failFastOnUserError(() =>
        withHeartbeats(async (report) => {
          const version = await deps.registry.resolve(input.candidate);
          const searchId = version.lineage.searchId;
          const datasetRef = searchId ? await deps.store.head(`searches/${searchId}/dataset.json`) : undefined;
          if (!datasetRef) throw new UserInputError(`${version.name}/${version.version} has no held-out data to check against (its search ${searchId ?? '(none)'} left no prepared dataset in ${deps.store.rootUri})`);
          const data = await readPreparedDataset(deps.store, datasetRef);
          const test = splitPart(data, data.split.test);
          const rows = Math.min(test.labels.length, input.maxRecords ?? 1000);
          const records = Array.from({ length: rows }, (_, r) => Object.fromEntries(Object.entries(test.table.columns).map(([c, values]) => [c, values[r]])));
          const { batches, oversized } = batchRecordsByBytes(records, DEFAULT_MAX_BODY_BYTES, BATCH);
          const sentRows = batches.flat();
          const server = await startServing({ registry: deps.registry, reference: `${version.name}/${version.version}`, port: 0, pollIntervalMs: 0, maxBodyBytes: DEFAULT_MAX_BODY_BYTES });
          const proba: number[] = [];
          const latencies: number[] = [];
          const failures: DeployCheck['failures'] = [];
          // Label metrics are checked on the labels served (the bundle's decision rule), not an argmax of the probabilities.
          const servedLabels: string[] = [];
          try {
            for (const batch of batches) {
              const t0 = performance.now();
              const response = await fetch(`${server.url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: batch.map((r) => records[r]) }) });
              latencies.push(performance.now() - t0);
              if (!response.ok) {
                failures.push({ status: response.status, error: await errorText(response), rows: rowRange(batch) });
                continue;
              }
              const body = (await response.json()) as { predictions: { label: string; probabilities: Record<string, number> }[] };
              for (const p of body.predictions) {
                for (const c of data.classes) proba.push(p.probabilities[c] ?? 0);
                servedLabels.push(p.label);
              }
              report({ sent: proba.length / data.classes.length, of: sentRows.length });
            }
          } finally {
            await server.close();
          }
          const failedRequests = failures.length;
          const metricName = (version.lineage.spec as { metric?: string } | undefined)?.metric ?? 'roc_auc';
          // Offline: the same bundle, loaded in-process, on the same records.
          const { pipeline } = await loadBundle(deps.registry, `${version.name}/${version.version}`);
          const sentLabels = sentRows.map((r) => test.labels[r]);
          const offlineProba = await evaluateWithPredictions(pipeline, { table: selectTableRows(test.table, sentRows), labels: sentLabels }, data.classes, data.positiveClass);
          const offline = offlineProba.metrics[metricName];
          let httpMetric = Number.NaN;
          let maxProbabilityDifference = Number.POSITIVE_INFINITY;
          if (failedRequests === 0 && proba.length === offlineProba.proba.length) {
            const index = new Map(data.classes.map((c, i) => [c, i]));
            const yTrue = Int32Array.from(sentLabels, (l) => index.get(l) ?? -1);
            const yServed = Int32Array.from(servedLabels, (l) => index.get(l) ?? -1);
            // A served label outside the data's classes cannot match the offline scores: the check fails (NaN).
            httpMetric = yServed.includes(-1) ? Number.NaN : computeAllMetrics(yTrue, Float64Array.from(proba), data.classes.length, data.positiveClass, yServed)[metricName as 'roc_auc'];
            maxProbabilityDifference = proba.reduce((m, p, i) => Math.max(m, Math.abs(p - offlineProba.proba[i])), 0);
          }
          const tolerance = input.tolerance ?? 1e-6;
          const difference = Math.abs(httpMetric - offline);
          const sorted = [...latencies].sort((a, b) => a - b);
          const passed = failedRequests === 0 && Number.isFinite(httpMetric) && difference <= tolerance && maxProbabilityDifference <= tolerance;
          const check: DeployCheck = {
            model: { name: version.name, version: version.version },
            records: sentRows.length,
            requests: latencies.length,
            failedRequests,
            failures,
            oversizedRecords: oversized.map((o) => ({ row: o.row + 1, bytes: o.bytes })),
            metric: metricName,
            httpMetric,
            offlineMetric: offline,
            registeredTestMetric: version.metrics[`test_${metricName}`] ?? null,
            difference,
            maxProbabilityDifference,
            p50Ms: percentile(sorted, 0.5),
            p99Ms: percentile(sorted, 0.99),
            passed,
            reason: passed
              ? `served ${sentRows.length} held-out records in ${latencies.length} requests: ${metricName} ${httpMetric.toFixed(6)} over HTTP = ${offline.toFixed(6)} offline (largest probability difference ${maxProbabilityDifference.toExponential(1)})${oversizedNote(oversized)}`
              : failedRequests > 0
                ? `${failedRequests} of ${latencies.length} requests failed: ${failures.map((f) => `test rows ${f.rows[0]}-${f.rows[1]}: HTTP ${f.status} ${f.error}`).join('; ')}`
                : `answers over HTTP differ from offline: ${metricName} ${httpMetric} vs ${offline}, largest probability difference ${maxProbabilityDifference} (tolerance ${tolerance})`,
          };
          await putJSON(deps.store, `deployments/${input.deployId}/check.json`, check);
          return check;
        }),
      );
    },

    /** Moves the alias (compare-and-swap) and stores the serving manifest. */
    async promoteCandidate(input: { deployId: string; model: { name: string; version: number }; alias: string; expectedVersion: number | null }): Promise<{ manifest: string; manifestUri: string }> {
      return failFastOnUserError(async () => {
        await deps.registry.setAlias(input.model.name, input.alias, input.model.version, { expectedVersion: input.expectedVersion });
        const registryUri = process.env.AUTOFLOW_REGISTRY ?? 'gs://BUCKET/autoflow/registry';
        const manifest = kubernetesManifest(input.model.name, input.alias, input.model.version, registryUri);
        const ref = await deps.store.put(`deployments/${input.deployId}/k8s.yaml`, manifest);
        return { manifest, manifestUri: ref.uri };
      });
    },

    async currentAlias(input: { name: string; alias: string }): Promise<number | null> {
      const aliases = await deps.registry.getAliases(input.name).catch(() => ({}) as Record<string, number>);
      return aliases[input.alias] ?? null;
    },
  };
}
