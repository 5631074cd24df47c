/**
 * Shared by `autoflow demo` and `autoflow run`: validate the spec against its data (before
 * anything starts), get a Temporal server, run a worker in this process, start the search,
 * report each finished trial, then print the leaderboard and the registered model.
 */
import pc from 'picocolors';
import type { ExperimentSpec } from '../experiment-spec/experiment-spec.js';
import { resolveExperiment } from '../experiment-spec/resolve-experiment.js';
import type { ResolvedExperiment } from '../workflows/types.js';
import { createProgressView } from './progress-bar.js';
import { summaryJson, summaryText, trialLine } from './search-output.js';
import { withLocalRuntime } from './local-runtime.js';

export interface RunSearchOptions {
  json?: boolean;
  baseDir?: string;
  /** Run a worker inside this process (default); off when workers run elsewhere. */
  worker?: boolean;
  /** Keep the local dev server (and its UI) up after the search, until Ctrl-C. */
  keepServer?: boolean;
}

/** "columns: title text, price numeric", so an inferred type that is wrong is seen before the search. */
function describeColumns(experiment: ResolvedExperiment): string {
  const used = Object.entries(experiment.columnTypes).map(([name, type]) => `${name} ${pc.dim(type)}`);
  const declared = experiment.spec.columns ? '' : pc.dim(" (inferred; set types under 'columns' in the spec)");
  return `columns: ${used.join(', ')}${declared}`;
}

export async function runSearch(spec: ExperimentSpec, options: RunSearchOptions): Promise<void> {
  const started = performance.now();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(pc.dim(`validating spec "${spec.name}" against ${spec.data.source} ...`));
  const experiment = await resolveExperiment(spec, options.baseDir ?? process.cwd());
  log(describeColumns(experiment));
  for (const warning of experiment.dataWarnings ?? []) log(`${pc.yellow('note:')} ${warning}`);

  await withLocalRuntime({ worker: options.worker }, async ({ client, runtime }) => {
    const search = await client.startSearch(experiment);
    const uiLink = runtime.uiUrl ? `${runtime.uiUrl}/namespaces/${runtime.namespace}/workflows/${search.searchId}` : undefined;
    log(`search ${pc.bold(search.searchId)} started: ${experiment.budget.maxTrials} trials, ${experiment.budget.parallelism} at a time, optimising ${experiment.metric}`);
    if (uiLink) log(`watch it live: ${pc.cyan(uiLink)}`);
    if (search.notice) log(`${pc.yellow('note:')} ${search.notice}`);

    let printed = 0;
    const view = createProgressView();
    try {
      for await (const progress of search.watch(1000)) {
        for (; printed < progress.finished.length; printed++) {
          const f = progress.finished[printed];
          view.line(trialLine(progress, f, progress.leaderboard.find((e) => e.trialNumber === f.trialNumber), progress.finished.length - 1 - printed));
        }
        view.update(progress);
      }
    } finally {
      view.stop();
    }
    const result = await search.result();
    const wallSeconds = (performance.now() - started) / 1000;
    if (options.json) process.stdout.write(`${JSON.stringify(summaryJson(result, wallSeconds, uiLink, experiment), null, 2)}\n`);
    else {
      process.stdout.write(`${summaryText(result, uiLink)}\n`);
      process.stdout.write(pc.dim(`wall time ${wallSeconds.toFixed(1)} s\n`));
    }
    if (options.keepServer && runtime.devServer) {
      log(`Temporal UI stays up at ${runtime.uiUrl} — press Ctrl-C to stop.`);
      await new Promise(() => {});
    } else if (runtime.devServer) {
      log(pc.dim('the local Temporal server stops now; `npx autoflow server` reopens the UI with this history'));
    }
  });
}

