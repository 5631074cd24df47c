/**
 * The custom search attributes AutoFlow keeps current on every search, so the Temporal UI
 * and `autoflow list` can filter and sort searches. Pure definitions: the workflow imports them.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SA_EXPERIMENT = defineSearchAttributeKey('AutoflowExperiment', SearchAttributeType.KEYWORD);
export const SA_STATUS = defineSearchAttributeKey('AutoflowStatus', SearchAttributeType.KEYWORD);
export const SA_BEST_SCORE = defineSearchAttributeKey('AutoflowBestScore', SearchAttributeType.DOUBLE);
export const SA_TRIALS_DONE = defineSearchAttributeKey('AutoflowTrialsDone', SearchAttributeType.INT);

export const AUTOFLOW_SEARCH_ATTRIBUTES = [SA_EXPERIMENT, SA_STATUS, SA_BEST_SCORE, SA_TRIALS_DONE];

/** `--search-attribute Name=Type` flags for `temporal server start-dev`. */
export function devServerSearchAttributeFlags(): string[] {
  const typeName: Record<string, string> = { KEYWORD: 'Keyword', DOUBLE: 'Double', INT: 'Int', TEXT: 'Text', BOOL: 'Bool', DATETIME: 'Datetime' };
  return AUTOFLOW_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${typeName[k.type]}`]);
}
