import { afterEach, describe, expect, it, vi } from 'vitest';
import { autoflowRuntimeOptions, logLevelFromEnv } from '../../../worker/logger.js';

describe('the project logger for Temporal', () => {
  afterEach(() => vi.restoreAllMocks());

  it('forwards core (Rust) logs to itself instead of letting core print them on stdout', () => {
    const options = autoflowRuntimeOptions('WARN');
    const logging = options.telemetryOptions?.logging as { forward?: object; console?: object; filter?: unknown } | undefined;
    expect(logging?.forward).toBeDefined();
    expect(logging?.console).toBeUndefined();
    expect(logging?.filter).toEqual({ core: 'WARN', other: 'WARN' });
  });

  it('writes to stderr only, at its level', () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { logger } = autoflowRuntimeOptions('WARN');
    logger!.warn('TMPRL1104 Workflow task duration exceeded 5 seconds', { taskQueue: 'q' });
    logger!.info('not shown at WARN');
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(String(stderr.mock.calls[0][0])).toMatch(/\[WARN\] TMPRL1104 .*taskQueue/);
  });

  it('reads AUTOFLOW_LOG_LEVEL, else the command default', () => {
    expect(logLevelFromEnv('ERROR', {})).toBe('ERROR');
    expect(logLevelFromEnv('ERROR', { AUTOFLOW_LOG_LEVEL: 'warn' })).toBe('WARN');
    expect(logLevelFromEnv('INFO', { AUTOFLOW_LOG_LEVEL: 'DEBUG' })).toBe('DEBUG');
    expect(logLevelFromEnv('INFO', { AUTOFLOW_LOG_LEVEL: 'loud' })).toBe('INFO');
  });
});
