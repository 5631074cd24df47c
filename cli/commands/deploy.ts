/**
 * `autoflow deploy`: check a candidate in a test server, then move the alias; or, with
 * --watch, start (or attach to) a workflow that does that for every new version of a model.
 */
import type { Command } from 'commander';
import { UserInputError } from '../../core/errors.js';
import pc from 'picocolors';
import type { DeployBudget, DeployResult } from '../../workflows/deploy-types.js';
import { parsePositiveInt, parsePositiveNumber, parseShare } from '../option-values.js';
import { printJson, printResult } from '../print-result.js';

interface DeployOptions {
  model?: string;
  alias: string;
  watch?: string;
  unwatch?: string;
  fromAlias?: string;
  toAlias?: string;
  pollInterval: number;
  detach?: boolean;
  maxRecords?: number;
  tolerance?: number;
  maxP50Ms?: number;
  maxP99Ms?: number;
  maxLabelChange?: number;
  manifestOut?: string;
  json?: boolean;
  worker: boolean;
}

function budgetOf(opts: DeployOptions): DeployBudget {
  const budget: DeployBudget = { maxRecords: opts.maxRecords, tolerance: opts.tolerance, maxP50Ms: opts.maxP50Ms, maxP99Ms: opts.maxP99Ms, maxLabelChangeShare: opts.maxLabelChange };
  return Object.fromEntries(Object.entries(budget).filter(([, v]) => v !== undefined));
}

function deployedText(result: DeployResult, manifestOut: string | undefined): string {
  const { check } = result;
  return [
    `${pc.green('DEPLOYED')} ${check.model.name}/${check.model.version} as @${result.alias} (was ${result.previousVersion ?? 'unset'})`,
    check.reason,
    `batches of the check: p50 ${check.batchP50Ms.toFixed(1)} ms, p99 ${check.batchP99Ms.toFixed(1)} ms per request`,
    `manifest: ${manifestOut ?? result.manifestUri}`,
  ].join('\n');
}

function which(opts: DeployOptions): 'deploy' | 'watch' | 'unwatch' {
  const chosen = [opts.model && '--model', opts.watch && '--watch', opts.unwatch && '--unwatch'].filter(Boolean);
  if (chosen.length !== 1) throw new UserInputError(chosen.length ? `give one of ${chosen.join(', ')}, not several` : 'give --model NAME/VERSION to deploy one version, or --watch NAME to deploy each new version');
  if (!opts.watch && (opts.fromAlias || opts.detach)) throw new UserInputError('--from-alias and --detach go with --watch');
  return opts.model ? 'deploy' : opts.watch ? 'watch' : 'unwatch';
}

export function registerDeployCommand(program: Command): void {
  program
    .command('deploy')
    .description('Serve a candidate model in a test server, check it over HTTP (answers, latency, labels changed against the champion), then move the alias and write a validated Kubernetes manifest; --watch does it for every new version')
    .option('-m, --model <reference>', 'the candidate: NAME/VERSION, NAME@ALIAS or NAME@latest')
    .option('-a, --alias <alias>', 'the alias to move on success', 'production')
    .option('--watch <name>', 'keep deploying each new version of NAME (a long-running Temporal workflow; newest wins, one at a time)')
    .option('--from-alias <alias>', 'with --watch: deploy each version this alias moves to (e.g. the staging a retraining moves) instead of every new version')
    .option('--to-alias <alias>', 'with --watch: the alias to move (same as --alias)')
    .option('--poll-interval <seconds>', 'with --watch: how often the registry is looked at', parsePositiveNumber, 30)
    .option('--detach', 'with --watch: start the watch and return (workers elsewhere run it)')
    .option('--unwatch <name>', 'stop the watch of NAME (into --alias)')
    .option('--max-records <n>', 'held-out records to send (default: the whole test split, up to 5000)', parsePositiveInt)
    .option('--tolerance <x>', 'allowed difference from the offline answers (default 1e-6)', parsePositiveNumber)
    .option('--max-p50-ms <ms>', 'fail when the median single-record latency is over this', parsePositiveNumber)
    .option('--max-p99-ms <ms>', 'fail when the 99th-percentile single-record latency is over this', parsePositiveNumber)
    .option('--max-label-change <share>', 'fail when more than this share of labels changes against the current version (0.05 = 5%)', parseShare)
    .option('--manifest-out <file>', 'also write the Kubernetes manifest here')
    .option('--json', 'print the result as JSON (with --watch: one JSON line per version handled)')
    .option('--no-worker', 'do not run a worker in this process (workers run elsewhere)')
    .action(async (opts: DeployOptions) => {
      const mode = which(opts);
      const toAlias = opts.toAlias ?? opts.alias;
      const { withLocalRuntime } = await import('../local-runtime.js');
      // A detached watch needs no worker here: the workers elsewhere run it.
      await withLocalRuntime({ worker: opts.worker && !opts.detach && mode !== 'unwatch' }, async ({ client }) => {
        if (mode === 'unwatch') {
          const handle = client.deployWatches.get(opts.unwatch!, toAlias);
          await handle.stop();
          printResult(opts.json, { watchId: handle.watchId, stopped: true }, () => `stopped ${handle.watchId}`);
          return;
        }
        if (mode === 'watch') {
          const handle = await client.deployWatches.start({ name: opts.watch!, fromAlias: opts.fromAlias, toAlias, pollSeconds: opts.pollInterval, budget: budgetOf(opts) });
          const source = opts.fromAlias ? `${opts.watch}@${opts.fromAlias}` : `new versions of ${opts.watch}`;
          process.stderr.write(`${handle.started ? 'started' : 'attached to'} ${handle.watchId}: deploying ${source} to @${toAlias}, looking every ${opts.pollInterval} s\n`);
          if (opts.detach) {
            if (opts.json) printJson({ watchId: handle.watchId, started: handle.started });
            return;
          }
          const { followDeployWatch } = await import('../follow-deploy-watch.js');
          await followDeployWatch(handle, { json: opts.json, name: opts.watch! });
          return;
        }
        const run = await client.startDeploy({ ...budgetOf(opts), candidate: opts.model!, alias: opts.alias });
        process.stderr.write(`deploy ${run.deployId} started: checking ${opts.model} over HTTP\n`);
        const result = await run.result();
        if (opts.manifestOut && result.manifest) {
          const { writeFile } = await import('node:fs/promises');
          await writeFile(opts.manifestOut, result.manifest);
        }
        printResult(opts.json, result, () => deployedText(result, opts.manifestOut));
      });
    });
}
