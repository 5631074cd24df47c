/**
 * `autoflow deploy --watch` in the foreground: one line per version the watch handles
 * (deployed, refused, skipped) on stdout, read from its query every two seconds, and what it
 * is doing now on stderr; with --json one JSON object per line (JSON Lines) that scripts can
 * read as it happens. Runs until Ctrl-C or until the watch ends; the watch itself lives in
 * Temporal and outlasts this process whenever a worker elsewhere runs it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pc from 'picocolors';
import type { DeployWatchHandle } from '../client/deploy-watches.js';
import type { DeployWatchState, WatchOutcome } from '../workflows/deploy-types.js';

const POLL_MS = 2000;

export function outcomeLine(o: WatchOutcome): string {
  const tag = o.outcome === 'deployed' ? pc.green('DEPLOYED') : o.outcome === 'refused' ? pc.red('REFUSED') : pc.yellow('SKIPPED');
  return `${tag} version ${o.version}: ${o.reason}${o.manifestUri ? `\n  manifest: ${o.manifestUri}` : ''}`;
}

/** The human form of `--describe-watch`. */
export function describeText(watchId: string, status: string, state: DeployWatchState | null): string {
  if (!state) return `${pc.bold(watchId)} ${status.toLowerCase()}; no worker answered its query (start one with \`autoflow worker\`)`;
  const s = state.input;
  const source = s?.fromAlias ? `moves of ${s.name}@${s.fromAlias}` : `new versions of ${s?.name ?? '?'}`;
  const budget = Object.entries(s?.budget ?? {}).map(([k, v]) => `${k} ${v}`).join(', ');
  // Watches started before streaming mode have no mode: they write serve manifests.
  const target = s?.mode === 'stream' ? `mode stream: subscription ${s.stream?.subscription ?? '?'}, output topic ${s.stream?.outputTopic ?? '?'}` : 'mode serve';
  return [
    `${pc.bold(watchId)} ${status === 'RUNNING' ? pc.green('running') : pc.yellow(status.toLowerCase())}: ${source} -> @${s?.toAlias ?? 'production'}, looking every ${s?.pollSeconds ?? 30} s${budget ? `; budget: ${budget}` : ''}`,
    target,
    `now: ${state.status}`,
    `deployed ${state.counts.deployed}, refused ${state.counts.refused}, skipped ${state.counts.skipped}; last handled: ${state.lastHandled ?? '(none yet)'}`,
    ...state.outcomes.slice(-10).map(outcomeLine),
  ].join('\n');
}

export async function followDeployWatch(handle: DeployWatchHandle, options: { json?: boolean; name: string; toAlias: string }): Promise<void> {
  const seen = new Set<string>();
  let status = '';
  const interrupted = new AbortController();
  // Ctrl-C ends the following, not the watch: this process shuts its worker down and exits.
  const onSigint = () => {
    process.stderr.write(`\nthe watch ${handle.watchId} stays in Temporal and goes on whenever a worker runs; stop it with \`autoflow deploy --unwatch ${options.name} --to-alias ${options.toAlias}\`\n`);
    interrupted.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    while (!interrupted.signal.aborted) {
      const { running, status: runStatus } = await handle.running();
      const state = await handle.state().catch(() => undefined);
      for (const o of state?.outcomes ?? []) {
        const key = `${o.version}:${o.outcome}:${o.deployId ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        process.stdout.write(options.json ? `${JSON.stringify(o)}\n` : `${outcomeLine(o)}\n`);
      }
      if (state && state.status !== status) process.stderr.write(`${pc.dim(state.status)}\n`);
      status = state?.status ?? status;
      if (!running) {
        // Its failure (an unknown model, say) is the error the user sees; a stopped watch is no error.
        if (runStatus === 'FAILED' || runStatus === 'TIMED_OUT') await handle.result();
        process.stderr.write(`the watch ${handle.watchId} has ended (${runStatus.toLowerCase()})\n`);
        return;
      }
      await sleep(POLL_MS, undefined, { signal: interrupted.signal }).catch(() => undefined);
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}
