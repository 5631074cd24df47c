import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTemporalTarget, setTemporalOverrides, type TemporalTarget } from '../../../client/connection-config.js';
import { buildProgram } from '../../../cli/program.js';

/** Runs a probe command under the real program, so its preAction hook applies the global flags. */
async function targetSeenBy(args: string[]): Promise<TemporalTarget> {
  const program = buildProgram({ writeOut: () => {}, writeErr: () => {} });
  let seen: TemporalTarget | undefined;
  program.command('probe').action(() => {
    seen = loadTemporalTarget();
  });
  await program.parseAsync(args, { from: 'user' });
  if (!seen) throw new Error('probe did not run');
  return seen;
}

describe('--address and --namespace', () => {
  const saved = { address: process.env.TEMPORAL_ADDRESS, namespace: process.env.TEMPORAL_NAMESPACE };
  beforeEach(() => {
    process.env.TEMPORAL_ADDRESS = 'from-env:7233';
    process.env.TEMPORAL_NAMESPACE = 'env-ns';
  });
  afterEach(() => {
    for (const [key, value] of [['TEMPORAL_ADDRESS', saved.address], ['TEMPORAL_NAMESPACE', saved.namespace]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    setTemporalOverrides({});
  });

  it('without flags, the environment decides', async () => {
    const target = await targetSeenBy(['probe']);
    expect(target).toMatchObject({ address: 'from-env:7233', namespace: 'env-ns', explicit: true });
  });

  it('win over TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE, after the command as before it', async () => {
    for (const args of [['probe', '--address', '127.0.0.1:1234', '--namespace', 'flag-ns'], ['--address', '127.0.0.1:1234', '--namespace', 'flag-ns', 'probe']]) {
      const target = await targetSeenBy(args);
      expect(target.address).toBe('127.0.0.1:1234');
      expect(target.connectionOptions.address).toBe('127.0.0.1:1234');
      expect(target.namespace).toBe('flag-ns');
      expect(target.explicit).toBe(true);
    }
  });

  it('yield to a caller that connects somewhere on purpose (a dev server it just started)', () => {
    setTemporalOverrides({ address: '127.0.0.1:1234' });
    expect(loadTemporalTarget({ address: '127.0.0.1:5678' }).address).toBe('127.0.0.1:5678');
  });

  it('make a named address explicit even with nothing in the environment', () => {
    delete process.env.TEMPORAL_ADDRESS;
    setTemporalOverrides({ address: '127.0.0.1:1234' });
    expect(loadTemporalTarget()).toMatchObject({ address: '127.0.0.1:1234', explicit: true });
  });
});
