/**
 * Activities of scheduled retraining: find and validate the fresh batch, measure drift against
 * the champion's training data, score champion and challenger on the same fresh holdout and
 * move the alias (compare-and-swap) when the challenger wins, notify a webhook.
 */
import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { putJSON } from '../artifacts/artifact-store.js';
import { UserInputError } from '../core/errors.js';
import { selectTableRows, type Table } from '../components/core/table.js';
import { loadTable } from '../data/load-table.js';
import { createRng, shuffleInPlace } from '../core/random.js';
import { formatValidationReport, validateData } from '../monitoring/data-validation.js';
import { driftReport } from '../monitoring/drift.js';
import { decidePromotion, type PromotionDecision } from '../monitoring/promotion.js';
import { loadBundle } from '../registry/bundle.js';
import type { ChampionRef, DriftSummary, EvaluateInput, PreparedRetrain, RetrainInput } from '../retraining/types.js';
import { resolveNewestData } from '../retraining/resolve-newest-data.js';
import { resolveExperiment } from '../experiment-spec/resolve-experiment.js';
import type { ParamValues } from '../search-spaces/types.js';
import { checkConfiguration } from '../search-spaces/warm-start.js';
import { METRICS } from '../components/metrics/classification.js';
import type { ActivityDeps } from './create-activities.js';
import { failFastOnUserError } from './failures.js';
import { withHeartbeats } from './heartbeat.js';
import { evaluatePipeline } from './training/evaluate.js';
import { readPreparedDataset, splitPart } from './training/prepared-dataset.js';

const DRIFT_SAMPLE_ROWS = 5000;

export function retrainActivities(deps: ActivityDeps) {
  async function findChampion(name: string, alias: string): Promise<ChampionRef | null> {
    const aliases = await deps.registry.getAliases(name).catch(() => ({}) as Record<string, number>);
    if (aliases[alias] === undefined) return null;
    const version = await deps.registry.getVersion(name, aliases[alias]);
    return { name, version: version.version, alias, metrics: version.metrics, dataUri: version.lineage.dataUri };
  }

  return {
    async prepareRetrain(input: RetrainInput & { retrainId: string }): Promise<PreparedRetrain> {
      return failFastOnUserError(() =>
        withHeartbeats(async () => {
          const { spec, baseDir } = input;
          const newest = await resolveNewestData(spec.data.source, baseDir);
          const loaded = await loadTable(newest.source, { format: spec.data.format, cwd: baseDir });
          const rules = spec.retrain?.validation ?? {};
          const validation = validateData(loaded.table, { ...rules, target: spec.target, columns: Object.fromEntries(Object.entries(spec.columns ?? {}).filter(([, t]) => t !== 'ignore')) as never });
          await putJSON(deps.store, `retrains/${input.retrainId}/validation.json`, validation);
          if (!validation.passed) {
            const failed = validation.results.filter((r) => !r.passed).map((r) => r.rule);
            throw ApplicationFailure.nonRetryable(`data validation failed (${failed.join(', ')}) for ${newest.uri}:\n${formatValidationReport(validation)}`, 'DataValidationFailed', validation);
          }
          const model = spec.register !== false && spec.register?.model ? spec.register.model : spec.name;
          const champion = await findChampion(model, spec.retrain?.championAlias ?? 'production');
          // Warm start: the champion's configuration is the first trial of the new search.
          const championParams = champion ? (await deps.registry.getVersion(champion.name, champion.version)).lineage.params : undefined;
          const experiment = await resolveExperiment({ ...spec, data: { ...spec.data, source: newest.source }, register: { model } }, baseDir, loaded);
          if (championParams) {
            // The new data may have changed the space (a column now ignored or typed differently):
            // the champion's values that no longer fit are left for the sampler to choose.
            const fitting = Object.fromEntries(Object.entries(championParams).filter(([name, value]) => checkConfiguration(experiment.space, { [name]: value } as ParamValues).length === 0)) as ParamValues;
            const dropped = Object.keys(championParams).filter((name) => !(name in fitting));
            if (dropped.length) log.info('champion parameters outside the new search space, not warm-started', { retrainId: input.retrainId, dropped });
            const enqueue = [...((experiment.sampler.options?.enqueue as ParamValues[] | undefined) ?? [])];
            if (Object.keys(fitting).length) enqueue.unshift(fitting);
            experiment.sampler = { ...experiment.sampler, options: { ...experiment.sampler.options, enqueue } };
          }
          return { experiment, dataUri: newest.uri, validation, champion };
        }),
      );
    },

    async computeDrift(input: { retrainId: string; experiment: PreparedRetrain['experiment']; champion: ChampionRef }): Promise<DriftSummary> {
      return withHeartbeats(async () => {
        const columns = input.experiment.columnTypes;
        let reference: Table;
        try {
          reference = (await loadTable(input.champion.dataUri)).table;
        } catch (e) {
          const skipped = `champion's training data ${input.champion.dataUri} is not readable: ${(e as Error).message}`;
          return { referenceRows: 0, currentRows: 0, columns: [], skipped };
        }
        const current = (await loadTable(input.experiment.dataUri)).table;
        const sample = (t: Table) => {
          const rows = shuffleInPlace(Array.from({ length: t.nRows }, (_, i) => i), createRng(input.experiment.seed)).slice(0, DRIFT_SAMPLE_ROWS);
          return selectTableRows(t, rows.sort((a, b) => a - b));
        };
        const ref = sample(reference);
        const cur = sample(current);
        const { pipeline } = await loadBundle(deps.registry, `${input.champion.name}/${input.champion.version}`);
        const positive = Math.max(0, pipeline.classes.indexOf(input.experiment.positiveLabel ?? pipeline.classes[pipeline.classes.length - 1]));
        const scoresOf = async (t: Table) => {
          const proba = pipeline.requiresAsyncTransform ? await pipeline.predictProbaAsync(t) : pipeline.predictProba(t);
          const k = pipeline.classes.length;
          return Array.from({ length: t.nRows }, (_, i) => proba[i * k + positive]);
        };
        const report = driftReport(ref.columns, cur.columns, columns, { reference: await scoresOf(ref), current: await scoresOf(cur) });
        await putJSON(deps.store, `retrains/${input.retrainId}/drift.json`, report);
        return {
          referenceRows: reference.nRows,
          currentRows: current.nRows,
          worst: report.worst,
          columns: report.columns.map((c) => ({ column: c.column, type: c.type, statistic: c.statistic, value: c.value, level: c.level })),
        };
      });
    },

    /** Champion and challenger on the same fresh test split; the alias moves only on a win. */
    async evaluateAndPromote(input: EvaluateInput): Promise<{ decision: PromotionDecision; promotedVersion?: number }> {
      return failFastOnUserError(() =>
        withHeartbeats(async () => {
          const { experiment, dataset } = input;
          const data = await readPreparedDataset(deps.store, dataset.ref);
          const test = splitPart(data, data.split.test);
          const score = async (ref: string) => evaluatePipeline((await loadBundle(deps.registry, ref)).pipeline, test, data.classes, data.positiveClass);
          const challenger = await score(`${input.challenger.name}/${input.challenger.version}`);
          const champion = input.champion ? await score(`${input.champion.name}/${input.champion.version}`) : undefined;
          const promotion = experiment.spec.retrain?.promotion ?? {};
          // Older specs (minImprovement / guards alone): a gain on the search metric, guards that must not regress.
          const decision = decidePromotion(
            {
              mode: 'all',
              criteria: [
                { name: 'search', metric: experiment.metric, direction: experiment.direction, minImprovement: promotion.minImprovement ?? 0.002, tolerance: 0, confidence: 0 },
                ...(promotion.guards ?? []).map((g) => ({ name: g.metric, metric: g.metric, direction: METRICS[g.metric as keyof typeof METRICS]?.direction ?? 'maximize', tolerance: g.tolerance, confidence: 0 })),
              ],
            },
            champion,
            challenger,
          );
          let promotedVersion: number | undefined;
          if (decision.promote) {
            const alias = experiment.spec.retrain?.championAlias ?? 'production';
            // Compare-and-swap: if someone moved the alias since we read it, we do not overwrite them.
            await deps.registry.setAlias(input.challenger.name, alias, input.challenger.version, { expectedVersion: input.champion?.version ?? null });
            promotedVersion = input.challenger.version;
          }
          await putJSON(deps.store, `retrains/${input.retrainId}/decision.json`, { ...decision, promotedVersion });
          return { decision, promotedVersion };
        }),
      );
    },

    /** Best effort: a webhook that is down must not fail a retrain that already happened. */
    async notifyWebhook(input: { url: string; payload: unknown }): Promise<{ status: number | string }> {
      try {
        const response = await fetch(input.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input.payload), signal: AbortSignal.timeout(10_000) });
        return { status: response.status };
      } catch (e) {
        if (e instanceof UserInputError) throw e;
        return { status: `failed: ${(e as Error).message}` };
      }
    },
  };
}
