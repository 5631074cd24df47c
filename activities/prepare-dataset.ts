import { log } from '@temporalio/activity';
import { putJSON } from '../artifacts/artifact-store.js';
import { UserInputError } from '../core/errors.js';
import { loadTable } from '../data/load-table.js';
import { coerceColumns, profileTable } from '../data/profile.js';
import { splitFolds, splitRows } from '../data/split-rows.js';
import { classOrder, labelKey, positiveClassIndex } from '../core/labels.js';
import { resolveExperiment } from '../experiment-spec/resolve-experiment.js';
import type { PreparedDataset, ResolvedExperiment } from '../workflows/types.js';
import type { ActivityDeps } from './create-activities.js';
import { failFastOnUserError } from './failures.js';
import { withHeartbeats } from './heartbeat.js';
import { DATASET_FORMAT, type PreparedDatasetFile } from './training/prepared-dataset.js';

/**
 * Loads the data once per search, re-validates it (it may have changed since the client
 * checked), keeps the used columns with their types, and writes the split (seeded and
 * stratified, out of time for `split.by`, grouped for `split.group`: data/split-rows.ts) to the
 * artifact store (retraining's fresh holdout is its test part). Trials read that artifact;
 * nothing large crosses Temporal.
 */
export function prepareDatasetActivity(deps: ActivityDeps) {
  return async function prepareDataset(input: { searchId: string; experiment: ResolvedExperiment }): Promise<PreparedDataset> {
    const { experiment, searchId } = input;
    return failFastOnUserError(() =>
      withHeartbeats(async (report) => {
        report({ step: 'loading', uri: experiment.dataUri });
        const loaded = await loadTable(experiment.dataUri, { format: experiment.dataFormat });
        // Same checks as the client ran: the file may have changed in between.
        await resolveExperiment(experiment.spec, '/', loaded);
        const columns = Object.keys(experiment.columnTypes);
        const missing = columns.filter((c) => !(c in loaded.table.columns));
        if (missing.length) throw new UserInputError(`${experiment.dataUri} no longer has column(s) ${missing.join(', ')}`);
        const typed = coerceColumns(loaded.table, experiment.columnTypes).table;
        // Resolution above rejected missing labels, so every key exists.
        const labels = loaded.table.columns[experiment.target].map((v) => labelKey(v)!);
        const classes = classOrder(labels);
        const positiveClass = positiveClassIndex(classes, experiment.positiveLabel);
        report({ step: 'splitting', rows: loaded.table.nRows });
        const { split, description, warnings } = splitRows(loaded.table, labels, experiment.split, experiment.seed);
        log.info('dataset split', { searchId, split: description, warnings });
        const file: PreparedDatasetFile = {
          format: DATASET_FORMAT,
          dataUri: loaded.uri,
          dataSha256: loaded.sha256,
          target: experiment.target,
          columnTypes: experiment.columnTypes,
          columns: Object.fromEntries(columns.map((c) => [c, typed.columns[c]])),
          labels,
          classes,
          positiveClass,
          split,
          ...(experiment.rescore
            ? { folds: splitFolds(loaded.table, labels, experiment.split, [...split.train, ...split.validation], experiment.rescore.folds, experiment.seed) }
            : {}),
        };
        const ref = await putJSON(deps.store, `searches/${searchId}/dataset.json`, file);
        const profile = profileTable(loaded.table, { target: experiment.target, columnTypes: experiment.columnTypes, timeColumns: experiment.split.by ? [experiment.split.by] : undefined });
        const profileRef = await putJSON(deps.store, `searches/${searchId}/profile.json`, profile);
        return {
          ref,
          dataSha256: loaded.sha256,
          nRows: loaded.table.nRows,
          classes,
          positiveClass,
          splitSizes: { train: split.train.length, validation: split.validation.length, test: split.test.length },
          profileRef,
        };
      }),
    );
  };
}
