/** `autoflow schedule …`: scheduled retraining on Temporal Schedules, from the command line. */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { withClient } from '../with-client.js';
import type { OverlapPolicyName } from '../../client/retrain-schedules.js';
import { printJson, printResult } from '../print-result.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerScheduleCommands(program: Command): void {
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
      const { parseSpecFile } = await import('../../experiment-spec/parse-spec-file.js');
      const { resolveExperiment } = await import('../../experiment-spec/resolve-experiment.js');
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
        printResult(opts.json, rows.map((r) => ({ scheduleId: r.scheduleId, paused: r.state.paused, note: r.state.note, nextRuns: r.info?.nextActionTimes?.map((t) => t.toISOString()) ?? [] })), () =>
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
        printResult(opts.json, v, () =>
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
