/**
 * `autoflow deploy --watch` in the foreground: one line per version the watch handles
 * (deployed, refused, skipped), read from its query every two seconds; with --json one JSON
 * object per line (NDJSON) that scripts can read as it happens. Runs until Ctrl-C or until
 * the watch ends; the watch itself lives in Temporal and outlasts this process.
 */
import pc from 'picocolors';
import type { DeployWatchHandle } from '../client/deploy-watches.js';
import type { WatchOutcome } from '../workflows/deploy-types.js';

const POLL_MS = 2000;

function outcomeLine(o: WatchOutcome): string {
  const tag = o.outcome === 'deployed' ? pc.green('DEPLOYED') : o.outcome === 'refused' ? pc.red('REFUSED') : pc.yellow('SKIPPED');
  return `${tag} version ${o.version}: ${o.reason}${o.manifestUri ? `\n  manifest: ${o.manifestUri}` : ''}`;
}

export async function followDeployWatch(handle: DeployWatchHandle, options: { json?: boolean; name: string }): Promise<void> {
  const seen = new Set<string>();
  let status = '';
  process.once('SIGINT', () => {
    process.stderr.write(`\nthe watch ${handle.watchId} stays in Temporal and goes on whenever a worker runs; stop it with \`autoflow deploy --unwatch ${options.name}\`\n`);
  });
  for (;;) {
    const { running, status: runStatus } = await handle.running();
    const state = await handle.state().catch(() => undefined);
    for (const o of state?.outcomes ?? []) {
      const key = `${o.version}:${o.outcome}`;
      if (seen.has(key)) continue;
      seen.add(key);
      process.stdout.write(options.json ? `${JSON.stringify(o)}\n` : `${outcomeLine(o)}\n`);
    }
    if (state && state.status !== status && !options.json) process.stderr.write(`${pc.dim(state.status)}\n`);
    status = state?.status ?? status;
    if (!running) {
      // Its failure (an unknown model, say) is the error the user sees.
      if (runStatus !== 'COMPLETED' && runStatus !== 'CONTINUED_AS_NEW') await handle.result();
      return;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
