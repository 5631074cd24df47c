/**
 * The candidate beside the version it would replace, on the same held-out records: how many
 * labels would change for the people behind those records, and the champion's metric there.
 * A candidate can match its own offline scores and still flip a tenth of the decisions; the
 * deploy check reports that share and holds it against `maxLabelChangeShare` when one is set.
 */
import type { Table } from '../../components/core/table.js';
import { loadBundle } from '../../registry/bundle.js';
import type { ModelRegistry } from '../../registry/model-registry.js';
import { evaluateWithPredictions } from '../training/evaluate.js';

export interface ChampionComparison {
  version: number;
  records: number;
  /** Records whose served label differs from the champion's label. */
  changedLabels: number;
  labelChangeShare: number;
  /** The champion's metric on the same records (the candidate's is the check's httpMetric). */
  metric: number;
}

export interface ComparedRecords {
  table: Table;
  labels: string[];
  classes: string[];
  positiveClass: number;
  /** The candidate's served labels, one per record. */
  candidateLabels: readonly string[];
  metric: string;
}

/** Records whose label differs between the two answer lists (same records, same order), and their share. */
export function labelChanges(candidate: readonly string[], champion: readonly string[]): { changedLabels: number; labelChangeShare: number } {
  if (candidate.length !== champion.length) throw new Error(`label lists differ in length: ${candidate.length} candidate vs ${champion.length} champion answers`);
  let changedLabels = 0;
  candidate.forEach((label, r) => {
    if (champion[r] !== label) changedLabels++;
  });
  return { changedLabels, labelChangeShare: candidate.length ? changedLabels / candidate.length : 0 };
}

export async function compareWithChampion(registry: ModelRegistry, name: string, championVersion: number, records: ComparedRecords): Promise<ChampionComparison> {
  const { pipeline } = await loadBundle(registry, `${name}/${championVersion}`);
  // The champion's labels as it serves them (its own decision rule), by name: a class it knows and the data does not is a change too.
  const champion = await evaluateWithPredictions(pipeline, { table: records.table, labels: records.labels }, records.classes, records.positiveClass);
  const championLabels = Array.from(champion.labels, (i) => records.classes[i] ?? `(class ${i})`);
  return { version: championVersion, records: records.candidateLabels.length, ...labelChanges(records.candidateLabels, championLabels), metric: champion.metrics[records.metric] };
}
