import { InvalidArgumentError, type Command } from 'commander';
import { parseByteSize, parsePort, parsePositiveInt, parseSeconds } from '../option-values.js';

interface StreamOptions {
  model: string;
  registry?: string;
  subscription: string;
  outputTopic: string;
  deadLetterTopic: string;
  project?: string;
  batchSize: number;
  batchWait: number;
  maxOutstandingMessages: number;
  maxOutstandingBytes: number;
  pollInterval: number;
  metricsHost: string;
  metricsPort: number;
  drainTimeout: number;
  progress: boolean;
  leanMemory: boolean;
}

export function registerStreamCommand(program: Command): void {
  program
    .command('stream')
    .description('Score a Pub/Sub subscription in micro-batches: one verdict per input on the output topic, inputs acked only after their verdict is published, following the model alias as it moves')
    .requiredOption('-m, --model <ref>', 'model reference: NAME@ALIAS, NAME/VERSION or NAME (= latest)')
    .requiredOption('--subscription <name>', 'subscription to score: NAME or projects/P/subscriptions/NAME', parseResourceName('subscriptions'))
    .requiredOption('--output-topic <name>', 'topic for verdicts: NAME or projects/P/topics/NAME', parseResourceName('topics'))
    .requiredOption('--dead-letter-topic <name>', 'topic for inputs that fail validation (the reason in the autoflow_error attribute)', parseResourceName('topics'))
    .option('--project <id>', 'Google Cloud project of short names (default: from Application Default Credentials or GOOGLE_CLOUD_PROJECT)')
    .option('--registry <uri>', 'registry root: a directory, file:// or gs://bucket/prefix (default: AUTOFLOW_REGISTRY or .autoflow/registry)')
    .option('--batch-size <n>', 'messages per scoring batch', parsePositiveInt, 256)
    .option('--batch-wait <ms>', 'longest a message waits for its batch to fill, in milliseconds', parseMilliseconds, 2)
    .option('--max-outstanding-messages <n>', 'flow control: unacked messages held at once', parsePositiveInt, 1000)
    .option('--max-outstanding-bytes <bytes>', 'flow control: unacked message bytes held at once, e.g. 100mb', parseByteSize, 100 * 1024 * 1024)
    .option('--poll-interval <seconds>', 'how often to check the registry for a moved alias (0 = never)', parseSeconds, 5)
    .option('--metrics-host <host>', 'address of the /metrics, /healthz and /readyz endpoints; 0.0.0.0 for Prometheus on other machines', '127.0.0.1')
    .option('--metrics-port <port>', 'port of those endpoints (0 = any free port)', parsePort, 9464)
    .option('--drain-timeout <seconds>', 'on SIGTERM, how long to finish received messages before handing the rest back', parseSeconds, 30)
    .option('--no-progress', 'no progress lines on stderr')
    .option('--no-lean-memory', "let V8 size its young generation itself (see serving/lean-memory.ts)")
    .addHelpText(
      'after',
      '\nPUBSUB_EMULATOR_HOST=localhost:8085 points it at an emulator; otherwise Application Default Credentials are used.\n\nExample:\n  autoflow stream --model spam@production --subscription listings-scorer --output-topic listing-verdicts --dead-letter-topic listing-rejects',
    )
    .action(async (opts: StreamOptions) => {
      // Loaded here, not at the top: other commands should not pay for the Pub/Sub client.
      const [{ startStreaming }, { progressLine }, { createModelRegistry }, { storageLocations }] = await Promise.all([
        import('../../serving/stream/start-streaming.js'),
        import('../../serving/progress-line.js'),
        import('../../registry/index.js'),
        import('../../worker/default-deps.js'),
      ]);
      const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
      const progress = opts.progress ? progressLine(process.stderr, 'messages', { logEveryMs: 10_000 }) : undefined;
      let draining = false;
      const running = await startStreaming({
        registry: createModelRegistry(opts.registry ?? storageLocations().registry),
        reference: opts.model,
        subscription: opts.subscription,
        outputTopic: opts.outputTopic,
        deadLetterTopic: opts.deadLetterTopic,
        projectId: opts.project,
        batchSize: opts.batchSize,
        batchWaitMs: opts.batchWait,
        maxOutstandingMessages: opts.maxOutstandingMessages,
        maxOutstandingBytes: opts.maxOutstandingBytes,
        pollIntervalMs: opts.pollInterval * 1000,
        metricsHost: opts.metricsHost,
        metricsPort: opts.metricsPort,
        drainTimeoutMs: opts.drainTimeout * 1000,
        leanMemory: opts.leanMemory,
        log,
        onProgress: progress?.update,
        onSubscriptionError: () => shutdown('the subscriber stopped', 1),
      });
      const model = running.follower.current;
      const following = opts.pollInterval > 0 ? `, following ${opts.model} every ${opts.pollInterval} s` : '';
      log(`scoring ${opts.subscription} with ${model.name}/${model.version} -> ${opts.outputTopic}${following}; metrics on ${running.metricsUrl}/metrics`);
      function shutdown(why: string, exitCode = 0) {
        if (draining) return;
        draining = true;
        log(`${why}: no new messages; finishing and acking those received, then exiting`);
        running.drain().then(
          () => {
            progress?.done(running.scorer.processed);
            process.exit(exitCode);
          },
          (e: Error) => {
            log(`drain failed: ${e.message}`);
            process.exit(1);
          },
        );
      }
      // Node passes the signal number after its name: do not let it become the exit code.
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      await new Promise(() => {});
    });
}

/** Pub/Sub resource names: a short name (3-255 characters, starting with a letter, not "goog") or the full path. */
function parseResourceName(kind: 'subscriptions' | 'topics'): (value: string) => string {
  const short = /^(?!goog)[A-Za-z][\w.~+%-]{2,254}$/;
  return (value) => {
    const full = new RegExp(`^projects/[^/]+/${kind}/([^/]+)$`).exec(value);
    if (short.test(full ? full[1] : value)) return value;
    throw new InvalidArgumentError(`expected NAME or projects/PROJECT/${kind}/NAME (a name is 3-255 letters, digits or - _ . ~ + %, starting with a letter, not "goog")`);
  };
}

function parseMilliseconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of milliseconds >= 0');
  return n;
}
