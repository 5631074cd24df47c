/**
 * Validation of the KEDA objects a streaming deployment writes (keda.sh/v1alpha1 ScaledObject
 * and TriggerAuthentication). kubernetes-models carries only the built-in API groups, so the
 * rules of KEDA 2.x's CRDs that these objects touch are written out here: the required fields
 * and their types, no fields the CRD does not know (its structural schema would prune them and
 * `kubectl apply --validate=strict` refuses them), and for the `gcp-pubsub` trigger the
 * metadata keys and values KEDA's scaler parses. One sentence per problem, naming the field.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt32 = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= 2 ** 31 - 1;

function unknownKeys(path: string, value: Json, known: readonly string[], problems: string[]): void {
  for (const key of Object.keys(value)) if (!known.includes(key)) problems.push(`${path}.${key}: unknown field (known: ${known.join(', ')})`);
}

const SCALED_OBJECT_SPEC = ['scaleTargetRef', 'pollingInterval', 'cooldownPeriod', 'initialCooldownPeriod', 'idleReplicaCount', 'minReplicaCount', 'maxReplicaCount', 'advanced', 'fallback', 'triggers'] as const;
const SCALE_TARGET_REF = ['apiVersion', 'kind', 'name', 'envSourceContainerName'] as const;
const TRIGGER = ['type', 'name', 'metadata', 'authenticationRef', 'metricType', 'useCachedMetrics'] as const;
const AUTHENTICATION_REF = ['name', 'kind'] as const;
const METRIC_TYPES = ['AverageValue', 'Value', 'Utilization'];
/** What KEDA's gcp-pubsub scaler reads from a trigger's metadata. */
const GCP_PUBSUB_METADATA = ['subscriptionName', 'subscriptionNameFromEnv', 'topicName', 'topicNameFromEnv', 'mode', 'aggregation', 'value', 'activationValue', 'valueIfNull', 'timeHorizon', 'credentialsFromEnv', 'credentialsFromEnvFile', 'subscriptionSize'];
const POD_IDENTITY_PROVIDERS = ['none', 'azure-workload', 'aws', 'aws-eks', 'gcp'];

function gcpPubsubProblems(path: string, metadata: Json, problems: string[]): void {
  unknownKeys(path, metadata, GCP_PUBSUB_METADATA, problems);
  const has = (k: string) => metadata[k] !== undefined;
  if (!has('subscriptionName') && !has('subscriptionNameFromEnv') && !has('topicName') && !has('topicNameFromEnv')) problems.push(`${path}: gcp-pubsub needs subscriptionName (or topicName, or their FromEnv forms)`);
  const mode = metadata.mode;
  // The PascalCase of a Cloud Monitoring subscription metric (SubscriptionSize = num_undelivered_messages, the default).
  if (mode !== undefined && !(typeof mode === 'string' && /^[A-Z][A-Za-z]*$/.test(mode))) problems.push(`${path}.mode ${JSON.stringify(mode)}: expected a metric in PascalCase such as SubscriptionSize or OldestUnackedMessageAge`);
  for (const key of ['value', 'activationValue', 'subscriptionSize']) {
    const v = metadata[key];
    if (v !== undefined && !(typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) && Number(v) >= 0)) problems.push(`${path}.${key} ${JSON.stringify(v)}: expected a number >= 0 as a string`);
  }
  if (has('subscriptionSize') && (has('mode') || has('value'))) problems.push(`${path}: subscriptionSize is the deprecated form of mode + value; give one or the other`);
}

function scaledObjectProblems(spec: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(spec)) return ['spec: required'];
  unknownKeys('spec', spec, SCALED_OBJECT_SPEC, problems);
  const ref = spec.scaleTargetRef;
  if (!isObject(ref)) problems.push('spec.scaleTargetRef: required');
  else {
    unknownKeys('spec.scaleTargetRef', ref, SCALE_TARGET_REF, problems);
    if (typeof ref.name !== 'string' || ref.name === '') problems.push('spec.scaleTargetRef.name: required (a string)');
    for (const key of ['apiVersion', 'kind', 'envSourceContainerName']) if (ref[key] !== undefined && typeof ref[key] !== 'string') problems.push(`spec.scaleTargetRef.${key}: expected a string`);
  }
  for (const key of ['pollingInterval', 'cooldownPeriod', 'initialCooldownPeriod', 'idleReplicaCount', 'minReplicaCount', 'maxReplicaCount']) {
    if (spec[key] !== undefined && !isInt32(spec[key], 0)) problems.push(`spec.${key} ${JSON.stringify(spec[key])}: expected an integer >= 0`);
  }
  const min = spec.minReplicaCount;
  const max = spec.maxReplicaCount;
  if (typeof min === 'number' && typeof max === 'number' && min > max) problems.push(`spec.minReplicaCount ${min} is over spec.maxReplicaCount ${max}`);
  const triggers = spec.triggers;
  if (!Array.isArray(triggers) || triggers.length === 0) problems.push('spec.triggers: required (at least one trigger)');
  else {
    triggers.forEach((t: unknown, i) => {
      const path = `spec.triggers[${i}]`;
      if (!isObject(t)) return problems.push(`${path}: expected an object`);
      unknownKeys(path, t, TRIGGER, problems);
      if (typeof t.type !== 'string' || t.type === '') problems.push(`${path}.type: required (a string)`);
      if (!isObject(t.metadata)) problems.push(`${path}.metadata: required (a map of strings)`);
      else {
        for (const [k, v] of Object.entries(t.metadata)) if (typeof v !== 'string') problems.push(`${path}.metadata.${k}: expected a string, got ${JSON.stringify(v)}`);
        if (t.type === 'gcp-pubsub') gcpPubsubProblems(`${path}.metadata`, t.metadata, problems);
      }
      if (t.metricType !== undefined && !METRIC_TYPES.includes(t.metricType as string)) problems.push(`${path}.metricType ${JSON.stringify(t.metricType)}: expected one of ${METRIC_TYPES.join(', ')}`);
      if (t.authenticationRef !== undefined) {
        if (!isObject(t.authenticationRef)) problems.push(`${path}.authenticationRef: expected an object`);
        else {
          unknownKeys(`${path}.authenticationRef`, t.authenticationRef, AUTHENTICATION_REF, problems);
          if (typeof t.authenticationRef.name !== 'string' || t.authenticationRef.name === '') problems.push(`${path}.authenticationRef.name: required (a string)`);
          const kind = t.authenticationRef.kind;
          if (kind !== undefined && kind !== 'TriggerAuthentication' && kind !== 'ClusterTriggerAuthentication') problems.push(`${path}.authenticationRef.kind ${JSON.stringify(kind)}: expected TriggerAuthentication or ClusterTriggerAuthentication`);
        }
      }
    });
  }
  return problems;
}

function triggerAuthenticationProblems(spec: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(spec)) return ['spec: required'];
  unknownKeys('spec', spec, ['podIdentity', 'secretTargetRef', 'env', 'hashiCorpVault', 'azureKeyVault', 'awsSecretManager', 'gcpSecretManager', 'configMapTargetRef', 'boundServiceAccountToken'], problems);
  const identity = spec.podIdentity;
  if (identity !== undefined) {
    if (!isObject(identity)) problems.push('spec.podIdentity: expected an object');
    else if (!POD_IDENTITY_PROVIDERS.includes(identity.provider as string)) problems.push(`spec.podIdentity.provider ${JSON.stringify(identity.provider)}: expected one of ${POD_IDENTITY_PROVIDERS.join(', ')}`);
  }
  return problems;
}

const KEDA_KINDS: Record<string, (spec: unknown) => string[]> = {
  ScaledObject: scaledObjectProblems,
  TriggerAuthentication: triggerAuthenticationProblems,
};

export const KEDA_API_VERSION = 'keda.sh/v1alpha1';

/** Problems with a keda.sh/v1alpha1 object's spec, or null when the kind is not one of the KEDA kinds known here. */
export function kedaProblems(kind: string, object: { spec?: unknown }): string[] | null {
  const check = KEDA_KINDS[kind];
  return check ? check(object.spec) : null;
}
