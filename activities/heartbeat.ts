import { Context } from '@temporalio/activity';

/**
 * Heartbeats on a timer while `work` runs, with the latest progress as details. Training runs
 * in a thread, so this event loop stays free and the server keeps hearing from us.
 */
export async function withHeartbeats<T>(work: (report: (details: Record<string, unknown>) => void) => Promise<T>, everyMs = 5000): Promise<T> {
  const ctx = Context.current();
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
