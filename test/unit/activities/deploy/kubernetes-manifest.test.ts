/**
 * The serving manifest: what a cluster would accept (the Kubernetes schemas through
 * kubernetes-models, and the API server's name rules), pinned to the checked version, probes on
 * /readyz and /healthz, memory sized from the test server's measured RSS, the check's figures in
 * annotations; and a broken object is refused with the field named.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kubernetesManifest, kubernetesName, manifestObjects, memoryResources, type ManifestInput } from '../../../../activities/deploy/kubernetes-manifest.js';
import { metadataProblems, validateKubernetesObjects } from '../../../../activities/deploy/validate-kubernetes.js';
import { passedCheck } from './deploy-check-fixture.js';

const MIB = 1024 * 1024;

function input(overrides: Partial<ManifestInput> = {}): ManifestInput {
  return { name: 'spam-assassin', alias: 'production', check: passedCheck(), deployId: 'deploy-spam-assassin-3-abc', registryUri: 'gs://bucket/autoflow/registry', ...overrides };
}

describe('kubernetesManifest', () => {
  it('writes a Deployment and a Service that validate, pinned to the checked version, with probes and measured memory', async () => {
    const text = await kubernetesManifest(input());
    const docs = parseAllDocuments(text).map((d) => d.toJS());
    expect(docs.map((d) => `${d.apiVersion} ${d.kind}`)).toEqual(['apps/v1 Deployment', 'v1 Service']);
    // What was printed is what validates (not only the objects before printing).
    await expect(validateKubernetesObjects(docs)).resolves.toBeUndefined();

    const [deployment, service] = docs;
    const container = deployment.spec.template.spec.containers[0];
    expect(container.args.slice(0, 3)).toEqual(['serve', '--model', 'spam-assassin/3']);
    // Pinned: the pod never follows an alias to a version nobody checked.
    expect(container.args).toContain('--poll-interval');
    expect(container.args[container.args.indexOf('--poll-interval') + 1]).toBe('0');
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.env).toEqual([{ name: 'AUTOFLOW_REGISTRY', value: 'gs://bucket/autoflow/registry' }]);
    // 162 MiB peak x 1.25 = 202.5 -> 208 Mi (multiples of 16).
    expect(container.resources.requests.memory).toBe('208Mi');
    expect(container.resources.limits.memory).toBe('512Mi');
    expect(deployment.spec.template.metadata.labels['autoflow.dev/version']).toBe('3');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);

    const annotations = deployment.metadata.annotations;
    expect(annotations['autoflow.dev/version']).toBe('3');
    expect(annotations['autoflow.dev/check-p50-ms']).toBe('1.80');
    expect(annotations['autoflow.dev/check-p99-ms']).toBe('10.60');
    expect(annotations['autoflow.dev/check-roc-auc']).toBe('0.99945');
    expect(annotations['autoflow.dev/check-peak-rss-mib']).toBe('162.0');
    expect(annotations['autoflow.dev/champion-version']).toBeUndefined();
    expect(text.split('\n')[0]).toContain('spam-assassin/3 as @production');
  });

  it('records the champion comparison and the budgets held to', async () => {
    const check = passedCheck({ champion: { version: 2, records: 1209, changedLabels: 12, labelChangeShare: 12 / 1209, metric: 0.9991 }, budget: { maxP99Ms: 50, maxLabelChangeShare: 0.05 } });
    const [deployment] = manifestObjects(input({ check }));
    const a = deployment.metadata!.annotations!;
    expect(a['autoflow.dev/champion-version']).toBe('2');
    expect(a['autoflow.dev/label-change-share']).toBe('0.0099');
    expect(a['autoflow.dev/changed-labels']).toBe('12/1209');
    expect(a['autoflow.dev/budget-p99-ms']).toBe('50');
    expect(a['autoflow.dev/budget-label-change-share']).toBe('0.05');
    expect(a['autoflow.dev/budget-p50-ms']).toBeUndefined();
    expect(await kubernetesManifest(input({ check }))).toContain('# Against champion version 2: 12 of 1209 labels change (1.0%).');
  });

  it('names objects so that the API server accepts them, whatever the model is called', async () => {
    expect(kubernetesName('Spam_Filter.v2', 'production')).toBe('spam-filter-v2-production');
    expect(kubernetesName('2fa-spam', 'production')).toBe('m-2fa-spam-production');
    expect(kubernetesName('x'.repeat(80), 'production')).toHaveLength(63);
    expect(kubernetesName('---', '')).toBe('autoflow-model');
    for (const name of ['2fa-spam', 'Ünïcode名前', 'a'.repeat(70), 'listing.spam_v2']) {
      await expect(validateKubernetesObjects(manifestObjects(input({ name, check: passedCheck({ model: { name, version: 1 } }) })))).resolves.toBeUndefined();
    }
  });
});

describe('memoryResources', () => {
  it('requests the measured peak plus a quarter, in 16 Mi steps, and a limit of twice that (at least 512 Mi)', () => {
    expect(memoryResources(100 * MIB)).toEqual({ requestMib: 128, limitMib: 512 });
    expect(memoryResources(400 * MIB)).toEqual({ requestMib: 512, limitMib: 1024 });
    expect(memoryResources(10 * MIB)).toEqual({ requestMib: 64, limitMib: 512 });
    // Nothing measured (not Linux): the documented default.
    expect(memoryResources(null)).toEqual({ requestMib: 160, limitMib: 512 });
  });
});

describe('validateKubernetesObjects', () => {
  const deployment = () => manifestObjects(input())[0] as unknown as { spec: { template: { spec: { containers: Record<string, any>[] } } }; metadata: Record<string, any> };

  it('refuses what the schema refuses, naming the object and field', async () => {
    const noPort = deployment();
    delete noPort.spec.template.spec.containers[0].readinessProbe.httpGet.port;
    await expect(validateKubernetesObjects([noPort])).rejects.toThrow(/Deployment spam-assassin-production does not match the API schema: .*readinessProbe\/httpGet must have required property port/);
    const badMemory = deployment();
    badMemory.spec.template.spec.containers[0].resources.requests.memory = 'lots';
    await expect(validateKubernetesObjects([badMemory])).rejects.toThrow(/resources\/requests\/memory/);
    await expect(validateKubernetesObjects([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { ports: [{ port: '80' }] } }])).rejects.toThrow(/ports\/0\/port must be integer/);
  });

  it("refuses names, labels and annotations the API server would refuse (the schemas do not check them)", async () => {
    await expect(validateKubernetesObjects([{ apiVersion: 'v1', kind: 'Service', metadata: { name: '2fa' }, spec: { ports: [{ port: 80 }] } }])).rejects.toThrow(/would be refused by the API server: metadata.name "2fa": .*starting with a letter/);
    const badLabel = deployment();
    badLabel.metadata.labels['autoflow.dev/model'] = 'spam filter';
    await expect(validateKubernetesObjects([badLabel])).rejects.toThrow(/metadata.labels\["autoflow.dev\/model"\] = "spam filter"/);
    expect(metadataProblems('Deployment', { name: 'ok-name', annotations: { 'bad key/x': 'v', good: 'v' } })).toEqual([expect.stringMatching(/annotations key "bad key\/x": the prefix must be a DNS subdomain/)]);
    expect(metadataProblems('Deployment', { name: '2fa' })).toEqual([]);
  });

  it('refuses a kind it has no schema for rather than passing it unchecked', async () => {
    await expect(validateKubernetesObjects([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }])).rejects.toThrow(/no schema for example.com\/v1 Widget/);
  });
});
