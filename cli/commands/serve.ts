import type { Command } from 'commander';
import { parseByteSize, parsePort, parseSeconds } from '../option-values.js';

interface ServeOptions {
  model: string;
  registry?: string;
  host: string;
  port: number;
  pollInterval: number;
  maxBodySize: number;
  leanMemory: boolean;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve a registered model over HTTP (POST /v1/predict), following its registry alias as it moves')
    .requiredOption('-m, --model <ref>', 'model reference: NAME@ALIAS, NAME/VERSION or NAME (= latest)')
    .option('--registry <uri>', 'registry root: a directory, file:// or gs://bucket/prefix (default: AUTOFLOW_REGISTRY or .autoflow/registry)')
    .option('--host <host>', 'address to bind; use 0.0.0.0 to accept other machines', '127.0.0.1')
    .option('-p, --port <port>', 'port (0 = any free port)', parsePort, 8080)
    .option('--poll-interval <seconds>', 'how often to check the registry for a moved alias (0 = never)', parseSeconds, 5)
    .option('--max-body-size <bytes>', 'largest request body, e.g. 1048576, 512kb, 4mb', parseByteSize, 1024 * 1024)
    .option('--no-lean-memory', "let V8 size its young generation itself (uses ~15-30 MB more; see serving/lean-memory.ts)")
    .action(async (opts: ServeOptions) => {
      // Loaded here, not at the top: other commands should not pay for the serving stack.
      const [{ startServing }, { createModelRegistry }, { storageLocations }] = await Promise.all([
        import('../../serving/start-serving.js'),
        import('../../registry/index.js'),
        import('../../worker/default-deps.js'),
      ]);
      const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
      const running = await startServing({
        registry: createModelRegistry(opts.registry ?? storageLocations().registry),
        reference: opts.model,
        host: opts.host,
        port: opts.port,
        pollIntervalMs: opts.pollInterval * 1000,
        maxBodyBytes: opts.maxBodySize,
        leanMemory: opts.leanMemory,
        log,
      });
      const following = opts.pollInterval > 0 ? `, following ${opts.model} every ${opts.pollInterval} s` : '';
      log(`serving ${running.follower.current.name}/${running.follower.current.version} on ${running.url}${following}`);
      const shutdown = (signal: string) => {
        log(`${signal}: finishing requests in flight, then exiting`);
        running.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      await new Promise(() => {});
    });
}
