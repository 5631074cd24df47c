/**
 * Whether the namespace a search starts in knows AutoFlow's search attributes. A workflow that
 * upserts an attribute the namespace lacks fails every workflow task (Temporal Cloud, or a
 * namespace created by hand, where nobody registered them); asked before the start, the search
 * can run without them instead, and say so.
 */
import type { Connection } from '@temporalio/client';
import { AUTOFLOW_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';

/** Why the search must run without its search attributes, or undefined when they are all there. */
export async function searchAttributesNotice(connection: Connection, namespace: string): Promise<string | undefined> {
  const names = AUTOFLOW_SEARCH_ATTRIBUTES.map((k) => k.name);
  let known: Set<string>;
  try {
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    known = new Set([...Object.keys(listed.customAttributes ?? {}), ...Object.keys(listed.systemAttributes ?? {})]);
  } catch (e) {
    // Unknowable (no permission to list): running without them is safe, failing tasks is not.
    return `could not list the search attributes of namespace ${namespace} (${(e as Error).message}): this search runs without ${names.join(', ')}`;
  }
  const missing = names.filter((n) => !known.has(n));
  if (missing.length === 0) return undefined;
  const types = AUTOFLOW_SEARCH_ATTRIBUTES.filter((k) => missing.includes(k.name)).map((k) => `${k.name}:${k.type}`);
  return `namespace ${namespace} lacks the search attributes ${missing.join(', ')}: this search runs without them (register ${types.join(', ')} to filter searches by them in the Temporal UI and autoflow list)`;
}
