/**
 * `autoflow deploy`: check a candidate in a test server, then move the alias; or, with
 * --watch, start (or attach to) a workflow that does that for every new version of a model;
 * --describe-watch and --unwatch show and stop such a watch. `--mode stream` writes the
 * manifest for `autoflow stream` (scaled by KEDA on the subscription's backlog) instead of
 * `autoflow serve`'s; the check is the same.
 */
import { InvalidArgumentError, type Command } from 'commander';
import pc from 'picocolors';
import { UserInputError } from '../../core/errors.js';
import { DEPLOY_MODES, deployTargetProblems, STREAM_FLAGS } from '../../activities/deploy/stream-settings.js';
import type { DeployBudget, DeployMode, DeployResult, DeployTarget, DeployWatchInput, StreamDeploySettings } from '../../workflows/deploy-types.js';
import { parseByteSize, parsePositiveInt, parsePositiveNumber, parseShare } from '../option-values.js';
import { printJson, printResult } from '../print-result.js';

/** Commander's parse of the flags: the streaming ones carry StreamDeploySettings' names. */
interface DeployOptions extends Partial<StreamDeploySettings> {
  model?: string;
  alias: string;
  watch?: string;
  describeWatch?: string;
  unwatch?: string;
  fromAlias?: string;
  toAlias?: string;
  pollInterval?: number;
  detach?: boolean;
  maxRecords?: number;
  tolerance?: number;
  maxP50Ms?: number;
  maxP99Ms?: number;
  maxLabelChange?: number;
  manifestOut?: string;
  mode?: DeployMode;
  json?: boolean;
  worker: boolean;
}

type Mode = 'deploy' | 'watch' | 'describe' | 'unwatch';

const MODES: [Mode, keyof DeployOptions, string][] = [
  ['deploy', 'model', '--model'],
  ['watch', 'watch', '--watch'],
  ['describe', 'describeWatch', '--describe-watch'],
  ['unwatch', 'unwatch', '--unwatch'],
];

/** Options that belong to one mode: given with another, they would be silently ignored. */
const ONLY_WITH: [keyof DeployOptions, string, Mode[]][] = [
  ['fromAlias', '--from-alias', ['watch']],
  ['pollInterval', '--poll-interval', ['watch']],
  ['detach', '--detach', ['watch']],
  ['manifestOut', '--manifest-out', ['deploy']],
  ['toAlias', '--to-alias', ['watch', 'describe', 'unwatch']],
  ['mode', '--mode', ['deploy', 'watch']],
];
const BUDGET_FLAGS: [keyof DeployOptions, string][] = [
  ['maxRecords', '--max-records'],
  ['tolerance', '--tolerance'],
  ['maxP50Ms', '--max-p50-ms'],
  ['maxP99Ms', '--max-p99-ms'],
  ['maxLabelChange', '--max-label-change'],
];

/** Serve or stream, with the streaming settings, as the flags give them (checked once merged with the spec's). */
function flagTargetOf(opts: DeployOptions): DeployTarget {
  const given = STREAM_FLAGS.filter(([key]) => opts[key] !== undefined);
  const stream = Object.fromEntries(given.map(([key]) => [key, opts[key]])) as unknown as StreamDeploySettings;
  return opts.mode === 'stream' ? { mode: 'stream', stream } : given.length ? { mode: opts.mode, stream } : opts.mode ? { mode: opts.mode } : {};
}

/**
 * The flags over the `deploy.mode` and `deploy.stream` of the version's spec (for a watch: of
 * the version it starts from, the newest or --from-alias's), read from the registry this
 * command sees; every problem names its flag or spec field (exit 2). A version that cannot be
 * read here is left to the workflow, which reports it.
 */
async function targetOf(opts: DeployOptions): Promise<DeployTarget> {
  const flags = flagTargetOf(opts);
  let target = flags;
  if (flags.mode !== 'serve') {
    const [{ createModelRegistry }, { storageLocations }, { specDeployTarget }, { effectiveDeployTarget }] = await Promise.all([
      import('../../registry/index.js'),
      import('../../worker/default-deps.js'),
      import('../../experiment-spec/check-deploy.js'),
      import('../../activities/deploy/effective-target.js'),
    ]);
    const reference = opts.model ?? `${opts.watch}@${opts.fromAlias ?? 'latest'}`;
    const version = await createModelRegistry(storageLocations().registry).resolve(reference).catch(() => undefined);
    if (version) {
      // The same merge the deployment check makes, here so mistakes exit 2 before anything starts.
      const source = `${version.name}/${version.version}`;
      target = effectiveDeployTarget(flags, version.lineage.spec, source);
      const fromSpec = specDeployTarget(version.lineage.spec).target;
      if (target.mode === 'stream' && fromSpec.mode === 'stream') {
        const taken = [...(flags.mode ? [] : ['deploy.mode']), ...Object.keys(fromSpec.stream ?? {}).filter((key) => flags.stream?.[key as keyof StreamDeploySettings] === undefined).map((key) => `deploy.stream.${key}`)];
        if (taken.length) process.stderr.write(`from ${source}'s spec (no flag gives them): ${taken.join(', ')}\n`);
      }
      return target;
    }
  }
  const problems = deployTargetProblems(target);
  if (problems.length) throw new UserInputError(problems);
  return target;
}

function parseMode(value: string): DeployMode {
  if ((DEPLOY_MODES as readonly string[]).includes(value)) return value as DeployMode;
  throw new InvalidArgumentError(`expected ${DEPLOY_MODES.join(' or ')} (serve: an HTTP Deployment running autoflow serve; stream: autoflow stream on a Pub/Sub subscription, scaled by KEDA)`);
}

function parseReplicas(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of replicas >= 0');
  return n;
}

function budgetOf(opts: DeployOptions): DeployBudget {
  const budget: DeployBudget = { maxRecords: opts.maxRecords, tolerance: opts.tolerance, maxP50Ms: opts.maxP50Ms, maxP99Ms: opts.maxP99Ms, maxLabelChangeShare: opts.maxLabelChange };
  return Object.fromEntries(Object.entries(budget).filter(([, v]) => v !== undefined));
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function deployedText(result: DeployResult, manifestOut: string | undefined): string {
  const { check } = result;
  const t = check.timings;
  return [
    `${pc.green('DEPLOYED')} ${check.model.name}/${check.model.version} as @${result.alias} (was ${result.previousVersion ?? 'unset'})`,
    check.reason,
    `the check took ${seconds(t.totalMs)}: test server start ${seconds(t.serverStartMs)}, ${check.records} records in ${check.requests - check.latency.requests} batches ${seconds(t.batchesMs)} (p50 ${check.batchP50Ms.toFixed(1)} ms, p99 ${check.batchP99Ms.toFixed(1)} ms per batch), ${check.latency.requests} single-record requests ${seconds(t.latencyProbeMs)}`,
    `manifest${result.mode === 'stream' ? ' (autoflow stream, KEDA ScaledObject)' : ''}: ${manifestOut ?? result.manifestUri}`,
  ].join('\n');
}

/** Which of the four things the command does, with options that do not belong to it named. */
function modeOf(opts: DeployOptions): Mode {
  const chosen = MODES.filter(([, key]) => opts[key] !== undefined);
  if (chosen.length !== 1) {
    throw new UserInputError(
      chosen.length
        ? `give one of ${chosen.map(([, , flag]) => flag).join(', ')}, not several`
        : 'give --model NAME/VERSION to deploy one version, --watch NAME to deploy each new version, --describe-watch NAME or --unwatch NAME',
    );
  }
  const [mode, , flag] = chosen[0];
  for (const [key, name, modes] of ONLY_WITH) {
    if (opts[key] !== undefined && !modes.includes(mode)) throw new UserInputError(`${name} goes with ${modes.map((m) => MODES.find(([x]) => x === m)![2]).join(' or ')}, not with ${flag}`);
  }
  if (mode === 'describe' || mode === 'unwatch') {
    for (const [key, name] of [...BUDGET_FLAGS, ...STREAM_FLAGS]) if (opts[key] !== undefined) throw new UserInputError(`${name} goes with --model or --watch, not with ${flag}`);
  }
  if (opts.toAlias !== undefined && opts.alias !== 'production' && opts.toAlias !== opts.alias) throw new UserInputError(`--to-alias ${opts.toAlias} and --alias ${opts.alias} disagree: give one`);
  if (opts.fromAlias !== undefined && opts.fromAlias === (opts.toAlias ?? opts.alias)) throw new UserInputError(`--from-alias ${opts.fromAlias} is the alias the watch moves: give the alias a retraining moves (e.g. staging)`);
  return mode;
}

export function registerDeployCommand(program: Command): void {
  program
    .command('deploy')
    .description(
      'Serve a candidate model in a test server, check it over HTTP (answers, latency, labels changed against the champion), then move the alias and write a validated Kubernetes manifest; --watch does it for every new version, as a long-running Temporal workflow',
    )
    .option('-m, --model <reference>', 'the candidate: NAME/VERSION, NAME@ALIAS or NAME@latest')
    .option('-a, --alias <alias>', 'the alias to move on success', 'production')
    .option('--watch <name>', 'keep deploying each new version of NAME (a long-running Temporal workflow; one at a time, newest wins); attaches when that watch already runs')
    .option('--from-alias <alias>', 'with --watch: deploy each version this alias moves to (e.g. the staging a retraining hands over) instead of every new version')
    .option('--to-alias <alias>', 'with --watch, --describe-watch, --unwatch: the alias the watch moves (same as --alias; default production)')
    .option('--poll-interval <seconds>', 'with --watch: how often the registry is looked at (default 30)', parsePositiveNumber)
    .option('--detach', 'with --watch: start the watch and return (workers elsewhere run it)')
    .option('--describe-watch <name>', "show the watch of NAME: settings, what it does now, what it deployed, refused and skipped")
    .option('--unwatch <name>', 'stop the watch of NAME (aliases stay where they are)')
    .option('--max-records <n>', 'held-out records to send (default: the whole test split, up to 5000)', parsePositiveInt)
    .option('--tolerance <x>', 'allowed difference from the offline answers (default 1e-6)', parsePositiveNumber)
    .option('--max-p50-ms <ms>', "fail when the test server's median single-record latency is over this (default: the spec's deploy.maxP50Ms, else none)", parsePositiveNumber)
    .option('--max-p99-ms <ms>', "fail when its 99th-percentile single-record latency is over this (default: the spec's deploy.maxP99Ms, else none)", parsePositiveNumber)
    .option('--max-label-change <share>', "fail when more than this share of labels changes against the alias's current version, 0.05 = 5% (default: the spec's deploy.maxLabelChangeShare, else none)", parseShare)
    .option('--manifest-out <file>', 'also write the Kubernetes manifest here')
    .option('--mode <mode>', 'what the manifest runs: serve (an HTTP Deployment and Service) or stream (autoflow stream on --subscription, with a KEDA ScaledObject on its backlog); default serve', parseMode)
    .option('--subscription <name>', 'with --mode stream: the Pub/Sub subscription to score (NAME or projects/P/subscriptions/NAME)')
    .option('--output-topic <name>', 'with --mode stream: the topic for verdicts')
    .option('--dead-letter-topic <name>', 'with --mode stream: the topic for inputs that fail validation')
    .option('--project <id>', 'with --mode stream: the Google Cloud project of short names (default: the pods\' credentials\' project)')
    .option('--max-outstanding-messages <n>', 'with --mode stream: flow control, unacked messages per replica (default 1000)', parsePositiveInt)
    .option('--max-outstanding-bytes <bytes>', 'with --mode stream: flow control, unacked bytes per replica, e.g. 64mb (default; added to the memory request)', parseByteSize)
    .option('--backlog-per-replica <n>', 'with --mode stream: KEDA target, undelivered messages per replica (default 2000)', parsePositiveInt)
    .option('--min-replicas <n>', 'with --mode stream: fewest replicas KEDA keeps (default 1; 0 scales to zero)', parseReplicas)
    .option('--max-replicas <n>', 'with --mode stream: most replicas KEDA starts (default 10)', parsePositiveInt)
    .option('--smoke-check', 'with --mode stream: also score a few held-out records through Pub/Sub with the stream scorer, on the emulator of PUBSUB_EMULATOR_HOST (the default when it is set)')
    .option('--no-smoke-check', 'with --mode stream: skip that even when PUBSUB_EMULATOR_HOST is set')
    .option('--json', 'print the result as JSON (with --watch: one JSON line per version handled)')
    .option('--no-worker', 'do not run a worker in this process (workers run elsewhere)')
    .action(async (opts: DeployOptions) => {
      const mode = modeOf(opts);
      const target = mode === 'deploy' || mode === 'watch' ? await targetOf(opts) : {};
      const toAlias = opts.toAlias ?? opts.alias;
      if (mode === 'describe' || mode === 'unwatch') {
        const { withClient } = await import('../with-client.js');
        await withClient(async (client) => {
          const handle = client.deployWatches.get((opts.describeWatch ?? opts.unwatch)!, toAlias);
          if (mode === 'unwatch') {
            const { ended, status } = await handle.stop();
            printResult(opts.json, { watchId: handle.watchId, stopped: ended, status }, () =>
              ended ? `stopped ${handle.watchId}; aliases stay where they are` : `asked ${handle.watchId} to stop; it ends when a worker picks that up (status now: ${status.toLowerCase()})`,
            );
            return;
          }
          const { describeText } = await import('../follow-deploy-watch.js');
          const d = await handle.describe();
          printResult(opts.json, d, () => describeText(d.watchId, d.status, d.state));
        });
        return;
      }
      const { withLocalRuntime } = await import('../local-runtime.js');
      // A detached watch needs no worker here: the workers elsewhere run it.
      await withLocalRuntime({ worker: opts.worker && !opts.detach }, async ({ client, runtime }) => {
        if (mode === 'watch') {
          if (opts.detach && runtime.devServer) throw new UserInputError('--detach needs a lasting Temporal server: nothing answered, and the dev server this command would start ends with it (start one with `npx autoflow server` and workers with `npx autoflow worker`)');
          const input: DeployWatchInput = { name: opts.watch!, fromAlias: opts.fromAlias, toAlias, pollSeconds: opts.pollInterval ?? 30, budget: budgetOf(opts), ...target };
          const handle = await client.deployWatches.start(input);
          const source = opts.fromAlias ? `moves of ${opts.watch}@${opts.fromAlias}` : `new versions of ${opts.watch}`;
          process.stderr.write(`${handle.started ? 'started' : 'attached to'} ${handle.watchId}: deploying ${source} to @${toAlias}${runtime.uiUrl ? ` (${runtime.uiUrl}/namespaces/${runtime.namespace}/workflows/${handle.watchId})` : ''}\n`);
          if (!handle.started) warnIfSettingsDiffer(await handle.state().catch(() => undefined), input);
          if (opts.detach) {
            if (opts.json) printJson({ watchId: handle.watchId, started: handle.started });
            return;
          }
          const { followDeployWatch } = await import('../follow-deploy-watch.js');
          await followDeployWatch(handle, { json: opts.json, name: opts.watch!, toAlias });
          return;
        }
        const run = await client.startDeploy({ ...budgetOf(opts), ...target, candidate: opts.model!, alias: opts.alias });
        process.stderr.write(`deploy ${run.deployId} started: checking ${opts.model} over HTTP${target.mode === 'stream' ? ' for autoflow stream' : ''}\n`);
        const result = await run.result();
        if (opts.manifestOut && result.manifest) {
          const { writeFile } = await import('node:fs/promises');
          await writeFile(opts.manifestOut, result.manifest);
        }
        printResult(opts.json, result, () => deployedText(result, opts.manifestOut));
      });
    });
}

/** Attaching keeps the running watch's settings: say so when the ones typed now differ. */
function warnIfSettingsDiffer(state: { input?: Omit<DeployWatchInput, 'state'> } | undefined, wanted: DeployWatchInput): void {
  const running = state?.input;
  if (!running) return;
  const same =
    running.fromAlias === wanted.fromAlias &&
    running.pollSeconds === wanted.pollSeconds &&
    JSON.stringify(running.budget ?? {}) === JSON.stringify(wanted.budget ?? {}) &&
    (running.mode ?? 'serve') === (wanted.mode ?? 'serve') &&
    JSON.stringify(running.stream ?? {}) === JSON.stringify(wanted.stream ?? {});
  if (!same) process.stderr.write(pc.yellow(`the running watch keeps its own settings (${JSON.stringify({ fromAlias: running.fromAlias, pollSeconds: running.pollSeconds, budget: running.budget, mode: running.mode, stream: running.stream })}); stop it with --unwatch to start one with these\n`));
}
