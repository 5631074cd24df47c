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

export async function compareWithChampion(registry: ModelRegistry, name: string, championVersion: number, records: ComparedRecords): Promise<ChampionComparison> {
  const { pipeline } = await loadBundle(registry, `${name}/${championVersion}`);
  const champion = await evaluateWithPredictions(pipeline, { table: records.table, labels: records.labels }, records.classes, records.positiveClass);
  let changed = 0;
  records.candidateLabels.forEach((label, r) => {
    if (records.classes[champion.labels[r]] !== label) changed++;
  });
  const n = records.candidateLabels.length;
  return { version: championVersion, records: n, changedLabels: changed, labelChangeShare: n ? changed / n : 0, metric: champion.metrics[records.metric] };
}
