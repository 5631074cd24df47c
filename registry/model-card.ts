/** A markdown model card for a registered version: metrics, lineage, aliases, files. */
import type { ModelVersion } from './model-registry.js';

export function renderModelCard(version: ModelVersion): string {
  const lines: string[] = [];
  const ref = `${version.name}/${version.version}`;
  lines.push(`# ${cell(version.name)} — version ${version.version}`, '');
  if (version.description) lines.push(version.description.trim(), '');
  lines.push('| | |', '|---|---|');
  lines.push(`| Reference | ${code(ref)} |`);
  lines.push(`| Aliases | ${version.aliases.length ? version.aliases.map((a) => code(`${version.name}@${a}`)).join(', ') : 'none'} |`);
  lines.push(`| Created | ${cell(version.createdAt)} |`);
  lines.push(`| Location | ${code(version.uri)} |`, '');

  lines.push('## Metrics', '');
  const metrics = Object.entries(version.metrics ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (metrics.length === 0) lines.push('No metrics recorded.', '');
  else {
    lines.push('| Metric | Value |', '|---|---:|');
    for (const [name, value] of metrics) lines.push(`| ${cell(name)} | ${formatNumber(value)} |`);
    lines.push('');
  }

  // How served labels follow from the probabilities: the `decision` tag the refit writes.
  const decision = version.tags?.decision;
  if (decision !== undefined) lines.push('## Decision rule', '', decision.trim(), '');

  const l = version.lineage ?? ({} as ModelVersion['lineage']);
  lines.push('## Lineage', '', '| | |', '|---|---|');
  lines.push(`| Data | ${l.dataUri ? code(l.dataUri) : 'unknown'} |`);
  lines.push(`| Data sha256 | ${l.dataSha256 ? code(l.dataSha256) : 'unknown'} |`);
  lines.push(`| Seed | ${l.seed ?? 'unknown'} |`);
  lines.push(`| Code version | ${l.codeVersion ? code(l.codeVersion) : 'unknown'} |`);
  if (l.searchId !== undefined) lines.push(`| Search | ${code(l.searchId)} |`);
  if (l.trialNumber !== undefined) lines.push(`| Trial | ${l.trialNumber} |`);
  lines.push('');

  const params = Object.entries(l.params ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (params.length) {
    lines.push('### Parameters', '', '| Parameter | Value |', '|---|---|');
    for (const [name, value] of params) lines.push(`| ${code(name)} | ${code(typeof value === 'string' ? value : JSON.stringify(value) ?? String(value))} |`);
    lines.push('');
  }
  if (l.ensemble?.length) {
    // An ensemble: the parameters above are the best single trial's; every member is here.
    lines.push('### Ensemble members', '', '| Trial | Weight | Parameters |', '|---:|---:|---|');
    for (const m of l.ensemble) {
      const params = Object.entries(m.params ?? {}).sort(([a], [b]) => a.localeCompare(b));
      lines.push(`| ${m.trialNumber} | ${formatNumber(m.weight)} | ${params.map(([k, v]) => code(`${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)).join(' ') || 'defaults'} |`);
    }
    lines.push('');
  }
  if (l.spec !== undefined) {
    lines.push('<details><summary>Experiment spec</summary>', '', '```json', JSON.stringify(l.spec, null, 2), '```', '', '</details>', '');
  }

  const tags = Object.entries(version.tags ?? {})
    .filter(([name]) => name !== 'decision')
    .sort(([a], [b]) => a.localeCompare(b));
  if (tags.length) {
    lines.push('## Tags', '', '| Tag | Value |', '|---|---|');
    for (const [name, value] of tags) lines.push(`| ${cell(name)} | ${cell(value)} |`);
    lines.push('');
  }

  lines.push('## Files', '', '| Path | Bytes | sha256 |', '|---|---:|---|');
  for (const f of version.files) lines.push(`| ${code(f.path)} | ${f.bytes} | ${code(f.sha256)} |`);
  lines.push('');
  return lines.join('\n');
}

function formatNumber(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return cell(String(value));
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

/** A table cell: no pipes or line breaks. */
function cell(text: string): string {
  return String(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  const t = cell(text);
  return t.includes('`') ? t : `\`${t}\``;
}
