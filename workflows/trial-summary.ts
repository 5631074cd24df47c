/**
 * The one-line summary a trial activity carries in the Temporal UI, so a glance at the event
 * list says which configuration each activity is: `trial 12 · logreg C=3.2 · fidelity 1/3`.
 * Pure: the workflow imports it.
 */
import type { Choice, ParamValues } from '../search-spaces/types.js';

/** The UI shows one line; longer summaries are cut here rather than there. */
const MAX_LENGTH = 120;

function short(value: Choice): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(2)));
  return String(value);
}

/**
 * `kind` is the classifier (the searched choice, else the template's); the classifier's searched
 * parameters follow without their path (`classifier__C`, `classifier__mlp__alpha` -> C, alpha),
 * then the other searched parameters by their last segment. The rung shows only with a pruner.
 */
export function trialSummary(trialNumber: number, params: ParamValues, templateKind: string, fidelity: number, rungs: readonly number[]): string {
  const kind = typeof params.classifier === 'string' ? params.classifier : templateKind;
  const named = Object.entries(params)
    .filter(([name]) => name !== 'classifier')
    .sort(([a], [b]) => Number(!a.startsWith('classifier__')) - Number(!b.startsWith('classifier__')))
    .map(([name, value]) => `${name.split('__').at(-1)}=${short(value)}`);
  const parts = [`trial ${trialNumber}`, [kind, ...named].join(' ')];
  if (rungs.length > 1) parts.push(`fidelity ${rungs.indexOf(fidelity) + 1}/${rungs.length}`);
  const text = parts.join(' · ');
  return text.length <= MAX_LENGTH ? text : `${text.slice(0, MAX_LENGTH - 1)}…`;
}
