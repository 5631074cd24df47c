/**
 * The serving manifest a deployment writes: a Deployment running `autoflow serve` pinned to
 * the version that passed its check, and a Service in front. Built as objects, validated
 * against the Kubernetes schemas (kubernetes-models), then printed as YAML, so a manifest that
 * a cluster would reject is an error here and never a file. The memory request is sized from
 * the test server's measured peak RSS, and the check's figures ride along as annotations so a
 * reviewer of the GitOps change sees what was measured.
 */
import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IService } from 'kubernetes-models/v1';
import { stringify } from 'yaml';
import type { DeployCheck } from '../../workflows/deploy-types.js';
import { validateKubernetesObjects } from './validate-kubernetes.js';

export interface ManifestInput {
  name: string;
  alias: string;
  check: DeployCheck;
  deployId: string;
  /** Where serving pods read the registry (gs://…); a placeholder when the registry is local. */
  registryUri: string;
}

export const MIB = 1024 * 1024;
/** Without a measurement: ~80 MB RSS under load for an 80k-term TF-IDF model (bench/serving), doubled. */
export const DEFAULT_REQUEST_MIB = 160;

/** Memory request from the measured peak: 25% headroom, rounded up to 16 Mi; the limit is twice that. */
export function memoryResources(peakRssBytes: number | null): { requestMib: number; limitMib: number } {
  const requestMib = peakRssBytes && peakRssBytes > 0 ? Math.max(64, Math.ceil((peakRssBytes * 1.25) / MIB / 16) * 16) : DEFAULT_REQUEST_MIB;
  return { requestMib, limitMib: Math.max(512, requestMib * 2) };
}

/**
 * Kubernetes names: lowercase alphanumerics and '-', at most 63 characters, starting with a
 * letter (a Service's name must: `2fa-spam` becomes `m-2fa-spam`) and ending alphanumeric.
 */
export function kubernetesName(...parts: string[]): string {
  const cleaned = parts.join('-').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (!cleaned) return 'autoflow-model';
  return (/^[a-z]/.test(cleaned) ? cleaned : `m-${cleaned}`).slice(0, 63).replace(/-+$/, '');
}

/** Label values allow dots and underscores too, up to 63 characters. */
export function labelValue(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

export function checkAnnotations(input: ManifestInput): Record<string, string> {
  const { check } = input;
  const ms = (v: number) => v.toFixed(2);
  const out: Record<string, string> = {
    'autoflow.dev/model': input.name,
    'autoflow.dev/version': String(check.model.version),
    'autoflow.dev/alias': input.alias,
    'autoflow.dev/deploy-id': input.deployId,
    'autoflow.dev/check-records': String(check.records),
    [`autoflow.dev/check-${check.metric.replace(/_/g, '-')}`]: String(check.httpMetric),
    'autoflow.dev/check-p50-ms': ms(check.latency.p50Ms),
    'autoflow.dev/check-p99-ms': ms(check.latency.p99Ms),
  };
  if (check.memory) out['autoflow.dev/check-peak-rss-mib'] = (check.memory.peakRssBytes / MIB).toFixed(1);
  if (check.champion) {
    out['autoflow.dev/champion-version'] = String(check.champion.version);
    out['autoflow.dev/label-change-share'] = check.champion.labelChangeShare.toFixed(4);
    out['autoflow.dev/changed-labels'] = `${check.champion.changedLabels}/${check.champion.records}`;
  }
  // What the figures were held to, so a reviewer sees the margin and not only the figure.
  if (check.budget.maxP50Ms !== undefined) out['autoflow.dev/budget-p50-ms'] = String(check.budget.maxP50Ms);
  if (check.budget.maxP99Ms !== undefined) out['autoflow.dev/budget-p99-ms'] = String(check.budget.maxP99Ms);
  if (check.budget.maxLabelChangeShare !== undefined) out['autoflow.dev/budget-label-change-share'] = String(check.budget.maxLabelChangeShare);
  return out;
}

/** Typed by the API's own interfaces, so a misspelt field is a compile error (the schemas allow unknown fields). */
export function manifestObjects(input: ManifestInput): [IDeployment, IService] {
  const { name, alias, check } = input;
  const app = kubernetesName(name, alias);
  const labels = { app, 'autoflow.dev/model': labelValue(name) };
  const { requestMib, limitMib } = memoryResources(check.memory?.peakRssBytes ?? null);
  const deployment: IDeployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app, labels, annotations: checkAnnotations(input) },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app } },
      template: {
        metadata: {
          labels: { ...labels, 'autoflow.dev/version': String(check.model.version) },
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/metrics' },
        },
        spec: {
          containers: [
            {
              name: 'serve',
              image: 'REGISTRY/autoflow:VERSION',
              // Pinned to the version checked: a new version reaches the cluster as a new manifest (deploy --watch writes one per version).
              args: ['serve', '--model', `${name}/${check.model.version}`, '--host', '0.0.0.0', '--port', '8080', '--poll-interval', '0'],
              env: [{ name: 'AUTOFLOW_REGISTRY', value: input.registryUri }],
              ports: [{ containerPort: 8080, name: 'http' }],
              // Loading a large model can take a while; liveness waits for startup.
              startupProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 2, failureThreshold: 60 },
              readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 5 },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
              resources: { requests: { cpu: '1', memory: `${requestMib}Mi` }, limits: { memory: `${limitMib}Mi` } },
            },
          ],
        },
      },
    },
  };
  const service: IService = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: app, labels },
    spec: { selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
  return [deployment, service];
}

/** The manifest as YAML, after validation; throws (naming the object and field) when a schema rejects it. */
export async function kubernetesManifest(input: ManifestInput): Promise<string> {
  const objects = manifestObjects(input);
  await validateKubernetesObjects(objects);
  const { check } = input;
  const header = [
    `# Serving ${input.name}/${check.model.version} as @${input.alias}: checked by ${input.deployId} on ${check.records} held-out records`,
    `# (${check.metric} ${check.httpMetric.toFixed(6)} over HTTP, single-record p50 ${check.latency.p50Ms.toFixed(1)} ms, p99 ${check.latency.p99Ms.toFixed(1)} ms${check.memory ? `, peak RSS ${(check.memory.peakRssBytes / MIB).toFixed(0)} MiB` : ''}).`,
    ...(check.champion ? [`# Against champion version ${check.champion.version}: ${check.champion.changedLabels} of ${check.champion.records} labels change (${(100 * check.champion.labelChangeShare).toFixed(1)}%).`] : []),
    '# Validated against the Kubernetes schemas (apps/v1 Deployment, v1 Service) and the API server\'s name rules. Set the image before applying.',
  ];
  return `${header.join('\n')}\n${objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n')}`;
}
