/** `autoflow retrain`: one retrain now, from the command line or a CI job. */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import type { RetrainResult } from '../../retraining/types.js';
import { printResult } from '../print-result.js';

/** Findings shown in the summary; the rest are in the JSON and the HTML report. */
const FINDINGS_SHOWN = 5;

const levelColour = (level: string) => (level === 'drift' ? pc.red(level) : level === 'warning' ? pc.yellow(level) : pc.green(level));

export function retrainSummary(r: RetrainResult): string {
  const lines = [
    `${pc.bold(r.retrainId)} on ${r.dataUri}`,
    `validation: ${r.validation.results.map((x) => `${x.rule} ${x.passed ? 'ok' : 'FAILED'}`).join(', ')}`,
  ];
  const d = r.drift;
  if (d?.skipped) lines.push(`drift: skipped (${d.skipped})`);
  else if (d && d.findings) {
    lines.push(`drift: ${levelColour(d.level)} (champion performance ${levelColour(d.performanceLevel)})${d.findings.length ? '' : ': nothing moved beyond chance'}`);
    for (const f of d.findings.slice(0, FINDINGS_SHOWN)) lines.push(`  ${levelColour(f.level)} ${f.text}`);
    if (d.findings.length > FINDINGS_SHOWN) lines.push(`  ... ${d.findings.length - FINDINGS_SHOWN} more (--json, or the report)`);
  } else if (d?.worst) lines.push(`drift: worst ${d.worst.column} ${d.worst.statistic}=${d.worst.value.toFixed(3)} (${d.worst.level})`);
  if (r.search) lines.push(`search ${r.search.searchId}: ${r.search.trials} trials, best validation ${r.search.metric} ${r.search.bestValue.toFixed(4)}${r.searchChoice ? ` (${r.searchChoice.reason})` : ''}`);
  else if (r.searchChoice) lines.push(r.searchChoice.reason);
  lines.push(`${r.decision.promote ? pc.green('PROMOTED') : pc.yellow('KEPT CHAMPION')}: ${r.decision.reason}`);
  if (r.reportUri) lines.push(`report: ${r.reportUri}`);
  return lines.join('\n');
}

export function registerRetrainCommand(program: Command): void {
  program
    .command('retrain')
    .description('Retrain now: validate the newest data, measure drift, search, and promote the challenger only if it beats the champion')
    .requiredOption('-s, --spec <file>', 'experiment spec with a `retrain` block')
    .option('--json', 'print the result as JSON')
    .option('--no-worker', 'do not run a worker in this process (workers run elsewhere)')
    .action(async (opts: { spec: string; json?: boolean; worker: boolean }) => {
      const { parseSpecFile } = await import('../../experiment-spec/parse-spec-file.js');
      const { resolveExperiment } = await import('../../experiment-spec/resolve-experiment.js');
      const { withLocalRuntime } = await import('../local-runtime.js');
      const spec = await parseSpecFile(opts.spec);
      const baseDir = dirname(resolve(opts.spec));
      // A spec that does not fit the newest data fails here, before a server or a workflow starts.
      await resolveExperiment(spec, baseDir);
      await withLocalRuntime({ worker: opts.worker }, async ({ client }) => {
        const run = await client.startRetrain(spec, baseDir);
        process.stderr.write(`retrain ${run.retrainId} started\n`);
        if (run.notice) process.stderr.write(`note: ${run.notice}\n`);
        const result = await run.result();
        printResult(opts.json, result, () => retrainSummary(result));
      });
    });
}
