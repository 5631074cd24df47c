/**
 * Whether a retrain searches (`retrain.searchWhen`): `always` (the default); `drift`, only when
 * the drift report reached warning; `never`, monitoring only. Two things override a skip: no
 * champion yet (there is nothing to keep), and the champion's performance on the new labelled
 * batch at the drift level (a model users feel degrading is retrained whatever the schedule
 * says). Pure: it runs inside the retrainModel workflow.
 */
import type { DriftSummary, SearchChoice } from '../retraining/types.js';

const RANK: Record<string, number> = { stable: 0, warning: 1, drift: 2 };

export function searchChoice(searchWhen: 'always' | 'drift' | 'never' | undefined, hasChampion: boolean, drift: DriftSummary | undefined): SearchChoice {
  const when = searchWhen ?? 'always';
  if (when === 'always') return { searched: true, reason: 'searchWhen: always' };
  if (!hasChampion) return { searched: true, reason: `searchWhen: ${when}, but there is no champion yet` };
  const level = drift?.level ?? 'stable';
  const performance = drift?.performanceLevel ?? 'stable';
  const top = drift?.findings?.[0]?.text;
  if (performance === 'drift') return { searched: true, reason: `searchWhen: ${when}, overridden: the champion's performance drifted${top ? ` (${top})` : ''}` };
  if (when === 'drift' && (RANK[level] ?? 0) >= RANK.warning) return { searched: true, reason: `searchWhen: drift, and drift reached ${level}${top ? ` (${top})` : ''}` };
  if (when === 'drift' && drift?.skipped) return { searched: true, reason: `searchWhen: drift, but drift could not be measured (${drift.skipped})` };
  return { searched: false, reason: when === 'never' ? 'search skipped: searchWhen is never (monitoring only)' : `search skipped: searchWhen is drift and the drift report is ${level}` };
}
