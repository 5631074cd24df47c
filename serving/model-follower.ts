/**
 * Keeps the served model in step with a registry reference (`spam@production`, `spam`,
 * `spam/7`). It polls the registry; when the reference points at another version, it loads
 * that version beside the current one (requests keep using the current model meanwhile) and
 * swaps the reference in one assignment. Requests read `current` once when they start, so a
 * request never mixes two models and none fails because of a swap.
 */
import type { ModelRegistry } from '../registry/model-registry.js';
import { parseModelReference } from '../registry/model-names.js';
import { loadServableModel, type ServableModel } from './servable-model.js';

export type FollowerEvent =
  | { type: 'loaded'; model: ServableModel }
  | { type: 'swapped'; from: ServableModel; to: ServableModel }
  | { type: 'load-failed'; version: number; error: Error }
  | { type: 'poll-failed'; error: Error };

export interface ModelFollowerOptions {
  registry: ModelRegistry;
  reference: string;
  /** How often to look at the registry; 0 = load once and never follow. Default 5000. */
  pollIntervalMs?: number;
  onEvent?: (event: FollowerEvent) => void;
  /** How to load a version; tests slow it down to prove requests keep flowing meanwhile. */
  load?: (registry: ModelRegistry, name: string, version: number) => Promise<ServableModel>;
}

export class ModelFollower {
  readonly reference: string;
  private model: ServableModel;
  private readonly options: ModelFollowerOptions;
  private readonly load: NonNullable<ModelFollowerOptions['load']>;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private checking: Promise<void> | undefined;

  private constructor(options: ModelFollowerOptions, model: ServableModel) {
    this.options = options;
    this.reference = options.reference;
    this.model = model;
    this.load = options.load ?? loadServableModel;
  }

  /** Resolves and loads the reference once; errors (no such model, tampered bundle) reach the caller. */
  static async start(options: ModelFollowerOptions): Promise<ModelFollower> {
    parseModelReference(options.reference);
    const resolved = await options.registry.resolve(options.reference);
    const model = await (options.load ?? loadServableModel)(options.registry, resolved.name, resolved.version);
    const follower = new ModelFollower(options, model);
    options.onEvent?.({ type: 'loaded', model });
    follower.schedule();
    return follower;
  }

  get current(): ServableModel {
    return this.model;
  }

  /** Looks at the registry now (also what the timer calls). Concurrent calls share one check. */
  check(): Promise<void> {
    this.checking ??= this.checkOnce().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    const interval = this.options.pollIntervalMs ?? 5000;
    if (this.stopped || interval <= 0) return;
    // A chain of timeouts, not an interval: a slow load never overlaps the next poll.
    this.timer = setTimeout(() => void this.check().finally(() => this.schedule()), interval);
    this.timer.unref();
  }

  private async checkOnce(): Promise<void> {
    let target;
    try {
      target = await this.options.registry.resolve(this.reference);
    } catch (e) {
      // The registry is unreachable or the alias was deleted: keep serving what we have.
      this.options.onEvent?.({ type: 'poll-failed', error: e as Error });
      return;
    }
    if (target.version === this.model.version || this.stopped) return;
    let next: ServableModel;
    try {
      next = await this.load(this.options.registry, target.name, target.version);
    } catch (e) {
      this.options.onEvent?.({ type: 'load-failed', version: target.version, error: e as Error });
      return;
    }
    if (this.stopped) return;
    const from = this.model;
    this.model = next;
    this.options.onEvent?.({ type: 'swapped', from, to: next });
  }
}
