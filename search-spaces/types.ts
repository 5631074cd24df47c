/**
 * The search-space vocabulary shared by samplers, pruners, the workflow and the spec.
 * Pure types: this file is imported inside the Temporal workflow sandbox.
 */

/** A categorical choice: plain JSON scalars only, so trial params stay serialisable. */
export type Choice = string | number | boolean | null;

export type Distribution =
  | { type: 'float'; low: number; high: number; log?: boolean; step?: number }
  | { type: 'int'; low: number; high: number; log?: boolean; step?: number }
  | { type: 'categorical'; choices: Choice[] };

/**
 * One searchable parameter, addressed by a scikit-learn style path
 * (`classifier`, `classifier__C`, `features__body__ngramMax`).
 * `condition` makes it exist only when an earlier parameter takes one of the listed values
 * (the classifier choice decides which classifier parameters exist).
 */
export interface ParamSpace {
  name: string;
  dist: Distribution;
  condition?: { param: string; in: Choice[] };
}

/** Ordered: a condition may only refer to a parameter listed before it. */
export interface SearchSpace {
  params: ParamSpace[];
}

export type ParamValues = Record<string, Choice>;

export type Direction = 'maximize' | 'minimize';

export type TrialState = 'running' | 'complete' | 'failed' | 'pruned';

/** What a sampler may read about a trial. `value` is set for complete (and pruned, last reported) trials. */
export interface TrialRecord {
  number: number;
  params: ParamValues;
  state: TrialState;
  value?: number;
  /**
   * Multi-objective results: one value per objective, in the order of `AskContext.directions`
   * (complete trials). Single-objective samplers read `value` only; a multi-objective workflow
   * may also set `value` (to the first objective, say) for displays.
   */
  values?: number[];
  /** Intermediate values by fidelity step (for pruners). */
  intermediate?: Record<string, number>;
}

export interface AskContext {
  space: SearchSpace;
  history: readonly TrialRecord[];
  direction: Direction;
  /**
   * Multi-objective searches: one direction per objective (`TrialRecord.values` follows this
   * order). Samplers that optimise one objective ignore it and use `direction`.
   */
  directions?: readonly Direction[];
}

/**
 * A sampler is a pure function of (space, history, its own JSON state).
 * No I/O, no clocks, no Math.random: the workflow replays it and must get the same answers.
 * The state is plain JSON so it can cross `continueAsNew`.
 */
export interface Sampler<State = unknown> {
  readonly name: string;
  init(seed: number): State;
  ask(ctx: AskContext, state: State): AskResult<State>;
}

/**
 * One suggestion. `exhausted` is set by samplers with a finite space (grid) once every point
 * has been handed out: `params` is then a repeat and the workflow should stop asking.
 */
export interface AskResult<State = unknown> {
  params: ParamValues;
  state: State;
  exhausted?: boolean;
}
