/**
 * The quality bench's markdown report: one table row per (case, side) with the later-period
 * metrics and the ratio of AutoFlow's value to that side's, then per case what each side
 * chose. Numbers only come from metrics.py; nothing is recomputed here.
 */

const fmt = (v, d = 4) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '–');

/** A one-line description of AutoFlow's winner, whatever shape dist/ gives it (single pipeline, ensemble, stack). */
export function describePipeline(p) {
  if (!p || typeof p !== 'object') return String(p);
  if (Array.isArray(p.members)) return `ensemble of ${p.members.length}: ${p.members.map((m) => describePipeline(m.pipeline ?? m)).join(' + ')}`;
  const features = p.features ? Object.entries(p.features).map(([name, f]) => `${name}:${f.kind}${f.analyzer ? `/${f.analyzer}` : ''}`).join(', ') : '';
  const clf = p.classifier?.kind ?? p.kind ?? '?';
  return features ? `${clf} on [${features}]` : JSON.stringify(p).slice(0, 200);
}

function ratio(a, b, metric) {
  if (!(typeof a === 'number' && typeof b === 'number') || b === 0) return '–';
  // For log loss lower is better: the ratio is still AutoFlow / side, read with care (< 1 wins).
  return (a / b).toFixed(3) + (metric === 'log_loss' ? ' (lower wins)' : '');
}

/**
 * Issue #14's targets for one case: AutoFlow beats Optuna on the spec metric (later period),
 * and its macro F1 is at least the best baseline's.
 */
export function targetCheck(c) {
  const m = c.metrics;
  const better = (a, b) => (c.metric === 'log_loss' ? a < b : a > b);
  const parts = [];
  if (m.optuna) parts.push(`${c.metric} vs Optuna ${better(m.autoflow[c.metric], m.optuna[c.metric]) ? 'MET' : 'NOT met'}`);
  const baselines = Object.keys(m).filter((s) => s !== 'autoflow');
  const best = baselines.reduce((b, s) => (m[s].macro_f1 > m[b].macro_f1 ? s : b), baselines[0]);
  if (best) parts.push(`macro F1 >= best baseline (${best} ${fmt(m[best].macro_f1)}) ${m.autoflow.macro_f1 >= m[best].macro_f1 ? 'MET' : 'NOT met'}`);
  return parts.join('; ');
}

export function markdownReport(run) {
  const lines = [
    `# Quality bench: earlier period -> later period`,
    '',
    `${run.startedAt} · ${run.host} · AutoFlow ${run.autoflowVersion} · scikit-learn ${run.versions?.['scikit-learn'] ?? '?'} · Optuna ${run.versions?.optuna ?? '?'} · seed ${run.seed} · maxMinutes ${run.minutes}${run.smoke ? ' · SMOKE (small data, short budget: wiring only)' : ''}`,
    '',
    `Spec metric on the later period (pr_auc: average precision; macro one-vs-rest for multi-class). Ratio = AutoFlow / side (> 1: AutoFlow better). Macro F1 from each side's own labels. Optuna's timeout = AutoFlow's wall time for \`autoflow run\` in the same case. Wall s: AutoFlow = \`autoflow run\` (search, refit, registration; scoring the later period not included); baselines = fit (Optuna: search in two processes + refit on all earlier data).`,
    '',
    '| case | side | trials | metric (later) | AutoFlow / side | macro F1 | ROC AUC | log loss | wall s |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const c of run.cases) {
    if (c.error) {
      lines.push(`| ${c.name} | failed: ${c.error.replace(/\|/g, '/')} | | | | | | | |`);
      continue;
    }
    const af = c.metrics.autoflow[c.metric];
    for (const side of c.sides) {
      const m = c.metrics[side.name];
      lines.push(`| ${c.name} | ${side.name} | ${side.trials ?? '–'} | ${fmt(m[c.metric])} | ${side.name === 'autoflow' ? '1' : ratio(af, m[c.metric], c.metric)} | ${fmt(m.macro_f1)} | ${fmt(m.roc_auc)} | ${fmt(m.log_loss)} | ${fmt(side.seconds, 0)} |`);
    }
  }
  lines.push('');
  for (const c of run.cases) {
    if (c.error) continue;
    lines.push(`**${c.name}** (${c.description}; ${c.rows.earlierRows} earlier / ${c.rows.laterRows} later rows; metric ${c.metric})`);
    lines.push(`- load average (1 min) before AutoFlow ${fmt(c.loadBefore?.autoflow, 1)}, before the baselines ${fmt(c.loadBefore?.baselines, 1)} (2 cores)`);
    lines.push(`- AutoFlow split: ${c.autoflowSplit}; ${c.autoflow.trials} trials (${c.autoflow.prunedTrials} pruned, ${c.autoflow.failedTrials} failed), validation ${c.metric} ${fmt(c.autoflow.bestScore)}, best single trial #${c.autoflow.bestTrial}: ${describePipeline(c.autoflow.bestPipeline)}`);
    const o = c.sides.find((s) => s.name === 'optuna');
    const ens = c.registered?.ensemble;
    lines.push(`- registered ${c.autoflow.model?.name}/${c.autoflow.model?.version}: ${ens ? `ensemble of ${ens.length} trials (${ens.map((m) => `#${m.trialNumber} x${fmt(m.weight, 2)}`).join(', ')})` : 'the best single trial'}${c.registered?.description ? ` — ${c.registered.description.replace(/\s+/g, ' ').slice(0, 300)}` : ''}`);
    const decision = c.autoflow.decision;
    if (decision) lines.push(`- AutoFlow's labels: ${decision.description}${decision.warnings?.length ? ` (warnings: ${decision.warnings.join('; ')})` : ''}; baselines label by argmax`);
    lines.push(`- issue #14 targets: ${targetCheck(c)}`);
    if (o) lines.push(`- Optuna: ${o.trials} trials in ${fmt(o.info.searchSeconds, 0)} s (holdout ${c.baselineHoldout}), validation ${fmt(o.info.bestValidation)}, best ${JSON.stringify(o.info.params)}`);
    lines.push('');
  }
  return lines.join('\n');
}
