import type { Command } from 'commander';
import pc from 'picocolors';
import { UserInputError } from '../../core/errors.js';
import type { ModelRegistry, ModelVersion } from '../../registry/model-registry.js';

interface CommonOptions {
  registry?: string;
  json?: boolean;
}

export function registerRegistryCommand(program: Command): void {
  const registry = program
    .command('registry')
    .description('Inspect the model registry and move aliases: list, show, alias, delete');

  withCommon(registry.command('list').argument('[name]', 'a model: list its versions (default: list the models)'))
    .description('List the models, or the versions of one model with their aliases and metrics')
    .action(async (name: string | undefined, opts: CommonOptions) => {
      const reg = await openRegistry(opts);
      if (name) {
        const versions = await reg.listVersions(name);
        if (opts.json) return printJSON({ name, aliases: await reg.getAliases(name), versions: versions.map(summary) });
        for (const v of versions) {
          const aliases = v.aliases.length ? pc.cyan(v.aliases.map((a) => `@${a}`).join(' ')) : '';
          process.stdout.write(`${`${v.name}/${v.version}`.padEnd(24)} ${v.createdAt}  ${formatMetrics(v.metrics).padEnd(30)} ${aliases}\n`);
        }
        return;
      }
      const models = [];
      for (const model of await reg.listModels()) {
        const versions = await reg.listVersions(model);
        models.push({ name: model, versions: versions.length, latest: versions.at(-1)?.version ?? null, aliases: await reg.getAliases(model) });
      }
      if (opts.json) return printJSON({ models });
      if (models.length === 0) process.stderr.write('no models registered yet\n');
      for (const m of models) {
        const aliases = Object.entries(m.aliases).map(([a, v]) => `@${a}=${v}`).join(' ');
        process.stdout.write(`${m.name.padEnd(24)} ${String(m.versions).padStart(3)} version${m.versions === 1 ? ' ' : 's'}  latest ${m.latest ?? '-'}  ${pc.cyan(aliases)}\n`);
      }
    });

  withCommon(registry.command('show').argument('<ref>', 'NAME@ALIAS, NAME/VERSION or NAME (= latest)'))
    .description('Show one version: its model card (metrics, lineage, aliases, files), or everything as JSON')
    .action(async (ref: string, opts: CommonOptions) => {
      const reg = await openRegistry(opts);
      const version = await reg.resolve(ref);
      if (opts.json) return printJSON(version);
      const { renderModelCard } = await import('../../registry/model-card.js');
      process.stdout.write(renderModelCard(version));
    });

  withCommon(
    registry
      .command('alias')
      .argument('<name>', 'model name')
      .argument('<alias>', 'alias to set or delete, e.g. production')
      .argument('[version]', 'version to point the alias at'),
  )
    .description('Point an alias at a version (optionally only if it is where you expect), or delete it')
    .option('--expect <version>', 'compare-and-swap: only move the alias if it points at this version now ("none" = it must not exist)')
    .option('--delete', 'delete the alias instead')
    .action(async (name: string, alias: string, versionArg: string | undefined, opts: CommonOptions & { expect?: string; delete?: boolean }) => {
      const reg = await openRegistry(opts);
      if (opts.delete) {
        if (versionArg !== undefined) throw new UserInputError('registry alias --delete takes no version');
        const previous = (await reg.getAliases(name))[alias] ?? null;
        await reg.deleteAlias(name, alias);
        if (opts.json) return printJSON({ name, alias, version: null, previous });
        process.stdout.write(`deleted ${name}@${alias} (was version ${previous})\n`);
        return;
      }
      if (versionArg === undefined) throw new UserInputError(`registry alias ${name} ${alias}: give the version to point it at, or --delete`);
      const version = parseVersion(versionArg, 'version');
      const expectedVersion = opts.expect === undefined ? undefined : opts.expect === 'none' ? null : parseVersion(opts.expect, '--expect', ' or "none"');
      const previous = expectedVersion !== undefined ? expectedVersion : ((await reg.getAliases(name))[alias] ?? null);
      await reg.setAlias(name, alias, version, expectedVersion === undefined ? {} : { expectedVersion });
      if (opts.json) return printJSON({ name, alias, version, previous });
      process.stdout.write(`${name}@${alias} -> ${version}${previous !== null && previous !== version ? ` (was ${previous})` : ''}\n`);
    });

  withCommon(registry.command('delete').argument('<ref>', 'NAME/VERSION to delete'))
    .description('Delete a version (refused while an alias points at it); its number is never reused')
    .action(async (ref: string, opts: CommonOptions) => {
      const { parseModelReference } = await import('../../registry/model-names.js');
      const parsed = parseModelReference(ref);
      if (parsed.kind !== 'version') throw new UserInputError(`registry delete ${ref}: name the version explicitly, as NAME/VERSION`);
      const reg = await openRegistry(opts);
      await reg.deleteVersion(parsed.name, parsed.version);
      if (opts.json) return printJSON({ deleted: { name: parsed.name, version: parsed.version } });
      process.stdout.write(`deleted ${parsed.name}/${parsed.version}\n`);
    });
}

function withCommon(command: Command): Command {
  return command
    .option('--registry <uri>', 'registry root: a directory, file:// or gs://bucket/prefix (default: AUTOFLOW_REGISTRY or .autoflow/registry)')
    .option('--json', 'print JSON for scripts');
}

async function openRegistry(opts: CommonOptions): Promise<ModelRegistry> {
  const [{ createModelRegistry }, { storageLocations }] = await Promise.all([import('../../registry/index.js'), import('../../worker/default-deps.js')]);
  return createModelRegistry(opts.registry ?? storageLocations().registry);
}

function parseVersion(value: string, what: string, alternatives = ''): number {
  if (!/^[1-9][0-9]*$/.test(value)) throw new UserInputError(`${what} ${JSON.stringify(value)}: expected a version number >= 1${alternatives}`);
  return Number(value);
}

function summary(v: ModelVersion) {
  return { version: v.version, createdAt: v.createdAt, aliases: v.aliases, metrics: v.metrics, description: v.description };
}

function formatMetrics(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .slice(0, 3)
    .map(([k, v]) => `${k}=${Number(v.toPrecision(4))}`)
    .join(' ');
}

function printJSON(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
