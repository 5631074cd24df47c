/**
 * `--address` and `--namespace` on every command, as in the `temporal` CLI: they win over
 * TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE and profiles. Set once before any action runs, so the
 * client, the worker and the dev-server logic all read them through loadTemporalTarget.
 */
import type { Command } from 'commander';
import { setTemporalOverrides } from '../client/connection-config.js';
import { parseHostPort } from './option-values.js';

export function addTemporalGlobalOptions(program: Command): Command {
  return program
    .option('--address <host:port>', 'Temporal server to use (overrides TEMPORAL_ADDRESS and temporal.toml profiles)', parseHostPort)
    .option('--namespace <name>', 'Temporal namespace (overrides TEMPORAL_NAMESPACE and profiles)')
    .hook('preAction', (root) => {
      const { address, namespace } = root.opts<{ address?: string; namespace?: string }>();
      setTemporalOverrides({ address, namespace });
    });
}
