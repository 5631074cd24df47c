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
import type { ParamSpace, SearchSpace } from '../search-spaces/types.js';
import type { SpaceOverride } from './experiment-spec.js';

export interface DefaultSpace {
  pipeline: PipelineSpec;
  overrides: Record<string, SpaceOverride>;
  /** Classifier families to search when the spec does not choose (undefined: the task's). */
  classifiers?: string[];
  /**
   * Blocks whose kind follows the classifier (`features__title`: tfidf under linear models,
   * the template's text_scores under trees). Applied by `routeKindsByClassifier` once the
   * space is built.
   */
  kindRoutes?: Record<string, KindRoute>;
}

/** See `routeKindsByClassifier`. */
export interface KindRoute {
  alternative: string;
  under: string[];
}

/**
 * Routes a block's kind by the classifier: under the `under` classifiers the block is
 * `alternative` (its parameters searched), under the others it keeps the template's kind (its
 * parameters searched). The space is built with both kinds as choices; this turns the kind
 * choice into "alternative, when the classifier is one of `under`" and re-conditions the
 * template kind's parameters on the other classifiers. The classifier's choice moves first,
 * since a condition may only refer to an earlier parameter. With the classifier fixed (or
 * narrowed) by the spec, only the route it can take is kept.
 */
export function routeKindsByClassifier(space: SearchSpace, fixedClassifier: string, routes: Record<string, KindRoute> | undefined): SearchSpace {
  if (!routes) return space;
  const classifier = space.params.find((p) => p.name === 'classifier' && p.dist.type === 'categorical');
  const possible = classifier?.dist.type === 'categorical' ? classifier.dist.choices.map(String) : [fixedClassifier];
  const onClassifier = (kinds: string[]) => (classifier ? { condition: { param: 'classifier', in: kinds } } : {});
  const dropped = new Set<string>();
  const params: ParamSpace[] = [];
  for (const p of space.params) {
    if (p === classifier) continue;
    const route = routes[p.name];
    if (route && !p.condition) {
      const under = possible.filter((k) => route.under.includes(k));
      if (under.length === 0) dropped.add(p.name);
      else params.push({ name: p.name, dist: { type: 'categorical', choices: [route.alternative] }, ...(under.length < possible.length ? onClassifier(under) : {}) });
      continue;
    }
    const parent = p.condition ? routes[p.condition.param] : undefined;
    if (!parent || !p.condition) {
      if (p.condition && dropped.has(p.condition.param)) dropped.add(p.name);
      else params.push(p);
      continue;
    }
    const under = possible.filter((k) => parent.under.includes(k));
    const others = possible.filter((k) => !parent.under.includes(k));
    const forAlternative = p.condition.in.includes(parent.alternative);
    const forTemplate = p.condition.in.some((k) => k !== parent.alternative);
    const { condition: _unused, ...unconditional } = p;
    if (forAlternative && forTemplate) params.push(unconditional);
    else if (forAlternative) {
      if (under.length > 0) params.push(p);
    } else if (others.length > 0) params.push({ ...unconditional, ...(others.length < possible.length ? onClassifier(others) : {}) });
  }
  return { ...space, params: classifier ? [classifier, ...params] : params };
}

/** One extractor per non-text column type. */
const TABULAR_EXTRACTOR: Record<Exclude<ColumnType, 'text'>, string> = { numeric: 'numeric', categorical: 'onehot' };

/** Classifiers that can use dense stacked scores beside tabular columns, best first. */
export const MIXED_CLASSIFIERS = ['gbt', 'logreg', 'linear_svm'];

/** The mixed-data classifiers that can also take a text column as sparse n-grams. */
const LINEAR_CLASSIFIERS = ['logreg', 'linear_svm'];

export function defaultSpace(columnTypes: Record<string, ColumnType>): DefaultSpace {
  const columns = Object.entries(columnTypes);
  const text = columns.filter(([, type]) => type === 'text').map(([name]) => name);
  const tabular = columns.filter(([, type]) => type !== 'text') as [string, Exclude<ColumnType, 'text'>][];
  const features: PipelineSpec['features'] = {};
  const overrides: Record<string, SpaceOverride> = {};
  for (const [name, type] of tabular) features[name] = { kind: TABULAR_EXTRACTOR[type] };

  if (text.length > 0 && tabular.length > 0) {
    const kindRoutes: Record<string, KindRoute> = {};
    for (const name of text) {
      features[name] = { kind: 'text_scores' };
      // Trees get the stacked scores (sparse n-grams are what boosting handles worst); a linear
      // classifier gets the n-grams directly, since stacking one linear model under another
      // only adds the noise of out-of-fold scores (most on small data).
      overrides[`features__${name}`] = { choices: ['text_scores', 'tfidf'] };
      overrides[`features__${name}__analyzer`] = { choices: ['word', 'char_wb'] };
      overrides[`features__${name}__ngramMax`] = { low: 1, high: 4 };
      kindRoutes[`features__${name}`] = { alternative: 'tfidf', under: LINEAR_CLASSIFIERS };
    }
    return { pipeline: { features, classifier: { kind: 'gbt' } }, overrides, classifiers: MIXED_CLASSIFIERS, kindRoutes };
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
