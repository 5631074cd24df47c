import { createWriteStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { UserInputError } from '../../core/errors.js';
import { parsePositiveInt } from '../option-values.js';

const TABLE_FILE = /\.(csv|tsv|tab|parquet|pq)(\.gz)?$/i;

interface ScoreOptions {
  model: string;
  registry?: string;
  input?: string;
  output?: string;
  batchSize: number;
  keep?: string;
  progress: boolean;
}

export function registerScoreCommand(program: Command): void {
  program
    .command('score')
    .description('Score JSON Lines (or a CSV/TSV file) with a registered model: one record per line or row in, one {label, probabilities} line out, same order')
    .requiredOption('-m, --model <ref>', 'model reference: NAME@ALIAS, NAME/VERSION or NAME (= latest)')
    .option('--registry <uri>', 'registry root: a directory, file:// or gs://bucket/prefix (default: AUTOFLOW_REGISTRY or .autoflow/registry)')
    .option('-i, --input <file>', 'JSON Lines to score (default: stdin); a .csv/.tsv file (optionally .gz) is read as a table')
    .option('-o, --output <file>', 'where to write predictions (default: stdout)')
    .option('--keep <fields>', 'comma-separated input fields to copy into each output line, e.g. id')
    .option('--batch-size <n>', 'records per batch', parsePositiveInt, 512)
    .option('--no-progress', 'no progress line on stderr')
    .addHelpText('after', '\nExample:\n  autoflow score --model spam@production < listings.jsonl > scored.jsonl')
    .action(async (opts: ScoreOptions) => {
      const [{ scoreJsonl, scoreRecords, tableRecords }, { progressLine }, { loadServableModel }, { createModelRegistry }, { storageLocations }] = await Promise.all([
        import('../../serving/score-jsonl.js'),
        import('../../serving/progress-line.js'),
        import('../../serving/servable-model.js'),
        import('../../registry/index.js'),
        import('../../worker/default-deps.js'),
      ]);
      // A gs:// object is checked when it is opened (its errors name the object).
      if (opts.input && !opts.input.startsWith('gs://')) await access(opts.input).catch(() => Promise.reject(new UserInputError(`--input ${opts.input}: cannot read this file`)));
      const registry = createModelRegistry(opts.registry ?? storageLocations().registry);
      const resolved = await registry.resolve(opts.model);
      const model = await loadServableModel(registry, resolved.name, resolved.version);
      process.stderr.write(`scoring with ${model.name}/${model.version} (${opts.model})\n`);

      const output = opts.output ? createWriteStream(opts.output) : process.stdout;
      const progress = opts.progress ? progressLine(process.stderr, 'records') : undefined;
      const common = { model, output, batchSize: opts.batchSize, keepFields: opts.keep?.split(',').map((f) => f.trim()).filter(Boolean), onProgress: progress?.update };
      let scored: number;
      if (opts.input && TABLE_FILE.test(opts.input)) {
        // A CSV/TSV/Parquet file or object: read as training reads data files (delimiter detection, quoting).
        const { loadTable } = await import('../../data/load-table.js');
        const { table, columnNames } = await loadTable(opts.input);
        ({ scored } = await scoreRecords({ ...common, records: tableRecords(table, columnNames, opts.input) }));
      } else {
        // A local file or gs:// object, gunzipped when it ends in .gz.
        const input = opts.input ? await (await import('../../data/open-data-stream.js')).openDataStream(opts.input) : process.stdin;
        ({ scored } = await scoreJsonl({ ...common, input, inputName: opts.input ?? 'stdin' }));
      }
      if (opts.output) {
        output.end();
        await finished(output);
      }
      progress?.done(scored);
    });
}
