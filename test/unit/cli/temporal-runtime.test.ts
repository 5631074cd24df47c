import { describe, expect, it } from 'vitest';
import { TemporalUnreachableError, type TemporalTarget } from '../../../client/connection-config.js';
import { freePort } from '../../../devserver/dev-server.js';
import { ensureTemporal } from '../../../cli/temporal-runtime.js';

async function closedTarget(explicit: boolean): Promise<TemporalTarget> {
  const address = `127.0.0.1:${await freePort()}`;
  return { address, namespace: 'default', connectionOptions: { address }, explicit };
}

describe('getting a Temporal server', () => {
  it('with --no-worker, refuses to start a throwaway server nobody would work for', async () => {
    const target = await closedTarget(false);
    const started = Date.now();
    const error = await ensureTemporal({ target, startLocal: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemporalUnreachableError);
    expect((error as Error).message).toContain(`cannot reach a Temporal server at ${target.address}`);
    expect((error as Error).message).toContain('--no-worker');
    expect((error as Error).message).toContain('npx autoflow server');
    // Nothing was started: the answer comes from a quick probe, not a server's start-up.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports an explicitly named server that does not answer, naming it', async () => {
    const target = await closedTarget(true);
    const error = await ensureTemporal({ target }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemporalUnreachableError);
    expect((error as Error).message).toContain(target.address);
    expect((error as Error).message).toContain('--address');
  }, 15_000);
});
