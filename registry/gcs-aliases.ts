/**
 * A model's aliases on GCS: one object, `<name>/aliases.json`, changed only by a
 * compare-and-swap on its generation (ifGenerationMatch; 0 while it does not exist).
 *
 * It also lists the deleted version numbers: deleting a version and pointing an alias at it
 * are then two swaps of the same object, so they cannot interleave (an alias can never end
 * up on a deleted version) without a lock service.
 */
import { randomBytes } from 'node:crypto';
import type { GcsBucket } from '../artifacts/gcs-bucket.js';

const ALIASES_FORMAT = 'autoflow.model-aliases/v1';
const MAX_SWAP_ATTEMPTS = 100;

export interface AliasesDocument {
  format: typeof ALIASES_FORMAT;
  aliases: Record<string, number>;
  deletedVersions: number[];
  updatedAt: string;
  /** Random per write: after an ambiguous failure, tells a writer whether its own retry landed. */
  writeId?: string;
}

const emptyDocument = (): AliasesDocument => ({ format: ALIASES_FORMAT, aliases: {}, deletedVersions: [], updatedAt: new Date(0).toISOString() });

export class GcsAliases {
  private readonly objects: GcsBucket;
  private readonly objectName: string;
  private readonly modelName: string;

  constructor(objects: GcsBucket, modelName: string) {
    this.objects = objects;
    this.modelName = modelName;
    this.objectName = `${modelName}/aliases.json`;
  }

  async read(): Promise<{ doc: AliasesDocument; generation: string }> {
    const found = await this.objects.read(this.objectName);
    if (!found) return { doc: emptyDocument(), generation: '0' };
    try {
      const parsed = JSON.parse(found.data.toString('utf8')) as Partial<AliasesDocument>;
      if (parsed?.format !== ALIASES_FORMAT) throw new Error(`unknown format ${JSON.stringify(parsed?.format)}`);
      return { doc: { ...emptyDocument(), ...parsed, aliases: { ...parsed.aliases }, deletedVersions: [...(parsed.deletedVersions ?? [])] }, generation: found.generation };
    } catch (e) {
      throw new Error(`model ${this.modelName}: ${this.objects.uri(this.objectName)} is not a valid aliases document: ${(e as Error).message}`);
    }
  }

  /**
   * Read-modify-write until the swap lands. `change` edits the document in place and returns
   * true, returns false for "nothing to do", or throws to refuse (conflict, alias on a deleted
   * version); it runs again on a fresh read whenever another writer got in first.
   */
  async update(change: (doc: AliasesDocument) => boolean | Promise<boolean>): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_SWAP_ATTEMPTS; attempt++) {
      const { doc, generation } = await this.read();
      if (!(await change(doc))) return false;
      const writeId = randomBytes(8).toString('hex');
      const sorted = Object.fromEntries(Object.entries(doc.aliases).sort(([a], [b]) => a.localeCompare(b)));
      const next: AliasesDocument = { ...doc, aliases: sorted, deletedVersions: [...new Set(doc.deletedVersions)].sort((a, b) => a - b), updatedAt: new Date().toISOString(), writeId };
      if (await this.objects.write(this.objectName, `${JSON.stringify(next, null, 2)}\n`, { ifGenerationMatch: generation, contentType: 'application/json' })) return true;
      // 412: someone else swapped first, or a retry of our own request already landed.
      if ((await this.read()).doc.writeId === writeId) return true;
    }
    throw new Error(`model ${this.modelName}: aliases kept changing under concurrent writers; retry`);
  }
}
