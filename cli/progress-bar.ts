/**
 * A progress bar for searches on an interactive terminal (stderr), with trial lines printed
 * above it; plain lines when stderr is not a TTY (CI logs, pipes).
 */
import cliProgress from 'cli-progress';
import type { SearchProgress } from '../workflows/types.js';

export interface SearchProgressView {
  line(text: string): void;
  update(p: SearchProgress): void;
  stop(): void;
}

export function createProgressView(stream: NodeJS.WriteStream = process.stderr): SearchProgressView {
  if (!stream.isTTY) {
    return { line: (text) => stream.write(`${text}\n`), update: () => {}, stop: () => {} };
  }
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: ' {bar} {value}/{total} trials | {running} running | {pruned} pruned | {failed} failed | best {best} | {status}',
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | undefined;
  return {
    line: (text) => multi.log(`${text}\n`),
    update: (p) => {
      const payload = {
        running: p.trialsRunning,
        failed: p.trialsFailed,
        pruned: p.trialsPruned,
        best: p.best ? `${p.metric} ${p.best.value.toFixed(4)}` : '-',
        status: p.status,
      };
      const done = p.trialsDone + p.trialsFailed + p.trialsPruned;
      if (!bar) bar = multi.create(p.maxTrials, done, payload);
      else bar.update(done, payload);
    },
    stop: () => multi.stop(),
  };
}

/** A static bar for snapshots (`autoflow status` without --watch). */
export function textBar(done: number, total: number, width = 30): string {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`;
}
