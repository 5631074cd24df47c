/**
 * Scheduled retraining: validate the newest data, measure drift against the champion's
 * training data (marginal, per class, per category, and the champion's own performance on
 * the new labelled batch), search (warm-started from the champion) unless `searchWhen` says
 * not to, then promote the challenger only if it meets the spec's promotion criteria on the
 * same fresh holdout. Started by a Temporal Schedule, the SDK,
 * the CLI or CI; every step is an activity or a child search, so a crash loses nothing.
 */
import { ApplicationFailure, executeChild, log, patched, proxyActivities, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities/create-activities.js';
import type { DriftSummary, RetrainInput, RetrainResult, SearchChoice } from '../retraining/types.js';
import type { automlSearch } from './automl-search.js';
import { SA_EXPERIMENT, SA_STATUS } from './search-attributes.js';
import { searchChoice } from './retrain-search-when.js';

type Activities = ReturnType<typeof createActivities>;

const { prepareRetrain, computeDrift, evaluateAndPromote, notifyWebhook, writeRetrainReport } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: ['UserInputError', 'DataValidationFailed', 'AliasConflictError'] },
});

export async function retrainModel(input: RetrainInput): Promise<RetrainResult> {
  const retrainId = workflowInfo().workflowId;
  const webhook = input.spec.retrain?.webhook;
  const notice = input.withoutSearchAttributes;
  if (notice) log.warn(notice);
  const status = (value: string, details: string) => {
    // A namespace without AutoFlow's attributes would fail every workflow task that upserts them.
    if (!notice)
      upsertSearchAttributes([
        { key: SA_EXPERIMENT, value: input.spec.name },
        { key: SA_STATUS, value },
      ]);
    setCurrentDetails(notice ? `${details}\n\n${notice}` : details);
  };
  try {
    status('validating', `validating the newest data for ${input.spec.data.source}`);
    const prepared = await prepareRetrain({ ...input, retrainId });
    const { experiment, champion } = prepared;

    let drift: DriftSummary | undefined;
    if (champion) {
      status('drift', `measuring drift against ${champion.name}/${champion.version} (${champion.alias})`);
      drift = await computeDrift({ retrainId, experiment, champion });
    }

    // Histories from before searchWhen and the retrain report always searched and wrote no report.
    const choosing = patched('retrain-search-when');
    const choice: SearchChoice | undefined = choosing ? searchChoice(input.spec.retrain?.searchWhen, champion !== null, drift) : undefined;
    const finish = async (result: RetrainResult, event: string): Promise<RetrainResult> => {
      if (choosing) {
        const { uri } = await writeRetrainReport({ result });
        if (uri) result.reportUri = uri;
      }
      if (webhook) await notifyWebhook({ url: webhook, payload: { event, ...result } });
      return result;
    };
    if (choice && !choice.searched) {
      status('kept-champion', `${choice.reason}${drift?.findings[0] ? `; ${drift.findings[0].text}` : ''}`);
      const decision = { promote: false, reason: choice.reason, champion: champion?.metrics ?? {}, challenger: {} };
      return await finish({ retrainId, model: champion?.name ?? input.spec.name, dataUri: prepared.dataUri, validation: prepared.validation, drift, searchChoice: choice, champion, decision }, 'kept-champion');
    }

    const finding = drift?.findings[0] ?? (drift?.worst ? { text: `${drift.worst.column} ${drift.worst.statistic} ${drift.worst.value.toFixed(3)} (${drift.worst.level})` } : undefined);
    status('searching', `searching on ${prepared.dataUri}${finding ? `; drift: ${finding.text}` : ''}`);
    const search = await executeChild<typeof automlSearch>('automlSearch', {
      workflowId: `${retrainId}-search`,
      args: [{ searchId: `${retrainId}-search`, experiment, ...(notice ? { withoutSearchAttributes: notice } : {}) }],
    });
    if (!search.model) throw ApplicationFailure.nonRetryable('the search registered no challenger (register is off in the spec)', 'NoChallenger');

    status('evaluating', `champion ${champion ? `${champion.name}/${champion.version}` : '(none)'} vs challenger ${search.model.name}/${search.model.version}`);
    const { decision, promotedVersion, handedOffTo } = await evaluateAndPromote({ retrainId, experiment, dataset: search.dataset, champion, challenger: search.model });

    const result: RetrainResult = {
      retrainId,
      model: search.model.name,
      dataUri: prepared.dataUri,
      validation: prepared.validation,
      drift,
      search: { searchId: search.searchId, bestValue: search.bestValue, trials: search.trials, metric: search.metric, testMetrics: search.testMetrics },
      ...(choice ? { searchChoice: choice } : {}),
      challenger: search.model,
      champion,
      decision,
      promotedVersion,
      ...(handedOffTo ? { handedOffTo } : {}),
    };
    // A challenger handed to a deploy watch is not in production yet: the watch checks and promotes it.
    const outcome = !decision.promote ? 'kept-champion' : handedOffTo ? 'handed-off' : 'promoted';
    status(outcome, decision.reason);
    return await finish(result, outcome);
  } catch (e) {
    status('failed', e instanceof Error ? e.message : String(e));
    if (webhook) {
      const message = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
      await notifyWebhook({ url: webhook, payload: { event: 'failed', retrainId, error: message } }).catch((err: unknown) => log.warn('webhook failed', { err }));
    }
    throw e;
  }
}
