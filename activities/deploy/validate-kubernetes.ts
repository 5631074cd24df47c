/**
 * Validation of Kubernetes objects against the API's own JSON schemas, offline, through
 * kubernetes-models (4.x: the last line that runs on Node 20). Loaded on first use: only a
 * deployment that writes a manifest pays for the schemas.
 *
 * The OpenAPI schemas do not carry the API server's name rules (metadata.name is a plain
 * string there), yet `kubectl apply` rejects a Service called `2fa-spam`; those rules are
 * checked here too, so "validated" means what a cluster would accept.
 *
 * KEDA's objects (a streaming deployment's ScaledObject) have no schema in kubernetes-models:
 * ./validate-keda.ts holds the rules of their CRDs.
 */
import { KEDA_API_VERSION, kedaProblems } from './validate-keda.js';

interface KubernetesModel {
  validate(): void;
}
type ModelClass = new (data: object) => KubernetesModel;

interface Metadata {
  name?: unknown;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/** `apps/v1` -> `kubernetes-models/apps/v1`; the core group (`v1`) is `kubernetes-models/v1`. */
function modulePath(apiVersion: string): string {
  return `kubernetes-models/${apiVersion}`;
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Services (and a few other kinds) need a DNS-1035 label: it must start with a letter. */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const KINDS_WITH_DNS_1035_NAMES = new Set(['Service']);

/** `prefix/name` keys of labels and annotations: a DNS subdomain prefix (<= 253) and a name (<= 63). */
function keyProblem(key: string): string | null {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : null;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== null && !(prefix.length <= 253 && DNS_1123_SUBDOMAIN.test(prefix))) return `key ${JSON.stringify(key)}: the prefix must be a DNS subdomain`;
  if (!(name.length <= 63 && QUALIFIED_NAME.test(name))) return `key ${JSON.stringify(key)}: the name must be up to 63 letters, digits, '-', '_' or '.', alphanumeric at both ends`;
  return null;
}

/** The API server's rules for names, labels and annotations, one sentence per problem. */
export function metadataProblems(kind: string, metadata: Metadata | undefined): string[] {
  const problems: string[] = [];
  const name = metadata?.name;
  const rule = KINDS_WITH_DNS_1035_NAMES.has(kind) ? DNS_1035_LABEL : DNS_1123_LABEL;
  if (typeof name !== 'string' || name.length > 63 || !rule.test(name)) {
    problems.push(`metadata.name ${JSON.stringify(name)}: expected up to 63 lowercase letters, digits or '-', ${KINDS_WITH_DNS_1035_NAMES.has(kind) ? 'starting with a letter' : 'starting with a letter or digit'} and ending alphanumeric`);
  }
  for (const [key, value] of Object.entries(metadata?.labels ?? {})) {
    const problem = keyProblem(key);
    if (problem) problems.push(`metadata.labels ${problem}`);
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) problems.push(`metadata.labels[${JSON.stringify(key)}] = ${JSON.stringify(value)}: expected up to 63 letters, digits, '-', '_' or '.', alphanumeric at both ends`);
  }
  for (const [key, value] of Object.entries(metadata?.annotations ?? {})) {
    const problem = keyProblem(key);
    if (problem) problems.push(`metadata.annotations ${problem}`);
    if (typeof value !== 'string') problems.push(`metadata.annotations[${JSON.stringify(key)}]: expected a string, got ${JSON.stringify(value)}`);
  }
  return problems;
}

/** Throws an Error naming the object and every complaint; resolves when every object is valid. */
export async function validateKubernetesObjects(objects: readonly object[]): Promise<void> {
  for (const object of objects as readonly { apiVersion?: unknown; kind?: unknown; metadata?: Metadata; spec?: { template?: { metadata?: Metadata } } }[]) {
    const { apiVersion, kind } = object;
    const name = typeof object.metadata?.name === 'string' ? object.metadata.name : '(unnamed)';
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') throw new Error(`Kubernetes object ${name}: apiVersion and kind must be strings`);
    if (apiVersion === KEDA_API_VERSION) {
      const problems = kedaProblems(kind, object);
      if (problems === null) throw new Error(`Kubernetes object ${kind} ${name}: no rules for ${apiVersion} ${kind} (ScaledObject and TriggerAuthentication are known)`);
      if (problems.length > 0) throw new Error(`Kubernetes ${apiVersion} ${kind} ${name} does not match KEDA's CRD: ${problems.join('; ')}`);
      const metadata = metadataProblems(kind, object.metadata);
      if (metadata.length > 0) throw new Error(`Kubernetes ${apiVersion} ${kind} ${name} would be refused by the API server: ${metadata.join('; ')}`);
      continue;
    }
    const group = (await import(modulePath(apiVersion)).catch(() => undefined)) as Record<string, unknown> | undefined;
    const Model = group?.[kind] as ModelClass | undefined;
    if (typeof Model !== 'function') throw new Error(`Kubernetes object ${kind} ${name}: no schema for ${apiVersion} ${kind} in kubernetes-models`);
    try {
      new Model(object).validate();
    } catch (e) {
      throw new Error(`Kubernetes ${apiVersion} ${kind} ${name} does not match the API schema: ${(e as Error).message}`);
    }
    // A pod template's labels and annotations obey the same rules (its name is generated).
    const template = object.spec?.template?.metadata;
    const problems = [...metadataProblems(kind, object.metadata), ...(template ? metadataProblems('Pod', { ...template, name: 'template' }).map((p) => `spec.template.${p}`) : [])];
    if (problems.length > 0) throw new Error(`Kubernetes ${apiVersion} ${kind} ${name} would be refused by the API server: ${problems.join('; ')}`);
  }
}
