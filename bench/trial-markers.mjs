/**
 * A search history's runTrial local-activity markers (workflows/local-trials.ts): the trials
 * that ran locally, and the local runs that failed and were handed to a regular activity
 * (an interrupted one among them). Shared by the benches that count them.
 */
function localActivityType(marker) {
  return JSON.parse(Buffer.from(marker.details?.data?.payloads?.[0]?.data ?? []).toString('utf8') || '{}').activity_type;
}

export function runTrialMarkers(events) {
  const markers = events
    .map((e) => e.markerRecordedEventAttributes)
    .filter((m) => m?.markerName === 'core_local_activity' && localActivityType(m) === 'runTrial');
  return { ran: markers.filter((m) => !m.failure), failed: markers.filter((m) => m.failure) };
}
