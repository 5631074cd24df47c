/**
 * The pipeline template and search-space overrides used when a spec gives no `pipeline`.
 * Chosen for what a moderation model is judged on, the data that arrives after training:
 *
 * - Text only: each text column gets a word block (uni/bi-grams) and a character block on the
 *   same column (char_wb n-grams up to 5). Character n-grams survive the spelling games,
 *   inflections and unsegmented scripts (Japanese) that word tokens miss, and the union of both
 *   is the usual strongest linear text model; the linear classifier families are searched.
 * - Text with numeric or categorical columns: a linear model would force signals like seller
 *   age and price through one weight each. Each text column becomes the out-of-fold scores of
 *   a linear text model (`text_scores`, stacking) and gradient-boosted trees (or a linear
 *   model) learn from those scores beside the tabular columns.
 * - Tabular only: one extractor per column, the task's classifier families.
 */
import type { PipelineSpec } from '../components/core/pipeline.js';
import type { ColumnType } from '../components/core/types.js';
import type { SpaceOverride } from './experiment-spec.js';

export interface DefaultSpace {
  pipeline: PipelineSpec;
  overrides: Record<string, SpaceOverride>;
  /** Classifier families to search when the spec does not choose (undefined: the task's). */
  classifiers?: string[];
}

/** One extractor per non-text column type. */
const TABULAR_EXTRACTOR: Record<Exclude<ColumnType, 'text'>, string> = { numeric: 'numeric', categorical: 'onehot' };

/** Classifiers that can use dense stacked scores beside tabular columns, best first. */
export const MIXED_CLASSIFIERS = ['gbt', 'logreg'];

export function defaultSpace(columnTypes: Record<string, ColumnType>): DefaultSpace {
  const columns = Object.entries(columnTypes);
  const text = columns.filter(([, type]) => type === 'text').map(([name]) => name);
  const tabular = columns.filter(([, type]) => type !== 'text') as [string, Exclude<ColumnType, 'text'>][];
  const features: PipelineSpec['features'] = {};
  const overrides: Record<string, SpaceOverride> = {};
  for (const [name, type] of tabular) features[name] = { kind: TABULAR_EXTRACTOR[type] };

  if (text.length > 0 && tabular.length > 0) {
    for (const name of text) features[name] = { kind: 'text_scores' };
    return { pipeline: { features, classifier: { kind: 'gbt' } }, overrides, classifiers: MIXED_CLASSIFIERS };
  }
  const taken = new Set(columns.map(([name]) => name));
  for (const name of text) {
    features[name] = { kind: 'tfidf' };
    const chars = freeBlockName(`${name}_chars`, taken);
    taken.add(chars);
    features[chars] = { kind: 'tfidf', column: name };
    // char_wb, not char: n-grams that cross word boundaries triple the vocabulary and the fit
    // time on long documents (e-mails) for no gain measured on a later period.
    // A fixed override rather than a template value, so a spec can still search the analyzer.
    overrides[`features__${chars}__analyzer`] = 'char_wb';
    overrides[`features__${chars}__ngramMin`] = { low: 1, high: 3 };
    overrides[`features__${chars}__ngramMax`] = { low: 3, high: 5 };
    // Character vocabularies are large; rare n-grams are mostly noise that does not recur later.
    overrides[`features__${chars}__minDf`] = { low: 2, high: 5 };
  }
  return { pipeline: { features, classifier: { kind: 'logreg' } }, overrides };
}

/** `base`, or `base_2`, `base_3`, ... when a column or block already has the name. */
function freeBlockName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  let i = 2;
  while (taken.has(`${base}_${i}`)) i++;
  return `${base}_${i}`;
}
