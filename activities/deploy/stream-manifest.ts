/**
 * The streaming manifest a deployment writes with `--mode stream`: a Deployment running
 * `autoflow stream` on the model alias, the subscription and topics, with flow control, probes
 * on its metrics port and memory sized from the check's measured RSS (plus the message bytes
 * flow control lets it hold); a KEDA ScaledObject scaling it on the subscription's backlog
 * (`gcp-pubsub` trigger, mode SubscriptionSize); and the TriggerAuthentication that lets KEDA
 * read that backlog from Cloud Monitoring with its own Workload Identity. Validated like the
 * serving manifest (./validate-kubernetes.ts, ./validate-keda.ts) before it is printed.
 *
 * The pods follow the alias rather than pin the version: a deployment moves the alias only
 * after the version passed its check, so every version a scorer loads was checked, and a deploy
 * watch (`deploy --watch NAME --mode stream`) keeps the scorers current without a re-apply
 * (they swap versions between batches, with no failed message).
 */
import type { IDeployment } from 'kubernetes-models/apps/v1';
import { stringify } from 'yaml';
import type { StreamDeploySettings } from '../../workflows/deploy-types.js';
import { checkAnnotations, DEFAULT_REQUEST_MIB, kubernetesName, labelValue, MIB, memoryResources, type ManifestInput } from './kubernetes-manifest.js';
import { fullPubsubName, STREAM_DEFAULTS } from './stream-settings.js';
import { validateKubernetesObjects } from './validate-kubernetes.js';

export interface StreamManifestInput extends ManifestInput {
  stream: StreamDeploySettings;
}

/** What KEDA's CRDs hold (no typings in kubernetes-models; ./validate-keda.ts checks them). */
export interface KedaObject {
  apiVersion: 'keda.sh/v1alpha1';
  kind: 'ScaledObject' | 'TriggerAuthentication';
  metadata: { name: string; labels: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

const METRICS_PORT = 9464;
const DRAIN_TIMEOUT_S = 30;
/** The Kubernetes service account the scorers run as: Workload Identity maps it to a Google one with Pub/Sub and registry access. */
export const STREAM_SERVICE_ACCOUNT = 'autoflow-stream';

/** The memory request: the test server's peak RSS (the same bundle and scoring code) plus the bytes flow control may hold, with the serving manifest's headroom. */
export function streamMemoryResources(peakRssBytes: number | null, maxOutstandingBytes: number): { requestMib: number; limitMib: number } {
  const model = peakRssBytes && peakRssBytes > 0 ? peakRssBytes : (DEFAULT_REQUEST_MIB * MIB) / 1.25;
  return memoryResources(model + maxOutstandingBytes);
}

export function streamManifestObjects(input: StreamManifestInput): [IDeployment, KedaObject, KedaObject] {
  const { name, alias, check, stream } = input;
  const settings = { ...STREAM_DEFAULTS, ...stream };
  const app = kubernetesName(name, alias, 'stream');
  const auth = kubernetesName(app, 'gcp');
  const labels = { app, 'autoflow.dev/model': labelValue(name), 'autoflow.dev/mode': 'stream' };
  const { requestMib, limitMib } = streamMemoryResources(check.memory?.peakRssBytes ?? null, settings.maxOutstandingBytes);
  const subscription = fullPubsubName('subscriptions', stream.subscription, stream.project) ?? stream.subscription;
  const deployment: IDeployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: app,
      labels,
      annotations: {
        ...checkAnnotations(input),
        'autoflow.dev/mode': 'stream',
        'autoflow.dev/subscription': subscription,
        'autoflow.dev/check-note': 'checked over HTTP in a test server: serve and stream share the bundle, record checks and decision rule',
      },
    },
    spec: {
      // No replicas: the ScaledObject owns the count (a fixed one here would fight it on every apply).
      selector: { matchLabels: { app } },
      template: {
        metadata: {
          // A copy: a shared object would print as a YAML anchor and alias.
          labels: { ...labels },
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(METRICS_PORT), 'prometheus.io/path': '/metrics' },
        },
        spec: {
          serviceAccountName: STREAM_SERVICE_ACCOUNT,
          // SIGTERM drains (finish and ack what was received) for up to --drain-timeout; Kubernetes must wait longer before SIGKILL.
          terminationGracePeriodSeconds: DRAIN_TIMEOUT_S + 15,
          containers: [
            {
              name: 'stream',
              image: 'REGISTRY/autoflow:VERSION',
              // The alias, not the version: it moves only after a passed check (see the file's comment).
              args: [
                'stream',
                '--model', `${name}@${alias}`,
                '--subscription', stream.subscription,
                '--output-topic', stream.outputTopic,
                '--dead-letter-topic', stream.deadLetterTopic,
                ...(stream.project ? ['--project', stream.project] : []),
                '--max-outstanding-messages', String(settings.maxOutstandingMessages),
                '--max-outstanding-bytes', String(settings.maxOutstandingBytes),
                '--drain-timeout', String(DRAIN_TIMEOUT_S),
                '--metrics-host', '0.0.0.0',
                '--metrics-port', String(METRICS_PORT),
                '--no-progress',
              ],
              env: [{ name: 'AUTOFLOW_REGISTRY', value: input.registryUri }],
              ports: [{ containerPort: METRICS_PORT, name: 'metrics' }],
              // The metrics server starts once the model is loaded: startup waits for it.
              startupProbe: { httpGet: { path: '/healthz', port: 'metrics' }, periodSeconds: 2, failureThreshold: 60 },
              readinessProbe: { httpGet: { path: '/readyz', port: 'metrics' }, periodSeconds: 5 },
              livenessProbe: { httpGet: { path: '/healthz', port: 'metrics' }, periodSeconds: 10 },
              resources: { requests: { cpu: '1', memory: `${requestMib}Mi` }, limits: { memory: `${limitMib}Mi` } },
            },
          ],
        },
      },
    },
  };
  const triggerAuthentication: KedaObject = {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'TriggerAuthentication',
    metadata: { name: auth, labels: { ...labels } },
    // KEDA reads Cloud Monitoring as its own operator's Workload Identity (roles/monitoring.viewer).
    spec: { podIdentity: { provider: 'gcp' } },
  };
  const scaledObject: KedaObject = {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: app, labels: { ...labels } },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app },
      minReplicaCount: settings.minReplicas,
      maxReplicaCount: settings.maxReplicas,
      pollingInterval: 15,
      cooldownPeriod: 300,
      // Backlog is spiky: scale up at once, down slowly (each removed pod drains first).
      advanced: { horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: 300 } } } },
      triggers: [
        {
          type: 'gcp-pubsub',
          authenticationRef: { name: auth },
          // Undelivered messages on the subscription (num_undelivered_messages), per replica.
          metadata: { subscriptionName: subscription, mode: 'SubscriptionSize', value: String(settings.backlogPerReplica) },
        },
      ],
    },
  };
  return [deployment, scaledObject, triggerAuthentication];
}

/** The streaming manifest as YAML, after validation; throws (naming the object and field) when a rule rejects it. */
export async function streamKubernetesManifest(input: StreamManifestInput): Promise<string> {
  const objects = streamManifestObjects(input);
  await validateKubernetesObjects(objects);
  const [deployment, scaledObject] = objects;
  const target = (scaledObject.spec.scaleTargetRef as { name: string }).name;
  if (target !== deployment.metadata?.name) throw new Error(`ScaledObject ${scaledObject.metadata.name} scales ${target}, which is not the Deployment ${deployment.metadata?.name} of this manifest`);
  const { check, stream } = input;
  const settings = { ...STREAM_DEFAULTS, ...stream };
  const header = [
    `# Streaming ${input.name}@${input.alias} (version ${check.model.version}, checked by ${input.deployId} on ${check.records} held-out records) from ${stream.subscription} to ${stream.outputTopic}`,
    `# (${check.metric} ${check.httpMetric.toFixed(6)}; the check ran over HTTP in a test server: serve and stream share the bundle, record checks and decision rule${check.memory ? `; peak RSS ${(check.memory.peakRssBytes / MIB).toFixed(0)} MiB, plus ${(settings.maxOutstandingBytes / MIB).toFixed(0)} MiB of messages flow control may hold` : ''}).`,
    ...(check.champion ? [`# Against champion version ${check.champion.version}: ${check.champion.changedLabels} of ${check.champion.records} labels change (${(100 * check.champion.labelChangeShare).toFixed(1)}%).`] : []),
    `# The pods follow @${input.alias}: a later deployment that moves it (deploy --watch) reaches them without a re-apply; memory was sized for this version.`,
    `# KEDA scales ${settings.minReplicas}-${settings.maxReplicas} replicas at ${settings.backlogPerReplica} undelivered messages each. Needs KEDA 2.x, a service account ${STREAM_SERVICE_ACCOUNT} (Workload Identity: Pub/Sub subscriber and publisher, registry read)`,
    '# and KEDA\'s operator allowed to read Cloud Monitoring. Validated against the Kubernetes schemas (apps/v1 Deployment), KEDA\'s CRD rules (ScaledObject, TriggerAuthentication) and the API server\'s name rules. Set the image before applying.',
  ];
  return `${header.join('\n')}\n${objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n')}`;
}
