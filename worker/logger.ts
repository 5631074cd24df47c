/**
 * The one logger for Temporal's SDK and its Rust core: plain lines on stderr, at
 * AUTOFLOW_LOG_LEVEL. Core lines are forwarded into it because, left alone, core prints them
 * itself on stdout (a `TMPRL1104 Workflow task duration exceeded` warning landed before the
 * JSON document of `autoflow run --json`).
 */
import { inspect } from 'node:util';
import { DefaultLogger, Runtime, type LogEntry, type LogLevel, type RuntimeOptions } from '@temporalio/worker';

const LEVELS: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

/** AUTOFLOW_LOG_LEVEL=trace|debug|info|warn|error, else the command's own default. */
export function logLevelFromEnv(fallback: LogLevel, env: NodeJS.ProcessEnv = process.env): LogLevel {
  return LEVELS[(env.AUTOFLOW_LOG_LEVEL ?? '').toLowerCase()] ?? fallback;
}

function writeToStderr({ level, message, meta }: LogEntry): void {
  process.stderr.write(`${new Date().toISOString()} [${level}] ${message}${meta ? ` ${inspect(meta, { breakLength: Infinity })}` : ''}\n`);
}

export function createAutoflowLogger(level: LogLevel): DefaultLogger {
  return new DefaultLogger(level, writeToStderr);
}

/** What `installAutoflowRuntime` hands to `Runtime.install`, apart for tests. */
export function autoflowRuntimeOptions(level: LogLevel): RuntimeOptions {
  return {
    logger: createAutoflowLogger(level),
    // `forward` routes core's lines through the logger above; the filter drops below-level
    // lines in Rust already, before they cross into JavaScript.
    telemetryOptions: { logging: { forward: {}, filter: { core: level, other: level } } },
  };
}

let installed = false;

/**
 * Installs the Runtime with the project logger. Must run before any NativeConnection, Worker
 * or SDK-started dev server exists (they instantiate a default Runtime that logs to stdout).
 * `defaultLevel` is the command's: `run` hides the worker's WARN traces (it reports failed
 * trials itself), a `worker` process shows INFO.
 */
export function installAutoflowRuntime(defaultLevel: LogLevel): void {
  if (installed) return;
  installed = true;
  Runtime.install(autoflowRuntimeOptions(logLevelFromEnv(defaultLevel)));
}
