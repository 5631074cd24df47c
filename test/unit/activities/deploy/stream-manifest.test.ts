/**
 * Streaming mode's manifest (`autoflow deploy --mode stream`): a Deployment running
 * `autoflow stream` on the alias, subscription and topics with flow control, probes on the
 * metrics port and memory from the measured RSS plus the bytes flow control may hold; a KEDA
 * ScaledObject on the subscription's backlog and its TriggerAuthentication; all validated, a
 * broken KEDA object refused naming the field; and the settings' problems naming their flags.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { streamKubernetesManifest, streamManifestObjects, streamMemoryResources, type StreamManifestInput } from '../../../../activities/deploy/stream-manifest.js';
import { checkDeployTarget, deployTargetProblems, smokeWanted } from '../../../../activities/deploy/stream-settings.js';
import { validateKubernetesObjects } from '../../../../activities/deploy/validate-kubernetes.js';
import type { DeployMode } from '../../../../workflows/deploy-types.js';
import { packageRoot } from '../../../../devserver/project-paths.js';
import { passedCheck } from './deploy-check-fixture.js';

const MIB = 1024 * 1024;
const STREAM = { subscription: 'listings-scorer', outputTopic: 'listing-verdicts', deadLetterTopic: 'listing-rejects' };

function input(overrides: Partial<StreamManifestInput> = {}): StreamManifestInput {
  return { name: 'spam-assassin', alias: 'production', check: passedCheck(), deployId: 'deploy-spam-assassin-3-abc', registryUri: 'gs://bucket/autoflow/registry', stream: STREAM, ...overrides };
}

const argValue = (args: string[], flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);

describe('streamKubernetesManifest', () => {
  it('writes an autoflow stream Deployment, a ScaledObject on the backlog and its TriggerAuthentication, all valid', async () => {
    const text = await streamKubernetesManifest(input({ stream: { ...STREAM, project: 'my-project' } }));
    const docs = parseAllDocuments(text).map((d) => d.toJS());
    expect(docs.map((d) => `${d.apiVersion} ${d.kind}`)).toEqual(['apps/v1 Deployment', 'keda.sh/v1alpha1 ScaledObject', 'keda.sh/v1alpha1 TriggerAuthentication']);
    // What was printed is what validates.
    await expect(validateKubernetesObjects(docs)).resolves.toBeUndefined();

    const [deployment, scaled, auth] = docs;
    expect(deployment.metadata.name).toBe('spam-assassin-production-stream');
    // The ScaledObject owns the replica count.
    expect(deployment.spec.replicas).toBeUndefined();
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toBe('autoflow-stream');
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(Number(argValue(pod.containers[0].args, '--drain-timeout')));
    const container = pod.containers[0];
    const args: string[] = container.args;
    expect(args.slice(0, 3)).toEqual(['stream', '--model', 'spam-assassin@production']);
    expect(argValue(args, '--subscription')).toBe('listings-scorer');
    expect(argValue(args, '--output-topic')).toBe('listing-verdicts');
    expect(argValue(args, '--dead-letter-topic')).toBe('listing-rejects');
    expect(argValue(args, '--project')).toBe('my-project');
    expect(argValue(args, '--max-outstanding-messages')).toBe('1000');
    expect(argValue(args, '--max-outstanding-bytes')).toBe(String(64 * MIB));
    expect(argValue(args, '--metrics-host')).toBe('0.0.0.0');
    expect(argValue(args, '--metrics-port')).toBe('9464');
    // Follows the alias (the default poll), unlike the pinned serve manifest.
    expect(args).not.toContain('--poll-interval');
    expect(container.ports).toEqual([{ containerPort: 9464, name: 'metrics' }]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    // (162 MiB peak + 64 MiB of messages) x 1.25 = 282.5 -> 288 Mi; limit twice that.
    expect(container.resources.requests.memory).toBe('288Mi');
    expect(container.resources.limits.memory).toBe('576Mi');
    expect(deployment.spec.template.metadata.annotations['prometheus.io/port']).toBe('9464');
    expect(deployment.metadata.annotations['autoflow.dev/version']).toBe('3');
    expect(deployment.metadata.annotations['autoflow.dev/mode']).toBe('stream');

    expect(scaled.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'spam-assassin-production-stream' });
    expect(scaled.spec).toMatchObject({ minReplicaCount: 1, maxReplicaCount: 10 });
    expect(scaled.spec.triggers).toEqual([
      {
        type: 'gcp-pubsub',
        authenticationRef: { name: auth.metadata.name },
        metadata: { subscriptionName: 'projects/my-project/subscriptions/listings-scorer', mode: 'SubscriptionSize', value: '2000' },
      },
    ]);
    expect(auth.spec).toEqual({ podIdentity: { provider: 'gcp' } });
    expect(text.split('\n')[0]).toContain('spam-assassin@production (version 3');
    expect(text).toMatch(/serve and stream share the bundle/);
    // Plain YAML: no anchors or aliases for labels repeated across objects.
    expect(text).not.toMatch(/[&*]a\d/);
  });

  it('takes the flow control and scaling settings given, and a short subscription name without a project as it is', () => {
    const [deployment, scaled] = streamManifestObjects(
      input({ stream: { ...STREAM, maxOutstandingMessages: 200, maxOutstandingBytes: 16 * MIB, backlogPerReplica: 500, minReplicas: 0, maxReplicas: 4 } }),
    );
    const args = deployment.spec!.template.spec!.containers[0].args!;
    expect(argValue(args, '--max-outstanding-messages')).toBe('200');
    expect(argValue(args, '--max-outstanding-bytes')).toBe(String(16 * MIB));
    expect(args).not.toContain('--project');
    expect(scaled.spec).toMatchObject({ minReplicaCount: 0, maxReplicaCount: 4 });
    expect((scaled.spec.triggers as { metadata: Record<string, string> }[])[0].metadata).toEqual({ subscriptionName: 'listings-scorer', mode: 'SubscriptionSize', value: '500' });
  });

  it('sizes memory from the measured RSS plus the flow-control bytes, with a default when nothing was measured', () => {
    expect(streamMemoryResources(162 * MIB, 64 * MIB)).toEqual({ requestMib: 288, limitMib: 576 });
    expect(streamMemoryResources(100 * MIB, 16 * MIB)).toEqual({ requestMib: 160, limitMib: 512 });
    // No measurement: the serving default (160 Mi) plus the messages.
    expect(streamMemoryResources(null, 64 * MIB).requestMib).toBe(240);
  });

  it('docs/kubernetes/stream-keda.yaml, the example in the docs, validates and has the shape written today', async () => {
    const text = await readFile(`${packageRoot()}/docs/kubernetes/stream-keda.yaml`, 'utf8');
    const docs = parseAllDocuments(text).map((d) => d.toJS());
    await expect(validateKubernetesObjects(docs)).resolves.toBeUndefined();
    const [deployment, scaled, auth] = streamManifestObjects(input({ name: 'listing-spam', stream: { ...STREAM, project: 'my-project' } }));
    expect(docs.map((d) => d.kind)).toEqual([deployment.kind, scaled.kind, auth.kind]);
    expect(docs[0].spec.template.spec.containers[0].args.slice(0, 3)).toEqual(deployment.spec!.template.spec!.containers[0].args!.slice(0, 3));
    expect(docs[1].spec.triggers).toEqual(scaled.spec.triggers);
  });

  it('refuses a KEDA object its CRD would not take, naming the field', async () => {
    const [, scaled] = streamManifestObjects(input());
    const broken = (spec: Record<string, unknown>) => ({ ...scaled, spec: { ...scaled.spec, ...spec } });
    const trigger = (metadata: Record<string, unknown>, extra: Record<string, unknown> = {}) => broken({ triggers: [{ type: 'gcp-pubsub', metadata, ...extra }] });
    await expect(validateKubernetesObjects([broken({ triggers: [] })])).rejects.toThrow(/ScaledObject spam-assassin-production-stream does not match KEDA's CRD: spec.triggers: required/);
    await expect(validateKubernetesObjects([broken({ scaleTargetRef: { kind: 'Deployment' } })])).rejects.toThrow(/spec.scaleTargetRef.name: required/);
    await expect(validateKubernetesObjects([broken({ maxReplicas: 3 })])).rejects.toThrow(/spec.maxReplicas: unknown field/);
    await expect(validateKubernetesObjects([broken({ minReplicaCount: 5, maxReplicaCount: 2 })])).rejects.toThrow(/spec.minReplicaCount 5 is over spec.maxReplicaCount 2/);
    await expect(validateKubernetesObjects([trigger({ mode: 'SubscriptionSize', value: '10' })])).rejects.toThrow(/gcp-pubsub needs subscriptionName/);
    await expect(validateKubernetesObjects([trigger({ subscriptionName: 's', value: 10 })])).rejects.toThrow(/spec.triggers\[0\].metadata.value: expected a string, got 10/);
    await expect(validateKubernetesObjects([trigger({ subscriptionName: 's', value: 'lots' })])).rejects.toThrow(/metadata.value "lots": expected a number >= 0 as a string/);
    await expect(validateKubernetesObjects([trigger({ subscriptionName: 's', mode: 'subscription_size' })])).rejects.toThrow(/metadata.mode "subscription_size": expected a metric in PascalCase/);
    await expect(validateKubernetesObjects([trigger({ subscriptionName: 's', subscriptonSize: '5' })])).rejects.toThrow(/metadata.subscriptonSize: unknown field/);
    await expect(validateKubernetesObjects([trigger({ subscriptionName: 's', subscriptionSize: '5', value: '5' })])).rejects.toThrow(/subscriptionSize is the deprecated form/);
    await expect(validateKubernetesObjects([trigger({ subscriptionName: 's' }, { metricType: 'Average' })])).rejects.toThrow(/metricType "Average"/);
    await expect(validateKubernetesObjects([{ ...scaled, metadata: { ...scaled.metadata, name: 'Spam_Stream' } }])).rejects.toThrow(/would be refused by the API server: metadata.name "Spam_Stream"/);
    await expect(validateKubernetesObjects([{ ...scaled, kind: 'ScaledJob' }])).rejects.toThrow(/no rules for keda.sh\/v1alpha1 ScaledJob/);
    const [, , auth] = streamManifestObjects(input());
    await expect(validateKubernetesObjects([{ ...auth, spec: { podIdentity: { provider: 'google' } } }])).rejects.toThrow(/spec.podIdentity.provider "google"/);
  });
});

describe('deploy target settings', () => {
  it('accepts serve without settings and stream with the three names', () => {
    expect(deployTargetProblems({})).toEqual([]);
    expect(deployTargetProblems({ mode: 'serve' })).toEqual([]);
    expect(deployTargetProblems({ mode: 'stream', stream: { ...STREAM, project: 'my-project', minReplicas: 0, maxReplicas: 3 } })).toEqual([]);
    expect(deployTargetProblems({ mode: 'stream', stream: { subscription: 'projects/p-123456/subscriptions/listings', outputTopic: 'projects/p-123456/topics/out', deadLetterTopic: 'dlq' } })).toEqual([]);
  });

  it('names the flag of each problem', () => {
    expect(deployTargetProblems({ mode: 'batch' as DeployMode })).toEqual(['--mode "batch": expected one of serve, stream']);
    expect(deployTargetProblems({ mode: 'stream' })).toEqual([
      '--mode stream needs --subscription (the Pub/Sub subscription the scorer reads)',
      '--mode stream needs --output-topic (the topic verdicts go to)',
      '--mode stream needs --dead-letter-topic (the topic for inputs that fail validation)',
    ]);
    expect(deployTargetProblems({ mode: 'stream', stream: { outputTopic: 'verdicts', deadLetterTopic: 'rejects' } as never })).toEqual(['--mode stream needs --subscription (the Pub/Sub subscription the scorer reads)']);
    expect(deployTargetProblems({ stream: STREAM })).toEqual(['--subscription, --output-topic, --dead-letter-topic: streaming settings go with --mode stream']);
    expect(deployTargetProblems({ mode: 'stream', stream: { ...STREAM, subscription: 'goog-sub' } })[0]).toMatch(/^--subscription "goog-sub": expected NAME or projects\/PROJECT\/subscriptions\/NAME/);
    expect(deployTargetProblems({ mode: 'stream', stream: { ...STREAM, outputTopic: 'projects/p/subscriptions/x' } })[0]).toMatch(/^--output-topic "projects\/p\/subscriptions\/x": expected NAME or projects\/PROJECT\/topics\/NAME/);
    expect(deployTargetProblems({ mode: 'stream', stream: { ...STREAM, project: 'My Project' } })[0]).toMatch(/^--project "My Project": expected a Google Cloud project id/);
    expect(deployTargetProblems({ mode: 'stream', stream: { ...STREAM, minReplicas: 5, maxReplicas: 2 } })).toEqual(['--min-replicas 5 is over --max-replicas 2']);
    expect(deployTargetProblems({ mode: 'stream', stream: { ...STREAM, backlogPerReplica: 0.5 } })).toEqual(['--backlog-per-replica 0.5: expected an integer >= 1']);
    expect(() => checkDeployTarget({ mode: 'stream' })).toThrow(expect.objectContaining({ name: 'UserInputError', message: expect.stringMatching(/--subscription/) }));
  });

  it('runs the smoke check on an emulator only: by default when PUBSUB_EMULATOR_HOST is set, never against a real project', () => {
    const emulator = { PUBSUB_EMULATOR_HOST: 'localhost:8085' };
    expect(smokeWanted(undefined, emulator)).toBe(false);
    expect(smokeWanted(STREAM, emulator)).toBe(true);
    expect(smokeWanted(STREAM, {})).toBe(false);
    expect(smokeWanted({ ...STREAM, smokeCheck: false }, emulator)).toBe(false);
    expect(smokeWanted({ ...STREAM, smokeCheck: true }, emulator)).toBe(true);
    expect(() => smokeWanted({ ...STREAM, smokeCheck: true }, {})).toThrow(/--smoke-check needs PUBSUB_EMULATOR_HOST/);
    expect(deployTargetProblems({ mode: 'stream', stream: { ...STREAM, smokeCheck: 'yes' as never } })).toEqual(['--smoke-check "yes": expected true or false']);
  });
});
