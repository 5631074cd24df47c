/**
 * A pipeline = named feature blocks (each reading one column) -> weighted concatenation ->
 * one classifier. The JSON spec is the single source of truth for training, export and
 * serving; parameters are addressed `features__<block>__<param>` and `classifier__<param>`.
 */
import { getClassifierComponent, getFeatureComponent } from './component-table.js';
import { UserInputError } from '../../core/errors.js';
import { encodeLabels, requireTwoClasses, type EncodedLabels } from '../../core/labels.js';
import { isEnsembleJSON, WeightedEnsemble, type FittedEnsembleJSON } from './ensemble.js';
import { checkDecisionRule, decideLabels, type DecisionRule } from './decision-rule.js';
import { hstack, type FeatureMatrix } from './matrix.js';
import { resolveParams, type ResolvedParams } from './params.js';
import type { Table } from './table.js';
import type { CellValue, Classifier, ColumnType, ComponentDefinition, FeatureExtractor, FitContext } from './types.js';

export interface BlockSpec {
  kind: string;
  /** The input column; defaults to the block's name. */
  column?: string;
  [param: string]: unknown;
}

export interface ClassifierSpec {
  kind: string;
  [param: string]: unknown;
}

export interface PipelineSpec {
  features: Record<string, BlockSpec>;
  combine?: { kind: 'concat'; weights?: Record<string, number> };
  classifier: ClassifierSpec;
}

export const PIPELINE_FORMAT = 'autoflow.pipeline/v1';

/** One fitted pipeline: feature blocks -> classifier. */
export interface FittedSinglePipelineJSON {
  format: typeof PIPELINE_FORMAT;
  spec: PipelineSpec;
  classes: string[];
  blocks: { name: string; column: string; kind: string; params: ResolvedParams; state: unknown }[];
  classifier: { kind: string; params: ResolvedParams; state: unknown };
}

/** What `Pipeline.toJSON` writes and `fromJSON` reads: one pipeline, or a weighted ensemble of them (./ensemble.ts). */
export type FittedPipelineJSON = (FittedSinglePipelineJSON | FittedEnsembleJSON) & {
  /** How labels follow from the probabilities (./decision-rule.ts); absent = argmax, as in bundles made before rules. */
  decision?: DecisionRule;
};

interface ResolvedBlock {
  name: string;
  column: string;
  kind: string;
  params: ResolvedParams;
  weight: number;
}

/**
 * Checks a spec against the component table and, when given, the table's column types.
 * Returns every problem found, each naming its path.
 */
export function validatePipelineSpec(spec: PipelineSpec, columnTypes?: Record<string, ColumnType>): string[] {
  return resolveSpec(spec, columnTypes).problems;
}

function resolveSpec(spec: PipelineSpec, columnTypes?: Record<string, ColumnType>) {
  const problems: string[] = [];
  const blocks: ResolvedBlock[] = [];
  if (!spec || typeof spec !== 'object') return { problems: ['pipeline: expected an object'], blocks, classifier: undefined };
  const features = spec.features ?? {};
  if (Object.keys(features).length === 0) problems.push('pipeline.features: at least one feature block is needed');
  const weights = spec.combine?.weights ?? {};
  for (const name of Object.keys(weights)) {
    if (!(name in features)) problems.push(`combine__weights__${name}: no feature block named "${name}"`);
  }
  for (const [name, block] of Object.entries(features)) {
    const where = `features__${name}`;
    if (name.includes('__')) problems.push(`${where}: block names must not contain "__"`);
    try {
      const def = getFeatureComponent(block?.kind, `${where}__kind`);
      const column = typeof block.column === 'string' ? block.column : name;
      if (columnTypes) {
        const type = columnTypes[column];
        if (!type) problems.push(`${where}__column: unknown column "${column}"; columns: ${Object.keys(columnTypes).join(', ')}`);
        else if (!def.accepts.includes(type)) problems.push(`${where}: "${def.kind}" reads ${def.accepts.join('/')} columns, but "${column}" is ${type}`);
      }
      const resolved = resolveParams(def.params, block, where);
      problems.push(...resolved.problems, ...crossParamProblems(def, resolved, where));
      const weight = weights[name] ?? 1;
      if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) problems.push(`combine__weights__${name}: must be a number >= 0`);
      blocks.push({ name, column, kind: def.kind, params: resolved.params, weight });
    } catch (e) {
      if (e instanceof UserInputError) problems.push(...e.problems);
      else throw e;
    }
  }
  let classifier: { kind: string; params: ResolvedParams } | undefined;
  try {
    const def = getClassifierComponent(spec.classifier?.kind, 'classifier__kind');
    const resolved = resolveParams(def.params, spec.classifier, 'classifier');
    problems.push(...resolved.problems, ...crossParamProblems(def, resolved, 'classifier'));
    classifier = { kind: def.kind, params: resolved.params };
  } catch (e) {
    if (e instanceof UserInputError) problems.push(...e.problems);
    else throw e;
  }
  return { problems, blocks, classifier };
}

export interface NegativeOutputContext {
  /** Smallest training value of each numeric column (log1p of a non-negative column stays non-negative). */
  columnMin?: Record<string, number>;
  /** Values a block's params take in a search, by block name: each one must keep the output non-negative. */
  searched?: (block: string) => Record<string, readonly unknown[]>;
}

/**
 * The feature blocks of `spec` that can output negative values with their params (or any
 * searched value of them), e.g. a standardised numeric column. Classifiers with
 * `needsNonNegativeInput` cannot fit on them.
 */
export function blocksWithNegativeOutput(spec: PipelineSpec, context: NegativeOutputContext = {}): { name: string; kind: string }[] {
  return resolveSpec(spec)
    .blocks.filter((b) => {
      const def = getFeatureComponent(b.kind, b.name);
      const input = { min: context.columnMin?.[b.column] };
      if (!def.nonNegativeOutput(b.params, input)) return true;
      return Object.entries(context.searched?.(b.name) ?? {}).some(([param, values]) => values.some((v) => !def.nonNegativeOutput({ ...b.params, [param]: v } as ResolvedParams, input)));
    })
    .map((b) => ({ name: b.name, kind: b.kind }));
}

function crossParamProblems(def: ComponentDefinition, resolved: { params: ResolvedParams; problems: string[] }, where: string): string[] {
  if (resolved.problems.length > 0 || !def.validate) return [];
  return def.validate(resolved.params).map((p) => `${where}__${p}`);
}

export class Pipeline {
  private readonly spec_: PipelineSpec;
  private readonly blocks: ResolvedBlock[];
  /** Set when this pipeline is a weighted ensemble of member pipelines; the other fields are then unused. */
  private ensemble: WeightedEnsemble<Pipeline> | undefined;
  private readonly classifierSpec: { kind: string; params: ResolvedParams };
  private extractors: FeatureExtractor[] | undefined;
  private model: Classifier | undefined;
  private classes_: string[] | undefined;
  private decision_: DecisionRule | undefined;

  private constructor(spec: PipelineSpec, blocks: ResolvedBlock[], classifier: { kind: string; params: ResolvedParams }) {
    this.spec_ = spec;
    this.blocks = blocks;
    this.classifierSpec = classifier;
  }

  /** Validates the spec; throws a UserInputError listing every problem. */
  static create(spec: PipelineSpec, columnTypes?: Record<string, ColumnType>): Pipeline {
    const { problems, blocks, classifier } = resolveSpec(spec, columnTypes);
    if (problems.length > 0 || !classifier) throw new UserInputError(problems, 'invalid pipeline');
    return new Pipeline(structuredClone(spec), blocks, classifier);
  }

  /**
   * A weighted ensemble of pipelines (fitted or not; `fit` fits every member on the same
   * data). Its probabilities are the weighted average of the members' (./ensemble.ts).
   */
  static ensembleOf(members: readonly { weight: number; pipeline: Pipeline }[]): Pipeline {
    const ensemble = new WeightedEnsemble(members.map((m) => ({ weight: m.weight, model: m.pipeline })));
    const first = members[0].pipeline;
    const pipeline = new Pipeline(first.spec_, [], first.classifierSpec);
    pipeline.ensemble = ensemble;
    return pipeline;
  }

  /** The pipeline spec. An ensemble has none of its own (read `members`), so this throws for one. */
  get spec(): PipelineSpec {
    if (this.ensemble) throw new Error('an ensemble has no single pipeline spec: read pipeline.members');
    return this.spec_;
  }

  /** The members and their normalised weights when this is an ensemble, else undefined. */
  get members(): { weight: number; pipeline: Pipeline }[] | undefined {
    return this.ensemble?.members.map((m, i) => ({ weight: this.ensemble!.weights[i], pipeline: m.model }));
  }

  /** The feature blocks reading the input (every member's, for an ensemble): what serving validates requests against. */
  get inputBlocks(): { name: string; column: string; kind: string }[] {
    if (this.ensemble) return this.ensemble.members.flatMap((m) => m.model.inputBlocks);
    return this.blocks.map((b) => ({ name: b.name, column: b.column, kind: b.kind }));
  }

  get classes(): string[] {
    if (this.ensemble) return this.ensemble.classes;
    if (!this.classes_) throw new Error('pipeline is not fitted');
    return this.classes_;
  }

  get isFitted(): boolean {
    if (this.ensemble) return this.ensemble.members.every((m) => m.model.isFitted);
    return this.model !== undefined;
  }

  /**
   * The fitted blocks (with the column each reads and its weight in the feature matrix) and
   * classifier, for compiling a pipeline into a specialised scorer (components/compiled);
   * undefined for an ensemble or a pipeline not fitted.
   */
  fittedParts(): { blocks: { column: string; weight: number; extractor: FeatureExtractor }[]; classifier: Classifier } | undefined {
    if (this.ensemble || !this.extractors || !this.model) return undefined;
    const extractors = this.extractors;
    return { blocks: this.blocks.map((b, i) => ({ column: b.column, weight: b.weight, extractor: extractors[i] })), classifier: this.model };
  }

  /** Columns the pipeline reads, for input validation in serving. */
  get inputColumns(): string[] {
    if (this.ensemble) return this.ensemble.inputColumns;
    return [...new Set(this.blocks.map((b) => b.column))];
  }

  /**
   * Fits every block and the classifier synchronously. A block with async needs (a
   * `prepare` that has not run in this process, or an async-only transform such as
   * onnx_encoder) throws a clear error: use `fitAsync` for those.
   */
  fit(table: Table, labels: readonly CellValue[], ctx: FitContext = DEFAULT_FIT_CONTEXT): this {
    if (this.ensemble) {
      for (const m of this.ensemble.members) m.model.fit(table, labels, ctx);
      return this;
    }
    const { classes, y } = encodeTrainingLabels(labels);
    const extractors = this.createExtractors();
    const blockCtx: FitContext = { ...ctx, target: { y, nClasses: classes.length } };
    const blockOutputs = this.blocks.map((b, i) => {
      const out = fitTransformOne(extractors[i], columnOf(table, b.column), blockCtx);
      ctx.onProgress?.((EXTRACTOR_SHARE * (i + 1)) / this.blocks.length);
      return out;
    });
    return this.fitClassifier(extractors, blockOutputs, y, classes, ctx, this.createClassifier());
  }

  /**
   * `fit` for every pipeline: awaits each block's `prepare` (kuromoji dictionary, ONNX
   * session) and uses `transformAsync` where a block has it. Same result as `fit` otherwise.
   */
  async fitAsync(table: Table, labels: readonly CellValue[], ctx: FitContext = DEFAULT_FIT_CONTEXT): Promise<this> {
    if (this.ensemble) {
      const n = this.ensemble.members.length;
      for (const [i, m] of this.ensemble.members.entries()) {
        await m.model.fitAsync(table, labels, { ...ctx, onProgress: ctx.onProgress ? (f) => ctx.onProgress!((i + f) / n) : undefined });
      }
      return this;
    }
    const { classes, y } = encodeTrainingLabels(labels);
    const extractors = this.createExtractors();
    const model = this.createClassifier();
    await Promise.all([...extractors.map((e) => e.prepare?.()), model.prepare?.()]);
    const blockCtx: FitContext = { ...ctx, target: { y, nClasses: classes.length } };
    const blockOutputs: FeatureMatrix[] = [];
    for (let i = 0; i < this.blocks.length; i++) {
      const extractor = extractors[i];
      const values = columnOf(table, this.blocks[i].column);
      if (extractor.transformAsync) {
        extractor.fit(values, blockCtx);
        blockOutputs.push(await extractor.transformAsync(values, { shouldStop: ctx.shouldStop }));
      } else {
        blockOutputs.push(fitTransformOne(extractor, values, blockCtx));
      }
      ctx.onProgress?.((EXTRACTOR_SHARE * (i + 1)) / this.blocks.length);
    }
    return this.fitClassifier(extractors, blockOutputs, y, classes, ctx, model);
  }

  /**
   * Loads what the blocks need outside the heap (idempotent). On a fitted or loaded pipeline
   * it also checks those resources still match the fitted state (e.g. an ONNX model
   * directory's sha256). After it resolves, the synchronous `predictProba` works for every
   * block without an async-only transform (see `requiresAsyncTransform`).
   */
  async prepare(): Promise<this> {
    if (this.ensemble) {
      await this.ensemble.prepare();
      return this;
    }
    const extractors = this.extractors ?? this.createExtractors();
    await Promise.all(extractors.map((e) => e.prepare?.()));
    return this;
  }

  /** Whether some fitted block can only transform asynchronously (use `predictProbaAsync`). */
  get requiresAsyncTransform(): boolean {
    if (this.ensemble) return this.ensemble.requiresAsyncTransform;
    if (!this.extractors) throw new Error('pipeline is not fitted');
    return this.extractors.some((e) => e.transformAsync !== undefined);
  }

  private createExtractors(): FeatureExtractor[] {
    return this.blocks.map((b) => getFeatureComponent(b.kind, `features__${b.name}__kind`).create(b.params));
  }

  private createClassifier(): Classifier {
    return getClassifierComponent(this.classifierSpec.kind, 'classifier__kind').create(this.classifierSpec.params);
  }

  private fitClassifier(extractors: FeatureExtractor[], blockOutputs: FeatureMatrix[], y: Int32Array, classes: string[], ctx: FitContext, model: Classifier): this {
    const X = hstack(blockOutputs, this.blocks.map((b) => b.weight));
    model.fit(X, y, classes.length, {
      ...ctx,
      onProgress: ctx.onProgress ? (f) => ctx.onProgress!(EXTRACTOR_SHARE + (1 - EXTRACTOR_SHARE) * f) : undefined,
    });
    this.extractors = extractors;
    this.model = model;
    this.classes_ = classes;
    return this;
  }

  /** The combined feature matrix, as the classifier sees it. */
  transform(table: Table): FeatureMatrix {
    if (this.ensemble) throw new Error('an ensemble has no single feature matrix: transform its members');
    if (!this.extractors) throw new Error('pipeline is not fitted');
    const blocks = this.blocks.map((b, i) => this.extractors![i].transform(columnOf(table, b.column)));
    return hstack(blocks, this.blocks.map((b) => b.weight));
  }

  /** `transform` for every pipeline: prepares the blocks and uses `transformAsync` where a block has it. */
  async transformAsync(table: Table, options?: { shouldStop?: () => boolean }): Promise<FeatureMatrix> {
    if (this.ensemble) throw new Error('an ensemble has no single feature matrix: transform its members');
    if (!this.extractors) throw new Error('pipeline is not fitted');
    await this.prepare();
    const blocks: FeatureMatrix[] = [];
    for (let i = 0; i < this.blocks.length; i++) {
      const extractor = this.extractors[i];
      const values = columnOf(table, this.blocks[i].column);
      blocks.push(extractor.transformAsync ? await extractor.transformAsync(values, options) : extractor.transform(values));
    }
    return hstack(blocks, this.blocks.map((b) => b.weight));
  }

  /** Row-major rows x classes probabilities, columns in `classes` order. */
  predictProba(table: Table): Float64Array {
    if (this.ensemble) return this.ensemble.predictProba(table);
    if (!this.model) throw new Error('pipeline is not fitted');
    return this.model.predictProba(this.transform(table));
  }

  /** The label of each row (as strings, as in `classes`): by the decision rule when one is set, else the most probable class. */
  predict(table: Table): string[] {
    return decideLabels(this.predictProba(table), this.classes, this.decision_);
  }

  /** `predict` for every pipeline (see `transformAsync`). */
  async predictAsync(table: Table): Promise<string[]> {
    return decideLabels(await this.predictProbaAsync(table), this.classes, this.decision_);
  }

  /** The decision rule `predict` labels by (chosen on validation at refit); undefined = argmax. */
  get decisionRule(): DecisionRule | undefined {
    return this.decision_;
  }

  /**
   * Sets (or, with undefined, clears) the decision rule; it is saved by `toJSON`. The rule is
   * checked against the fitted classes, so set it after fitting; it is kept across later fits.
   */
  setDecisionRule(rule: DecisionRule | undefined): this {
    if (rule !== undefined) checkDecisionRule(rule, this.classes);
    this.decision_ = rule === undefined ? undefined : structuredClone(rule);
    return this;
  }

  /** `predictProba` for every pipeline (see `transformAsync`). */
  async predictProbaAsync(table: Table): Promise<Float64Array> {
    if (this.ensemble) return this.ensemble.predictProbaAsync(table);
    if (!this.model) throw new Error('pipeline is not fitted');
    return this.model.predictProba(await this.transformAsync(table));
  }

  toJSON(): FittedPipelineJSON {
    const json = this.fittedJSON();
    return this.decision_ ? { ...json, decision: structuredClone(this.decision_) } : json;
  }

  private fittedJSON(): FittedPipelineJSON {
    if (this.ensemble) {
      return { format: PIPELINE_FORMAT, kind: 'ensemble', classes: this.classes, members: this.ensemble.members.map((m, i) => ({ weight: this.ensemble!.weights[i], pipeline: m.model.toJSON() })) };
    }
    if (!this.model || !this.extractors || !this.classes_) throw new Error('pipeline is not fitted');
    return {
      format: PIPELINE_FORMAT,
      spec: this.spec,
      classes: this.classes_,
      blocks: this.blocks.map((b, i) => ({ name: b.name, column: b.column, kind: b.kind, params: b.params, state: this.extractors![i].getState() })),
      classifier: { kind: this.classifierSpec.kind, params: this.classifierSpec.params, state: this.model.getState() },
    };
  }

  static fromJSON(json: FittedPipelineJSON): Pipeline {
    const pipeline = Pipeline.loadFitted(json);
    return json.decision === undefined ? pipeline : pipeline.setDecisionRule(json.decision);
  }

  private static loadFitted(json: FittedPipelineJSON): Pipeline {
    if (json?.format !== PIPELINE_FORMAT) throw new UserInputError(`not a fitted pipeline (format ${JSON.stringify(json?.format)}, expected ${PIPELINE_FORMAT})`);
    if (isEnsembleJSON(json)) {
      if (!Array.isArray(json.members)) throw new UserInputError('ensemble.members: expected an array of { weight, pipeline }');
      return Pipeline.ensembleOf(json.members.map((m) => ({ weight: m.weight, pipeline: Pipeline.fromJSON(m.pipeline) })));
    }
    const pipeline = Pipeline.create(json.spec);
    pipeline.extractors = json.blocks.map((b) => getFeatureComponent(b.kind, `features__${b.name}__kind`).load(b.params, b.state));
    pipeline.model = getClassifierComponent(json.classifier.kind, 'classifier__kind').load(json.classifier.params, json.classifier.state);
    pipeline.classes_ = json.classes;
    return pipeline;
  }
}

/** fit + transform of one extractor, in one pass when it has `fitTransform`. */
export function fitTransformOne(extractor: FeatureExtractor, values: readonly CellValue[], ctx: FitContext): FeatureMatrix {
  if (extractor.fitTransform) return extractor.fitTransform(values, ctx);
  extractor.fit(values, ctx);
  return extractor.transform(values);
}

/** What `fit` uses when no context is given: seed 0, so two plain fits give the same model. */
const DEFAULT_FIT_CONTEXT: FitContext = { seed: 0 };

/** Share of the progress bar given to the feature blocks; the classifier gets the rest. */
const EXTRACTOR_SHARE = 0.3;

/** The training labels as class indices (core/labels.ts: the order and keys every layer uses); at least two classes. */
function encodeTrainingLabels(labels: readonly CellValue[]): EncodedLabels {
  const encoded = encodeLabels(labels);
  requireTwoClasses(encoded.classes);
  return encoded;
}

function columnOf(table: Table, column: string): CellValue[] {
  const values = table.columns[column];
  if (!values) throw new UserInputError(`input has no column "${column}"; columns: ${Object.keys(table.columns).join(', ')}`);
  return values;
}
