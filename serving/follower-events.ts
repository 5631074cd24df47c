/**
 * What a serving process does when its model follower reports: count it in the metrics, say
 * it in one log line, and (with lean memory) collect the old model's garbage. Shared by
 * `autoflow serve` and `autoflow stream`, which follow an alias the same way.
 */
import { collectGarbage } from './lean-memory.js';
import type { ServingMetrics } from './metrics.js';
import type { FollowerEvent } from './model-follower.js';

export interface FollowerEventOptions {
  reference: string;
  metrics: ServingMetrics;
  log: (line: string) => void;
  /** Collect garbage after loads and swaps (enableLeanMemory() must have run). */
  leanMemory?: boolean;
}

export function followerEventHandler(options: FollowerEventOptions): (event: FollowerEvent) => void {
  const { reference, metrics, log } = options;
  // After a swap, work that started on the old model finishes first; then its memory goes.
  const collectSoon = (afterMs = 1000) => options.leanMemory && setTimeout(collectGarbage, afterMs).unref();
  return (event) => {
    switch (event.type) {
      case 'loaded':
        metrics.setModel(event.model, reference);
        log(`loaded ${event.model.name}/${event.model.version} for ${reference}`);
        collectSoon(0);
        break;
      case 'swapped':
        metrics.setModel(event.to, reference);
        metrics.swaps.inc();
        log(`${reference} moved: now serving ${event.to.name}/${event.to.version} (was ${event.from.version})`);
        collectSoon();
        break;
      case 'load-failed':
        metrics.loadFailures.inc();
        log(`cannot load ${reference} -> version ${event.version}, still serving the previous version: ${event.error.message}`);
        collectSoon();
        break;
      case 'poll-failed':
        log(`cannot read ${reference} from the registry, still serving the current version: ${event.error.message}`);
        break;
    }
  };
}
