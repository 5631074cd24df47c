import { Context, log } from '@temporalio/activity';
import { getJSON, putJSON } from '../artifacts/artifact-store.js';
import type { DataProfile } from '../data/profile.js';
import { createBundleFiles } from '../registry/bundle.js';
import { renderSearchReport } from '../report/render-search-report.js';
import type { SearchReportInput } from '../report/types.js';
import type { RefitInput, RefitOutcome } from '../workflows/types.js';
import type { ActivityDeps } from './create-activities.js';
import { failFastOnUserError } from './failures.js';
import { withHeartbeats } from './heartbeat.js';
import { runInThread } from './training/run-in-thread.js';
import { decisionMetrics, decisionSummary, decisionTags, refitDecision } from './refit-decision.js';

/**
 * Refits the winning configuration on train + validation, scores it on the held-out test
 * split and registers the whole pipeline as one bundle. Idempotent per search: the outcome
 * is stored under the search, and the registry dedupes on the search id.
 */
export function refitAndRegisterActivity(deps: ActivityDeps) {
  return async function refitAndRegister(input: RefitInput): Promise<RefitOutcome> {
    const outcomeKey = `searches/${input.searchId}/refit.json`;
    const existing = await deps.store.head(outcomeKey);
    if (existing) return getJSON<RefitOutcome>(deps.store, existing);
    return failFastOnUserError(() =>
      withHeartbeats(async (report) => {
        const { experiment, dataset } = input;
        const result = await runInThread(
          {
            kind: 'refit',
            storeRoot: deps.store.rootUri,
            dataset: dataset.ref,
            pipeline: input.pipeline,
            seed: experiment.seed,
            ensemble: input.ensemble?.map((m) => ({ weight: m.weight, pipeline: m.pipeline })),
            decision: refitDecision(input),
          },
          { signal: Context.current().cancellationSignal, onProgress: (fraction) => report({ refit: true, fraction }) },
        );
        // A metric undefined on a split (ROC AUC on a test split with one class) is left out of
        // the registered metrics rather than failing the registration of the whole search.
        const allMetrics: Record<string, number> = {
          ...prefixed('test', result.testMetrics),
          ...prefixed('validation', result.validationMetrics),
          ...decisionMetrics(result.fitted.decision),
          fitSeconds: result.fitSeconds,
        };
        // The stored rule and any warning (a precision target no threshold reached) reach the log, the report and the workflow result.
        const decision = decisionSummary(result.fitted.decision, result.decisionWarnings);
        for (const warning of decision.warnings) log.warn(warning, { searchId: input.searchId });
        const undefinedMetrics = Object.keys(allMetrics).filter((k) => !Number.isFinite(allMetrics[k]));
        if (undefinedMetrics.length) log.warn('metrics undefined on their split, not registered', { searchId: input.searchId, metrics: undefinedMetrics });
        const metrics = finiteOnly(allMetrics);
        const profile = await getJSON<DataProfile>(deps.store, dataset.profileRef);
        const reportInput: SearchReportInput = {
          searchId: input.searchId,
          experiment: experiment.name,
          metric: experiment.metric,
          direction: experiment.direction,
          createdAt: new Date().toISOString(),
          trials: input.trials,
          leaderboard: input.leaderboard,
          best: { trialNumber: input.trialNumber, params: input.params, validationMetrics: result.validationMetrics, testMetrics: result.testMetrics },
          test: result.test,
          profile,
          model: experiment.register ? { name: experiment.register.model } : undefined,
          decision,
          ...(input.choice ? { registered: input.choice } : {}),
          ...(input.winner ? { winner: input.winner } : {}),
          ...(input.objectives && input.front ? { objectives: input.objectives, front: input.front } : {}),
        };
        // A report that cannot be drawn must not cost the search its model.
        const render = (model?: { name: string; version?: number }) => {
          try {
            return renderSearchReport({ ...reportInput, model });
          } catch (e) {
            log.warn('search report failed', { searchId: input.searchId, error: (e as Error).message });
            return undefined;
          }
        };
        const bundledReport = render(reportInput.model);
        const extra: Record<string, Uint8Array> = {};
        if (bundledReport) extra['report.html'] = new TextEncoder().encode(bundledReport);
        if (result.onnx) extra['model.onnx'] = result.onnx;
        else log.info('no ONNX graph for this pipeline', { searchId: input.searchId, reasons: result.onnxSkipped });
        const files = createBundleFiles({ pipeline: result.fitted, metrics, spec: experiment.spec, extra });
        const bundleRef = await putJSON(deps.store, `searches/${input.searchId}/pipeline.json`, result.fitted);
        let model: RefitOutcome['model'];
        const lineageOf = registeredLineage(input);
        if (experiment.register) {
          const version = await deps.registry.register(
            experiment.register.model,
            files,
            {
              metrics,
              lineage: {
                dataSha256: dataset.dataSha256,
                dataUri: experiment.dataUri,
                seed: experiment.seed,
                codeVersion: deps.codeVersion,
                searchId: input.searchId,
                trialNumber: input.trialNumber,
                spec: experiment.spec,
                params: input.params,
                ...(lineageOf.ensemble ? { ensemble: lineageOf.ensemble } : {}),
              },
              description: lineageOf.description(experiment.metric, input.searchId),
              tags: decisionTags(result.fitted.decision),
            },
            { idempotencyKey: input.searchId },
          );
          model = { name: version.name, version: version.version, uri: version.uri };
        }
        // The stored copy names the version the registry just gave.
        const storedReport = render(model ? { name: model.name, version: model.version } : reportInput.model);
        const reportRef = storedReport ? await deps.store.put(`searches/${input.searchId}/report.html`, storedReport) : undefined;
        const outcome: RefitOutcome = { testMetrics: finiteOnly(result.testMetrics), model, bundleRef, reportRef, decision };
        await putJSON(deps.store, outcomeKey, outcome);
        return outcome;
      }),
    );
  };
}

/**
 * What the registered version's lineage and description say. Its trial and params stay the
 * best single trial's (SearchResult.bestTrial, what a retraining warm start reuses); an
 * ensemble adds every member with its weight.
 */
function registeredLineage(input: RefitInput) {
  const members = input.ensemble && input.choice?.kind === 'ensemble' ? input.choice.ensemble?.members : undefined;
  const why = input.choice ? `; ${input.choice.reason}` : input.winner ? `; ${input.winner.reason}` : '';
  return {
    ensemble: members?.map((m) => ({ trialNumber: m.trialNumber, weight: m.weight, params: m.params })),
    description: (metric: string, searchId: string) =>
      members
        ? `${metric}-optimised ensemble from search ${searchId} of trials ${members.map((m) => `${m.trialNumber} (weight ${Number(m.weight.toFixed(4))})`).join(', ')}${why}`
        : `${metric}-optimised pipeline from search ${searchId}, trial ${input.trialNumber}${why}`,
  };
}

function finiteOnly(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v)));
}

function prefixed(prefix: string, metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [`${prefix}_${k}`, v]));
}
