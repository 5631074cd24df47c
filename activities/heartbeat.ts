import { Context } from '@temporalio/activity';

/**
 * Heartbeats on a timer while `work` runs, with the latest progress as details. Training runs
 * in a thread, so this event loop stays free and the server keeps hearing from us.
 */
export async function withHeartbeats<T>(work: (report: (details: Record<string, unknown>) => void) => Promise<T>): Promise<T> {
  const ctx = Context.current();
  // Several beats per timeout window, so one delayed beat never looks like a dead worker;
  // cancellation is also delivered on these beats, so they bound how fast a stop is seen.
  const everyMs = Math.min(5000, Math.max(200, (ctx.info.heartbeatTimeoutMs ?? 60_000) / 4));
  let latest: Record<string, unknown> = {};
  const timer = setInterval(() => ctx.heartbeat(latest), everyMs);
  try {
    ctx.heartbeat(latest);
    return await work((details) => {
      latest = details;
      ctx.heartbeat(details);
    });
  } finally {
    clearInterval(timer);
  }
}
