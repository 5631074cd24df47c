/**
 * Activities of scheduled retraining: find and validate the fresh batch, measure drift against
 * the champion's training data, score champion and challenger on the same fresh holdout and
 * move the alias (compare-and-swap) when the challenger wins, notify a webhook.
 */
import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { getJSON, putJSON } from '../artifacts/artifact-store.js';
import { UserInputError } from '../core/errors.js';
import type { Pipeline } from '../components/core/pipeline.js';
import { selectTableRows, type Table } from '../components/core/table.js';
import { loadTable } from '../data/load-table.js';
import { createRng, shuffleInPlace } from '../core/random.js';
import { formatValidationReport, validateData } from '../monitoring/data-validation.js';
import { resolveThresholds } from '../monitoring/drift-levels.js';
import { bootstrap, decisionMetricOf, metricDirection, metricValue, type Predictions } from '../monitoring/holdout-metrics.js';
import { decidePromotion, type PromotionDecision } from '../monitoring/promotion.js';
import type { DriftContext } from '../monitoring/promotion-bar.js';
import { promotionPolicy } from '../monitoring/promotion-policy.js';
import { retrainDriftReport } from '../monitoring/retrain-drift.js';
import { loadBundle } from '../registry/bundle.js';
import { renderRetrainReport } from '../report/retrain-report.js';
import type { ChampionRef, DriftSummary, EvaluateInput, PreparedRetrain, RetrainInput, RetrainResult } from '../retraining/types.js';
import { resolveNewestData } from '../retraining/resolve-newest-data.js';
import { resolveExperiment } from '../experiment-spec/resolve-experiment.js';
import type { ParamValues } from '../search-spaces/types.js';
import { checkConfiguration } from '../search-spaces/warm-start.js';
import type { ActivityDeps } from './create-activities.js';
import { failFastOnUserError } from './failures.js';
import { withHeartbeats } from './heartbeat.js';
import { labelsOf, positiveIndex, predictionsOn } from './retrain-predictions.js';
import { readPreparedDataset, splitPart, type PreparedDatasetFile } from './training/prepared-dataset.js';

const DRIFT_SAMPLE_ROWS = 5000;

/** A drift summary that measured nothing, saying why. */
function skippedDrift(skipped: string): DriftSummary {
  return { referenceRows: 0, currentRows: 0, level: 'stable', performanceLevel: 'stable', columns: [], classes: [], segments: [], performance: [], tooSmall: [], findings: [], skipped };
}

export function retrainActivities(deps: ActivityDeps) {
  /** The champion on its own test split (the prepared dataset of the search that made it), when still stored. */
  async function championTestPredictions(champion: ChampionRef, pipeline: Pipeline, classes: string[], positive: number): Promise<Predictions | undefined> {
    try {
      const { lineage } = await deps.registry.getVersion(champion.name, champion.version);
      const data = await getJSON<PreparedDatasetFile>(deps.store, `searches/${lineage.searchId}/dataset.json`);
      const test = splitPart(data, data.split.test);
      return (await predictionsOn(pipeline, test.table, test.labels, classes, positive)).predictions;
    } catch (e) {
      log.info('champion test split not readable: per-class performance drift skipped', { champion: `${champion.name}/${champion.version}`, error: (e as Error).message });
      return undefined;
    }
  }

  /**
   * What the retrain's drift report (stored by computeDrift) said about the champion's world:
   * it sets the promotion's default confidence bar. Absent: drift was never measured.
   */
  async function driftContext(retrainId: string): Promise<DriftContext | undefined> {
    try {
      const r = await getJSON<DriftSummary>(deps.store, `retrains/${retrainId}/drift.json`);
      return { level: r.level, performanceLevel: r.performanceLevel, ...(r.findings[0] ? { finding: r.findings[0].text } : {}), ...(r.skipped !== undefined ? { skipped: r.skipped } : {}) };
    } catch {
      return undefined;
    }
  }

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
        const { experiment, champion } = input;
        const thresholds = resolveThresholds(experiment.spec.retrain?.drift);
        let reference: Table;
        try {
          reference = (await loadTable(champion.dataUri)).table;
        } catch (e) {
          // Stored too: the promotion reads why drift was not measured (the bar stays strict).
          const skipped = skippedDrift(`champion's training data ${champion.dataUri} is not readable: ${(e as Error).message}`);
          await putJSON(deps.store, `retrains/${input.retrainId}/drift.json`, skipped);
          return skipped;
        }
        const current = (await loadTable(experiment.dataUri)).table;
        const sample = (t: Table) => {
          const rows = shuffleInPlace(Array.from({ length: t.nRows }, (_, i) => i), createRng(experiment.seed)).slice(0, DRIFT_SAMPLE_ROWS);
          return selectTableRows(t, rows.sort((a, b) => a - b));
        };
        const ref = sample(reference);
        const cur = sample(current);
        const { pipeline } = await loadBundle(deps.registry, `${champion.name}/${champion.version}`);
        const classes = [...pipeline.classes];
        const positive = positiveIndex(classes, experiment.positiveLabel);
        const scoresOf = async (t: Table) => {
          const proba = pipeline.requiresAsyncTransform ? await pipeline.predictProbaAsync(t) : pipeline.predictProba(t);
          return Array.from({ length: t.nRows }, (_, i) => proba[i * classes.length + positive]);
        };
        const refLabels = labelsOf(ref, experiment.target);
        const curLabels = labelsOf(cur, experiment.target);
        // Performance drift: the champion on the whole new labelled batch (it never saw it)
        // against its stored test metrics and, per class, its own test split when still stored.
        const onCurrent = await predictionsOn(pipeline, cur, curLabels, classes, positive);
        const onTest = await championTestPredictions(champion, pipeline, classes, positive);
        const stored = Object.fromEntries(Object.entries(champion.metrics).filter(([k]) => k.startsWith('test_')).map(([k, v]) => [k.slice(5), v]));
        const report = retrainDriftReport({
          reference: { columns: ref.columns, labels: refLabels },
          current: { columns: cur.columns, labels: curLabels },
          target: experiment.target,
          columnTypes: experiment.columnTypes,
          scores: { reference: await scoresOf(ref), current: await scoresOf(cur) },
          performance: { current: onCurrent.predictions, reference: onTest, stored, metrics: [experiment.metric, decisionMetricOf(pipeline.decisionRule)] },
          thresholds,
          seed: experiment.seed,
        });
        await putJSON(deps.store, `retrains/${input.retrainId}/drift.json`, report);
        for (const f of report.findings.slice(0, 5)) log.info(`drift: ${f.text}`, { retrainId: input.retrainId });
        return { ...report, referenceRows: reference.nRows, currentRows: current.nRows };
      });
    },

    /** Champion and challenger on the same fresh test split; the alias moves only on a win. */
    async evaluateAndPromote(input: EvaluateInput): Promise<{ decision: PromotionDecision; promotedVersion?: number; handedOffTo?: string }> {
      return failFastOnUserError(() =>
        withHeartbeats(async () => {
          const { experiment, dataset } = input;
          const data = await readPreparedDataset(deps.store, dataset.ref);
          const test = splitPart(data, data.split.test);
          const predict = async (ref: string) => {
            const { pipeline } = await loadBundle(deps.registry, ref);
            return { pipeline, ...(await predictionsOn(pipeline, test.table, test.labels, data.classes, data.positiveClass)) };
          };
          const challenger = await predict(`${input.challenger.name}/${input.challenger.version}`);
          const champion = input.champion ? await predict(`${input.champion.name}/${input.champion.version}`) : undefined;
          // The decision metric is the one the stored rule was chosen for (this spec's, in the challenger).
          const decisionMetric = decisionMetricOf(challenger.pipeline.decisionRule ?? champion?.pipeline.decisionRule);
          // The default confidence follows the drift report: lower when the champion's world changed.
          const drift = input.champion ? await driftContext(input.retrainId) : undefined;
          const policy = promotionPolicy(experiment.spec.retrain?.promotion, { searchMetric: experiment.metric, decisionMetric, ...(drift ? { drift } : {}) });
          const names = [...new Set(policy.criteria.map((c) => c.metric))];
          const metricsOf = (p: { predictions: Predictions; metrics: Record<string, number> }) => ({ ...p.metrics, ...Object.fromEntries(names.map((n) => [n, metricValue(n, p.predictions)])) });
          // Paired bootstrap of the holdout rows: both models on the same resamples.
          let gains: Record<string, number[]> | undefined;
          if (champion && policy.criteria.some((c) => c.confidence > 0)) {
            const [a, b] = bootstrap([champion.predictions, challenger.predictions], names, createRng(experiment.seed + 7));
            gains = Object.fromEntries(names.map((n, m) => [n, b[m].map((v, r) => (metricDirection(n) === 'maximize' ? v - a[m][r] : a[m][r] - v))]));
          }
          const decision = decidePromotion(policy, champion ? metricsOf(champion) : undefined, metricsOf(challenger), gains);
          let promotedVersion: number | undefined;
          const handoff = experiment.spec.retrain?.handoff;
          if (decision.promote && handoff) {
            // Handed to a deploy watch following this alias: it serves, checks and promotes the challenger (#19).
            await deps.registry.setAlias(input.challenger.name, handoff, input.challenger.version);
            decision.reason += `; handed to @${handoff} for the deploy watch to check and promote`;
          } else if (decision.promote) {
            const alias = experiment.spec.retrain?.championAlias ?? 'production';
            // Compare-and-swap: if someone moved the alias since we read it, we do not overwrite them.
            await deps.registry.setAlias(input.challenger.name, alias, input.challenger.version, { expectedVersion: input.champion?.version ?? null });
            promotedVersion = input.challenger.version;
          }
          await putJSON(deps.store, `retrains/${input.retrainId}/decision.json`, { ...decision, promotedVersion, ...(decision.promote && handoff ? { handedOffTo: handoff } : {}) });
          return { decision, promotedVersion, ...(decision.promote && handoff ? { handedOffTo: handoff } : {}) };
        }),
      );
    },

    /** The retrain's HTML report; best effort: a report that cannot be drawn does not fail a finished retrain. */
    async writeRetrainReport(input: { result: RetrainResult }): Promise<{ uri?: string }> {
      try {
        const ref = await deps.store.put(`retrains/${input.result.retrainId}/report.html`, renderRetrainReport(input.result));
        return { uri: ref.uri };
      } catch (e) {
        log.warn('retrain report failed', { retrainId: input.result.retrainId, error: (e as Error).message });
        return {};
      }
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
