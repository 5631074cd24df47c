/**
 * A weighted ensemble of fitted pipelines: its probabilities are the weighted average of the
 * members' probabilities, in one common class order (the sorted union of the members'
 * classes; a member that never saw a class gives it probability 0). Nothing else: the
 * output is probabilities only, so a decision rule or argmax applies to it as to any
 * pipeline.
 *
 * `Pipeline` delegates to this when it holds an ensemble (see pipeline.ts), so a bundle with
 * an ensemble loads, serves, scores and exports through the same path as a single pipeline.
 * Members are typed structurally here, which keeps this file free of a runtime import of
 * pipeline.ts.
 */
import { UserInputError } from '../../core/errors.js';
import { classOrder } from '../../core/labels.js';
import type { FittedPipelineJSON } from './pipeline.js';
import type { Table } from './table.js';

/** What an ensemble needs of a member (a fitted Pipeline). */
export interface EnsembleMemberModel {
  readonly classes: string[];
  readonly inputColumns: string[];
  readonly requiresAsyncTransform: boolean;
  predictProba(table: Table): Float64Array;
  predictProbaAsync(table: Table): Promise<Float64Array>;
  prepare(): Promise<unknown>;
}

export interface WeightedMember<M> {
  weight: number;
  model: M;
}

/** Checks member weights; returns every problem, each naming the member. */
export function ensembleWeightProblems(weights: readonly number[]): string[] {
  const problems: string[] = [];
  if (weights.length === 0) problems.push('ensemble: at least one member is needed');
  weights.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isFinite(w) || w <= 0) problems.push(`ensemble.members[${i}].weight: must be a finite number > 0, got ${JSON.stringify(w)}`);
  });
  return problems;
}

export class WeightedEnsemble<M extends EnsembleMemberModel> {
  /** Weights normalised to sum to 1, in member order. */
  readonly weights: number[];

  constructor(readonly members: readonly WeightedMember<M>[]) {
    const problems = ensembleWeightProblems(members.map((m) => m.weight));
    if (problems.length) throw new UserInputError(problems, 'invalid ensemble');
    const total = members.reduce((s, m) => s + m.weight, 0);
    this.weights = members.map((m) => m.weight / total);
  }

  /** The union of the members' classes in class order (core/labels.ts, the order each member's own classes follow). */
  get classes(): string[] {
    return classOrder(this.members.flatMap((m) => m.model.classes));
  }

  /** Every column some member reads, in member order. */
  get inputColumns(): string[] {
    return [...new Set(this.members.flatMap((m) => m.model.inputColumns))];
  }

  get requiresAsyncTransform(): boolean {
    return this.members.some((m) => m.model.requiresAsyncTransform);
  }

  async prepare(): Promise<void> {
    await Promise.all(this.members.map((m) => m.model.prepare()));
  }

  predictProba(table: Table): Float64Array {
    return this.average(table.nRows, this.members.map((m) => m.model.predictProba(table)));
  }

  async predictProbaAsync(table: Table): Promise<Float64Array> {
    const outputs: Float64Array[] = [];
    // One member at a time: members may share a thread's encoder session or kuromoji.
    for (const m of this.members) outputs.push(m.model.requiresAsyncTransform ? await m.model.predictProbaAsync(table) : m.model.predictProba(table));
    return this.average(table.nRows, outputs);
  }

  private average(rows: number, outputs: Float64Array[]): Float64Array {
    const classes = this.classes;
    const k = classes.length;
    const out = new Float64Array(rows * k);
    this.members.forEach((m, i) => {
      const own = m.model.classes;
      const column = own.map((c) => classes.indexOf(c));
      const w = this.weights[i];
      const proba = outputs[i];
      for (let r = 0; r < rows; r++) for (let j = 0; j < own.length; j++) out[r * k + column[j]] += w * proba[r * own.length + j];
    });
    return out;
  }
}

/** The fitted form of an ensemble, inside the same pipeline JSON format as a single pipeline. */
export interface FittedEnsembleJSON {
  format: 'autoflow.pipeline/v1';
  kind: 'ensemble';
  /** The common class order of the probabilities. */
  classes: string[];
  /** Weights sum to 1. */
  members: { weight: number; pipeline: FittedPipelineJSON }[];
}

export function isEnsembleJSON(json: FittedPipelineJSON): json is FittedEnsembleJSON {
  return (json as Partial<FittedEnsembleJSON>).kind === 'ensemble';
}
