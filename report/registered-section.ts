/**
 * The report's "Registered model" section: whether the search registered an ensemble of
 * trials or its best single trial, why (both validation scores), and the ensemble's members
 * with their weights.
 */
import type { RegisteredModelChoice } from '../workflows/ensemble-types.js';
import { esc, fmt } from './svg.js';

function paramsText(params: Record<string, unknown>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${typeof params[k] === 'number' ? fmt(params[k]) : String(params[k])}`)
    .join(', ');
}

/** The winner section's title: an ensemble is not one trial. */
export function winnerTitle(registered: RegisteredModelChoice | undefined, bestTrial: number): string {
  return registered?.kind === 'ensemble' ? `Winner: ensemble of ${registered.ensemble!.members.length} trials` : `Winner: trial ${bestTrial}`;
}

/** The section body, or '' when the search ran without ensemble selection. */
export function registeredSection(registered: RegisteredModelChoice | undefined, metric: string): string {
  if (!registered) return '';
  const facts =
    `<dl class="facts"><div><dt>registered</dt><dd>${registered.kind === 'ensemble' ? 'ensemble' : `single trial ${registered.bestSingle.trialNumber}`}</dd></div>` +
    `<div><dt>best single trial (${registered.bestSingle.trialNumber}), validation ${esc(metric)}</dt><dd>${esc(fmt(registered.bestSingle.value))}</dd></div>` +
    (registered.ensemble ? `<div><dt>ensemble, validation ${esc(metric)}</dt><dd>${esc(fmt(registered.ensemble.value))}</dd></div>` : '') +
    '</dl>';
  const members = registered.ensemble?.members ?? [];
  const table = members.length
    ? `<div class="scroll"><table id="ensemble-members" class="leaderboard"><thead><tr><th scope="col">trial</th><th scope="col">weight</th><th scope="col">parameters</th></tr></thead><tbody>` +
      members.map((m) => `<tr><td class="num">${m.trialNumber}</td><td class="num">${esc(fmt(m.weight))}</td><td>${esc(paramsText(m.params))}</td></tr>`).join('') +
      '</tbody></table></div>'
    : '';
  const caption = registered.kind === 'ensemble' ? 'Members (refitted on train + validation; probabilities averaged with these weights)' : 'The ensemble selection found (not registered)';
  return (
    `<section id="registered" class="card"><h2>Registered model</h2><p class="intro">${esc(registered.reason)}</p>${facts}` +
    (table ? `<h3>${esc(caption)}</h3>${table}` : '') +
    '</section>'
  );
}
