/** `autoflow status`, `list`, `cancel` and `stop`: look at and steer searches on the server. */
import type { Command } from 'commander';
import pc from 'picocolors';
import { withClient } from '../with-client.js';
import type { AutoflowClient, SearchHandle } from '../../client/autoflow-client.js';
import { UserInputError } from '../../core/errors.js';
import type { SearchProgress } from '../../workflows/types.js';
import { textBar } from '../progress-bar.js';
import { leaderboardTable } from '../search-output.js';
import { parsePositiveInt } from '../option-values.js';


/** Live progress when a worker answers the query; otherwise what the result or server records say. */
async function snapshot(client: AutoflowClient, search: SearchHandle): Promise<SearchProgress | undefined> {
  try {
    // A gRPC deadline, not a race: a query left retrying in the background crashed the process
    // ("Channel has been shut down") once the watch ended and the connection closed under it.
    return await client.connection.withDeadline(Date.now() + 5000, () => search.progress());
  } catch {
    return undefined;
  }
}

function renderProgress(p: SearchProgress): string {
  const lines = [
    `${pc.bold(p.searchId)} (${p.experiment}) ${p.status}`,
    `${textBar(p.trialsDone + p.trialsFailed + p.trialsPruned, p.maxTrials)} trials, ${p.trialsRunning} running, ${p.trialsPruned} pruned, ${p.trialsFailed} failed`,
  ];
  if (p.best) lines.push(`best: trial ${p.best.trialNumber}, ${p.metric} ${p.best.value.toFixed(4)}`);
  if (p.stopReason) lines.push(`stop: ${p.stopReason}`);
  if (p.leaderboard.length) lines.push('', leaderboardTable(p.leaderboard, p.metric));
  return lines.join('\n');
}

async function ensureExists(search: SearchHandle): Promise<void> {
  try {
    await search.describe();
  } catch (e) {
    if ((e as Error).name === 'WorkflowNotFoundError') throw new UserInputError(`no search with id ${search.searchId} (see \`autoflow list\`)`);
    throw e;
  }
}

export function registerSearchCommands(program: Command): void {
  program
    .command('status')
    .description('Show a search: progress bar, best score and leaderboard')
    .argument('<searchId>', 'the search id (the workflow id printed by `autoflow run`)')
    .option('--json', 'print the progress as JSON (with --watch: one JSON object per line)')
    .option('-w, --watch', 'refresh until the search ends')
    .action(async (searchId: string, opts: { json?: boolean; watch?: boolean }) =>
      withClient(async (client) => {
        const search = client.getSearch(searchId);
        await ensureExists(search);
        for (;;) {
          const summary = await search.describe();
          const progress = await snapshot(client, search);
          // With --watch, one compact object per line (JSON Lines) so a script can read each refresh.
          if (opts.json) process.stdout.write(`${JSON.stringify({ ...summary, progress: progress ?? null }, null, opts.watch ? undefined : 2)}\n`);
          else if (progress) process.stdout.write(`${renderProgress(progress)}\n`);
          else process.stdout.write(`${summary.searchId} ${summary.runStatus} (${summary.status ?? 'unknown'}): ${summary.trialsDone ?? 0} trials, best ${summary.bestScore ?? '-'} (no worker answered for details)\n`);
          if (!opts.watch || summary.runStatus !== 'RUNNING') return;
          await new Promise((r) => setTimeout(r, 2000));
          if (!opts.json) process.stdout.write('\n');
        }
      }),
    );

  program
    .command('list')
    .description('List searches, retrains and deploys, newest first')
    .option('--json', 'print as JSON')
    .option('-n, --limit <n>', 'how many', parsePositiveInt, 20)
    .option('--experiment <name>', 'only this experiment')
    .action(async (opts: { json?: boolean; limit: number; experiment?: string }) =>
      withClient(async (client) => {
        const query = opts.experiment ? `AutoflowExperiment = '${opts.experiment.replace(/'/g, "\\'")}'` : undefined;
        const rows = await client.listRuns({ limit: opts.limit, query });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write('no searches, retrains or deploys yet\n');
          return;
        }
        for (const r of rows) {
          process.stdout.write(
            `${r.kind.padEnd(12)} ${r.searchId.padEnd(48)} ${r.runStatus.padEnd(10)} ${(r.status ?? '').padEnd(10)} trials ${String(r.trialsDone ?? 0).padStart(4)}  best ${r.bestScore?.toFixed(4) ?? '-'}  ${r.startTime}\n`,
          );
        }
      }),
    );

  program
    .command('cancel')
    .description('Cancel a search: running trials stop, the partial leaderboard is kept')
    .argument('<searchId>')
    .option('--json', 'print the request as JSON')
    .action(async (searchId: string, opts: { json?: boolean }) =>
      withClient(async (client) => {
        const search = client.getSearch(searchId);
        await ensureExists(search);
        await search.cancel();
        if (opts.json) process.stdout.write(`${JSON.stringify({ searchId, requested: 'cancel' })}\n`);
        else process.stderr.write(`cancellation requested for ${searchId}\n`);
      }),
    );

  program
    .command('stop')
    .description('Stop launching trials; the best so far is refitted and registered as usual')
    .argument('<searchId>')
    .option('--reason <text>', 'recorded as the stop reason')
    .option('--json', 'print the request as JSON')
    .action(async (searchId: string, opts: { reason?: string; json?: boolean }) =>
      withClient(async (client) => {
        const search = client.getSearch(searchId);
        await ensureExists(search);
        await search.stop(opts.reason);
        if (opts.json) process.stdout.write(`${JSON.stringify({ searchId, requested: 'stop', reason: opts.reason ?? null })}\n`);
        else process.stderr.write(`stop requested for ${searchId}\n`);
      }),
    );
}
