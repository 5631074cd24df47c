import type { Connection } from '@temporalio/client';
import { AUTOFLOW_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';

const INDEXED_TYPE: Record<string, number> = { TEXT: 1, KEYWORD: 2, INT: 3, DOUBLE: 4, BOOL: 5, DATETIME: 6 };

/**
 * Registers AutoFlow's search attributes on a server we did not start ourselves.
 * Best effort: Temporal Cloud manages them through its own control plane, so a refusal is
 * reported and the search still runs (the UI just cannot filter by them).
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string | undefined> {
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const known = new Set(Object.keys(existing.customAttributes ?? {}));
    const missing = AUTOFLOW_SEARCH_ATTRIBUTES.filter((k) => !known.has(k.name));
    if (missing.length === 0) return undefined;
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((k) => [k.name, INDEXED_TYPE[k.type]])),
    });
    return undefined;
  } catch (e) {
    return `could not register search attributes (${(e as Error).message}); register ${AUTOFLOW_SEARCH_ATTRIBUTES.map((k) => `${k.name}:${k.type}`).join(', ')} on the namespace for UI filtering`;
  }
}
