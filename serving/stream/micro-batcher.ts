/**
 * Collects items into batches: a batch is handed to `flush` when it holds `maxItems` or when
 * its first item has waited `maxWaitMs`, whichever comes first. Scoring 256 records in one
 * predictProba call costs little more than scoring one, so a stream under load gets batches
 * and a quiet stream still answers within `maxWaitMs`. Several batches may be in flight (one
 * publishing its results while the next is scored); `drain` waits for all of them.
 */
export interface MicroBatcherOptions<T> {
  maxItems: number;
  maxWaitMs: number;
  flush: (items: T[]) => Promise<void>;
  /** A flush that threw; the batcher carries on. */
  onError: (error: Error) => void;
}

export class MicroBatcher<T> {
  private items: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: MicroBatcherOptions<T>) {}

  add(item: T): void {
    this.items.push(item);
    if (this.items.length >= this.options.maxItems) this.flushNow();
    else this.timer ??= setTimeout(() => this.flushNow(), this.options.maxWaitMs);
  }

  /** Hands the waiting items to `flush` now (nothing when none wait). */
  flushNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    const running: Promise<void> = this.options
      .flush(batch)
      .catch((e: Error) => this.options.onError(e))
      .finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }

  /** Batches handed to `flush` that have not finished yet. */
  get batchesInFlight(): number {
    return this.inFlight.size;
  }

  /** Flushes what waits and resolves when every batch has finished. */
  async drain(): Promise<void> {
    this.flushNow();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
