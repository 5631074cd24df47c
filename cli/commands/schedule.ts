/** `autoflow schedule …` and `autoflow retrain`: scheduled retraining from the command line. */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { withClient } from '../with-client.js';
import type { OverlapPolicyName } from '../../client/retrain-schedules.js';
import type { RetrainResult } from '../../retraining/types.js';


const collect = (value: string, previous: string[] = []) => [...previous, value];
const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
const print = (json: boolean | undefined, value: unknown, text: () => string) => (json ? printJson(value) : process.stdout.write(`${text()}\n`));

export function retrainSummary(r: RetrainResult): string {
  const lines = [
    `${pc.bold(r.retrainId)} on ${r.dataUri}`,
    `validation: ${r.validation.results.map((x) => `${x.rule} ${x.passed ? 'ok' : 'FAILED'}`).join(', ')}`,
  ];
  if (r.drift?.worst) lines.push(`drift: worst ${r.drift.worst.column} ${r.drift.worst.statistic}=${r.drift.worst.value.toFixed(3)} (${r.drift.worst.level})`);
  else if (r.drift?.skipped) lines.push(`drift: skipped (${r.drift.skipped})`);
  lines.push(`search ${r.search.searchId}: ${r.search.trials} trials, best validation ${r.search.metric} ${r.search.bestValue.toFixed(4)}`);
  lines.push(`${r.decision.promote ? pc.green('PROMOTED') : pc.yellow('KEPT CHAMPION')}: ${r.decision.reason}`);
  return lines.join('\n');
}

export function registerScheduleCommands(program: Command): void {
  program
    .command('retrain')
    .description('Retrain now: validate the newest data, measure drift, search, and promote the challenger only if it beats the champion')
    .requiredOption('-s, --spec <file>', 'experiment spec with a `retrain` block')
    .option('--json', 'print the result as JSON')
    .option('--no-worker', 'do not run a worker in this process (workers run elsewhere)')
    .action(async (opts: { spec: string; json?: boolean; worker: boolean }) => {
      const { parseSpecFile } = await import('../../spec/parse-spec-file.js');
      const { resolveExperiment } = await import('../../spec/resolve-experiment.js');
      const { withLocalRuntime } = await import('../local-runtime.js');
      const spec = await parseSpecFile(opts.spec);
      const baseDir = dirname(resolve(opts.spec));
      // A spec that does not fit the newest data fails here, before a server or a workflow starts.
      await resolveExperiment(spec, baseDir);
      await withLocalRuntime({ worker: opts.worker }, async ({ client }) => {
        const run = await client.startRetrain(spec, baseDir);
        process.stderr.write(`retrain ${run.retrainId} started\n`);
        const result = await run.result();
        print(opts.json, result, () => retrainSummary(result));
      });
    });

  program
    .command('deploy')
    .description('Serve a candidate model in a test server, check it over HTTP against its offline scores, then move the alias and write a Kubernetes manifest')
    .requiredOption('-m, --model <reference>', 'the candidate: NAME/VERSION, NAME@ALIAS or NAME@latest')
    .option('-a, --alias <alias>', 'the alias to move on success', 'production')
    .option('--manifest-out <file>', 'also write the Kubernetes manifest here')
    .option('--json', 'print the result as JSON')
    .option('--no-worker', 'do not run a worker in this process (workers run elsewhere)')
    .action(async (opts: { model: string; alias: string; manifestOut?: string; json?: boolean; worker: boolean }) => {
      const { withLocalRuntime } = await import('../local-runtime.js');
      await withLocalRuntime({ worker: opts.worker }, async ({ client }) => {
        const run = await client.startDeploy({ candidate: opts.model, alias: opts.alias });
        process.stderr.write(`deploy ${run.deployId} started: checking ${opts.model} over HTTP\n`);
        const result = await run.result();
        if (opts.manifestOut && result.manifest) {
          const { writeFile } = await import('node:fs/promises');
          await writeFile(opts.manifestOut, result.manifest);
        }
        print(opts.json, result, () => `${pc.green('DEPLOYED')} ${result.check.model.name}/${result.check.model.version} as @${result.alias} (was ${result.previousVersion ?? 'unset'})\n${result.check.reason}\np50 ${result.check.p50Ms.toFixed(1)} ms, p99 ${result.check.p99Ms.toFixed(1)} ms per request\nmanifest: ${opts.manifestOut ?? result.manifestUri}`);
      });
    });

  const schedule = program.command('schedule').description('Scheduled retraining with Temporal Schedules');

  schedule
    .command('create')
    .description('Create a schedule that retrains a model from a spec')
    .argument('<scheduleId>', 'a name for the schedule')
    .requiredOption('-s, --spec <file>', 'experiment spec with a `retrain` block (data.source may be a pattern: the newest match is used)')
    .option('--cron <expr>', 'cron expression, repeatable (e.g. "0 3 * * 1")', collect)
    .option('--every <duration>', 'interval, repeatable (e.g. 7d, 12h)', collect)
    .option('--timezone <tz>', 'time zone for cron expressions (e.g. Asia/Tokyo)')
    .option('--overlap <policy>', 'when a retrain is still running at the next firing: skip, buffer-one, buffer-all, cancel-other, terminate-other, allow-all', 'skip')
    .option('--catchup-window <duration>', 'how far back missed firings are caught up after an outage (e.g. 1h)')
    .option('--paused', 'create it paused')
    .option('--note <text>', 'a note shown with the schedule')
    .option('--json', 'print the created schedule as JSON')
    .action(async (scheduleId: string, opts: { spec: string; cron?: string[]; every?: string[]; timezone?: string; overlap: OverlapPolicyName; catchupWindow?: string; paused?: boolean; note?: string; json?: boolean }) => {
      const { parseSpecFile } = await import('../../spec/parse-spec-file.js');
      const { resolveExperiment } = await import('../../spec/resolve-experiment.js');
      const { checkScheduleOptions } = await import('../../client/retrain-schedules.js');
      // Before the spec, the data and the server: the quickest mistakes to report.
      checkScheduleOptions(opts);
      const spec = await parseSpecFile(opts.spec);
      const baseDir = dirname(resolve(opts.spec));
      // Check the spec against today's newest data now, not at 3 a.m. next Monday.
      await resolveExperiment(spec, baseDir);
      await withClient(async (client) => {
        await client.schedules.create({ scheduleId, spec, baseDir, cron: opts.cron, every: opts.every, timezone: opts.timezone, overlap: opts.overlap, catchupWindow: opts.catchupWindow, paused: opts.paused, note: opts.note });
        const view = await client.schedules.describe(scheduleId);
        if (opts.json) printJson(view);
        else process.stderr.write(`schedule ${pc.bold(scheduleId)} created; next runs: ${view.nextRuns.slice(0, 3).join(', ') || '(paused)'}\n`);
      });
    });

  schedule
    .command('list')
    .description('List retraining schedules')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) =>
      withClient(async (client) => {
        const rows = await client.schedules.list();
        print(opts.json, rows.map((r) => ({ scheduleId: r.scheduleId, paused: r.state.paused, note: r.state.note, nextRuns: r.info?.nextActionTimes?.map((t) => t.toISOString()) ?? [] })), () =>
          rows.length === 0 ? 'no retraining schedules' : rows.map((r) => `${r.scheduleId.padEnd(32)} ${r.state.paused ? 'paused ' : 'active '} next ${r.info?.nextActionTimes?.[0]?.toISOString() ?? '-'}`).join('\n'),
        );
      }),
    );

  schedule
    .command('describe')
    .description('Show a schedule: calendar, policy, next and recent runs')
    .argument('<scheduleId>')
    .option('--json', 'print as JSON')
    .action(async (scheduleId: string, opts: { json?: boolean }) =>
      withClient(async (client) => {
        const v = await client.schedules.describe(scheduleId);
        print(opts.json, v, () =>
          [
            `${pc.bold(v.scheduleId)} ${v.paused ? pc.yellow('paused') : pc.green('active')}${v.note ? ` (${v.note})` : ''}`,
            `cron: ${v.spec.cron.join(' | ') || '-'}  every: ${v.spec.intervals.join(' | ') || '-'}  timezone: ${v.spec.timezone ?? 'UTC'}  overlap: ${v.overlap}`,
            `next: ${v.nextRuns.join(', ') || '-'}`,
            `running: ${v.runningWorkflows.join(', ') || '-'}`,
            `recent: ${v.recentRuns.map((r) => r.workflowId).join(', ') || '-'}`,
          ].join('\n'),
        );
      }),
    );

  for (const [name, description] of [
    ['pause', 'Pause a schedule (no firings until resumed)'],
    ['resume', 'Resume a paused schedule'],
    ['trigger', 'Retrain now through the schedule'],
    ['delete', 'Delete a schedule (running retrains finish)'],
  ] as const) {
    schedule
      .command(name)
      .description(description)
      .argument('<scheduleId>')
      .option('--note <text>', 'recorded with pause/resume')
      .option('--json', 'print what was done as JSON')
      .action(async (scheduleId: string, opts: { note?: string; json?: boolean }) =>
        withClient(async (client) => {
          const s = client.schedules;
          if (name === 'pause') await s.pause(scheduleId, opts.note);
          else if (name === 'resume') await s.resume(scheduleId, opts.note);
          else if (name === 'trigger') await s.trigger(scheduleId);
          else await s.delete(scheduleId);
          if (opts.json) printJson({ scheduleId, action: name, note: opts.note ?? null });
          else process.stderr.write(`${name}: ${scheduleId}\n`);
        }),
      );
  }
}
