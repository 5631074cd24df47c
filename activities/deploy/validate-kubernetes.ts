/**
 * Validation of Kubernetes objects against the API's own JSON schemas, offline, through
 * kubernetes-models (4.x: the last line that runs on Node 20). Loaded on first use: only a
 * deployment that writes a manifest pays for the schemas.
 */

interface KubernetesModel {
  validate(): void;
}
type ModelClass = new (data: object) => KubernetesModel;

/** `apps/v1` -> `kubernetes-models/apps/v1`; the core group (`v1`) is `kubernetes-models/v1`. */
function modulePath(apiVersion: string): string {
  return `kubernetes-models/${apiVersion}`;
}

/** Throws an Error naming the object and the schema's complaints; resolves when every object is valid. */
export async function validateKubernetesObjects(objects: readonly object[]): Promise<void> {
  for (const object of objects as readonly { apiVersion?: unknown; kind?: unknown; metadata?: { name?: string } }[]) {
    const { apiVersion, kind } = object;
    const name = object.metadata?.name ?? '(unnamed)';
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') throw new Error(`Kubernetes object ${name}: apiVersion and kind must be strings`);
    const group = (await import(modulePath(apiVersion)).catch(() => undefined)) as Record<string, unknown> | undefined;
    const Model = group?.[kind] as ModelClass | undefined;
    if (typeof Model !== 'function') throw new Error(`Kubernetes object ${kind} ${name}: no schema for ${apiVersion} ${kind} in kubernetes-models`);
    try {
      new Model(object).validate();
    } catch (e) {
      throw new Error(`Kubernetes ${apiVersion} ${kind} ${name} does not match the API schema: ${(e as Error).message}`);
    }
  }
}
