/**
 * Fitted pipeline -> ONNX graph that onnxruntime(-node) runs to the same probabilities as the
 * TypeScript `predictProba` (the tests hold them within 1e-5).
 *
 * This module only composes: each component kind that exports registers a converter with its
 * definition (`toOnnx`, ./onnx-converter.ts) that writes its own nodes; what a converter
 * supports, and how its inputs are fed, is documented beside it. A pipeline exports when its
 * classifier and every block have a converter that accepts their params; otherwise
 * `onnxExportProblems` names the reasons and `exportPipelineToOnnx` returns undefined.
 *
 * Graph: one input per column ([N] strings or doubles, named after the column).
 * - A linear classifier (or one whose first step is linear, as a neural network's first
 *   layer): its scores are a sum over feature blocks, so each block contributes its own
 *   partial scores (its slice of the weights, times its combine weight) and no feature
 *   concatenation is needed; then the intercepts and the classifier's head.
 * - A tree classifier: every block's exact features (times its combine weight),
 *   concatenated, then the classifier's nodes.
 * - An ensemble (components/core/ensemble.ts): every member's probabilities from the shared
 *   inputs, mapped to the ensemble's class order, times the member's weight, summed. It
 *   exports when every member does.
 * Outputs: `probabilities` (double [N, classes], in `pipeline.classes` order) and `label`
 * (string [N], the first most probable class, or the label by the pipeline's stored decision rule). No ZipMap (onnxruntime-node cannot return
 * non-tensor outputs).
 */
import { findComponent, listComponents } from '../core/component-table.js';
import { isEnsembleJSON, type FittedEnsembleJSON } from '../core/ensemble.js';
import type { FittedPipelineJSON, FittedSinglePipelineJSON, Pipeline } from '../core/pipeline.js';
import type { ComponentDefinition } from '../core/types.js';
import { OnnxGraphBuilder, DataType, attr } from './onnx-builder.js';
import { decisionScores } from './decision-head.js';
import type { BlockOnnxConverter, ClassifierOnnxConverter, LinearClassifierOnnxConverter } from './onnx-converter.js';

export const ONNX_OUTPUTS = { probabilities: 'probabilities', label: 'label' } as const;

export interface OnnxInput {
  name: string;
  type: 'string' | 'double';
}

type BlockJSON = FittedSinglePipelineJSON['blocks'][number];

function fittedJSON(pipeline: Pipeline | FittedPipelineJSON): FittedPipelineJSON {
  return 'toJSON' in pipeline ? pipeline.toJSON() : pipeline;
}

function blockConverterOf(kind: string): BlockOnnxConverter | undefined {
  const def = findComponent(kind);
  return def?.role === 'feature' ? def.toOnnx : undefined;
}

function classifierConverterOf(kind: string): ClassifierOnnxConverter | undefined {
  const def = findComponent(kind);
  return def?.role === 'classifier' ? def.toOnnx : undefined;
}

/** The registered kinds of a role that have a converter (and pass `accept`), for messages. */
function exportableKinds(role: ComponentDefinition['role'], accept: (def: ComponentDefinition) => boolean = () => true): string {
  return listComponents()
    .filter((c) => c.role === role && c.toOnnx !== undefined && accept(c))
    .map((c) => c.kind)
    .join(', ');
}

/** Why this fitted pipeline cannot be exported; empty = `exportPipelineToOnnx` returns a graph. */
export function onnxExportProblems(pipeline: Pipeline | FittedPipelineJSON): string[] {
  if ('isFitted' in pipeline && !pipeline.isFitted) return ['pipeline is not fitted'];
  const json = fittedJSON(pipeline);
  if (isEnsembleJSON(json)) return ensembleProblems(json);
  return singleProblems(json);
}

function ensembleProblems(json: FittedEnsembleJSON): string[] {
  const problems = json.members.flatMap((m, i) => onnxExportProblems(m.pipeline).map((p) => `ensemble member ${i + 1}: ${p}`));
  // The members share the graph's inputs, so a column must be fed the same way to all of them.
  const inputTypes = new Map<string, OnnxInput['type']>();
  json.members.forEach((m, i) => {
    for (const input of onnxInputs(m.pipeline)) {
      const seen = inputTypes.get(input.name);
      if (seen && seen !== input.type) problems.push(`ensemble member ${i + 1}: column "${input.name}" would be both a ${seen} and a ${input.type} input`);
      inputTypes.set(input.name, input.type);
    }
  });
  return problems;
}

function singleProblems(json: FittedSinglePipelineJSON): string[] {
  const problems: string[] = [];
  const inputTypes = new Map<string, OnnxInput['type']>();
  for (const b of json.blocks) {
    const where = `features__${b.name}`;
    const converter = blockConverterOf(b.kind);
    if (!converter) {
      problems.push(`${where}: "${b.kind}" blocks do not export to ONNX (exportable: ${exportableKinds('feature')})`);
      continue;
    }
    for (const p of converter.canExport?.(b.params) ?? []) problems.push(`${where}__${p}`);
    const type = converter.input;
    const seen = inputTypes.get(b.column);
    if (seen && seen !== type) problems.push(`${where}: column "${b.column}" would be both a ${seen} and a ${type} input`);
    inputTypes.set(b.column, type);
    if (Object.values(ONNX_OUTPUTS).includes(b.column as never)) problems.push(`${where}: column name "${b.column}" clashes with an ONNX output name`);
  }
  const classifier = classifierConverterOf(json.classifier.kind);
  if (!classifier) {
    problems.push(`classifier: "${json.classifier.kind}" does not export to ONNX (exportable: ${exportableKinds('classifier')})`);
  }
  for (const p of classifier?.canExport?.(json.classifier.params) ?? []) problems.push(`classifier__${p}`);
  if (classifier?.form === 'tree') {
    for (const b of json.blocks) {
      const converter = blockConverterOf(b.kind);
      if (converter && !converter.features) {
        problems.push(`features__${b.name}: "${b.kind}" blocks do not export under ${json.classifier.kind} (onnxruntime computes them in float32, which can move a row across a tree threshold; exportable: ${exportableKinds('feature', (c) => c.role === 'feature' && c.toOnnx?.features !== undefined)})`);
      }
    }
  }
  return problems;
}

/** The graph's inputs, one per column read, in block order. */
export function onnxInputs(pipeline: Pipeline | FittedPipelineJSON): OnnxInput[] {
  const json = fittedJSON(pipeline);
  const inputs = new Map<string, OnnxInput>();
  if (isEnsembleJSON(json)) {
    for (const m of json.members) for (const input of onnxInputs(m.pipeline)) if (!inputs.has(input.name)) inputs.set(input.name, input);
    return [...inputs.values()];
  }
  for (const b of json.blocks) if (!inputs.has(b.column)) inputs.set(b.column, { name: b.column, type: blockConverterOf(b.kind)?.input ?? 'string' });
  return [...inputs.values()];
}

/** The pipeline as a serialised ONNX ModelProto, or undefined when some part cannot be exported. */
export function exportPipelineToOnnx(pipeline: Pipeline | FittedPipelineJSON): Uint8Array | undefined {
  if (onnxExportProblems(pipeline).length > 0) return undefined;
  const json = fittedJSON(pipeline);
  const g = new OnnxGraphBuilder('autoflow_pipeline');
  const inputNames = new Map<string, string>();
  for (const input of onnxInputs(json)) {
    inputNames.set(input.name, g.input(input.name, input.type === 'double' ? DataType.DOUBLE : DataType.STRING, ['N']));
  }

  const probabilities = ONNX_OUTPUTS.probabilities;
  writeProbabilities(g, json, inputNames, probabilities, '');
  // The label follows the stored decision rule, as Pipeline.predict does (./decision-head.ts).
  const [index] = g.node('ArgMax', [decisionScores(g, probabilities, json.classes, json.decision)], ['class_index'], [attr.int('axis', 1), attr.int('keepdims', 0), attr.int('select_last_index', 0)]);
  g.nodeNamed(
    'LabelEncoder',
    [index],
    [ONNX_OUTPUTS.label],
    [attr.ints('keys_int64s', json.classes.map((_, i) => i)), attr.strings('values_strings', json.classes), attr.string('default_string', '')],
    'ai.onnx.ml',
  );
  g.output(probabilities, DataType.DOUBLE, ['N', json.classes.length]);
  g.output(ONNX_OUTPUTS.label, DataType.STRING, ['N']);
  return g.toBytes({
    producerName: 'autoflow',
    docString: 'AutoFlow pipeline export',
    extraOpsets: [{ domain: 'com.microsoft', version: 1 }],
    metadata: { 'autoflow.classes': JSON.stringify(json.classes), 'autoflow.inputs': JSON.stringify(onnxInputs(json)), ...(json.decision ? { 'autoflow.decision': JSON.stringify(json.decision) } : {}) },
  });
}

/** Writes the [N, classes] probabilities of `json` as the value named `out`. */
function writeProbabilities(g: OnnxGraphBuilder, json: FittedPipelineJSON, inputNames: Map<string, string>, out: string, prefix: string): void {
  if (isEnsembleJSON(json)) {
    ensembleProbabilities(g, json, inputNames, out, prefix);
    return;
  }
  const classifier = classifierConverterOf(json.classifier.kind)!;
  const fitted = { name: 'classifier', params: json.classifier.params, state: json.classifier.state };
  if (classifier.form === 'tree') classifier.probabilities(g, fitted, blockFeatures(g, json, inputNames), out);
  else linearProbabilities(g, json, classifier, inputNames, out);
}

/**
 * Sum over members of weight x probabilities, each member's columns moved to the ensemble's
 * class order by a [member classes, classes] matrix that also carries the weight (a plain
 * Mul when the orders agree, as they do when every member saw every class).
 */
function ensembleProbabilities(g: OnnxGraphBuilder, json: FittedEnsembleJSON, inputNames: Map<string, string>, out: string, prefix: string): void {
  const K = json.classes.length;
  const parts = json.members.map((m, i) => {
    const memberPrefix = `${prefix}m${i}_`;
    const proba = `${memberPrefix}probabilities`;
    writeProbabilities(g, m.pipeline, inputNames, proba, memberPrefix);
    const own = m.pipeline.classes;
    if (own.length === K && own.every((c, j) => c === json.classes[j])) return g.node('Mul', [proba, g.constant(`${memberPrefix}weight`, 'double', [], [m.weight])], [`${memberPrefix}weighted`])[0];
    const map = new Float64Array(own.length * K);
    own.forEach((c, j) => (map[j * K + json.classes.indexOf(c)] = m.weight));
    return g.node('MatMul', [proba, g.constant(`${memberPrefix}class_map`, 'double', [own.length, K], map)], [`${memberPrefix}weighted`])[0];
  });
  g.nodeNamed(parts.length === 1 ? 'Identity' : 'Sum', parts, [out]);
}

/** Multiplies a block's [N, *] output by its combine weight when that is not 1. */
function weighted(g: OnnxGraphBuilder, json: FittedSinglePipelineJSON, b: BlockJSON, value: string): string {
  const w = json.spec.combine?.weights?.[b.name] ?? 1;
  if (w === 1) return value;
  return g.node('Mul', [value, g.constant('block_weight', 'double', [], [w])], [`${b.name}_weighted`])[0];
}

/** Linear scores as per-block partial scores, summed, plus intercepts, then the classifier's head. */
function linearProbabilities(g: OnnxGraphBuilder, json: FittedSinglePipelineJSON, classifier: LinearClassifierOnnxConverter, inputNames: Map<string, string>, probabilities: string): void {
  const model = classifier.linear({ name: 'classifier', params: json.classifier.params, state: json.classifier.state });
  const K = model.intercepts.length;
  let offset = 0;
  const partials: string[] = [];
  for (const b of json.blocks) {
    const converter = blockConverterOf(b.kind)!;
    const width = converter.width(b.state);
    // This block's rows of the weight matrix, [width, K] row-major.
    const W = new Float64Array(width * K);
    for (let j = 0; j < width; j++) for (let k = 0; k < K; k++) W[j * K + k] = model.weight(offset + j, k);
    offset += width;
    const input = inputNames.get(b.column)!;
    let partial: string;
    if (converter.logits) partial = converter.logits(g, b, input, W, K);
    else [partial] = g.node('MatMul', [converter.features!(g, b, input), g.constant(`${b.name}_W`, 'double', [width, K], W)], [`${b.name}_scores`]);
    partials.push(weighted(g, json, b, partial));
  }
  if (offset !== model.nFeatures) throw new Error(`onnx export: blocks give ${offset} features, the classifier was fitted on ${model.nFeatures}`);

  const [sum] = partials.length === 1 ? partials : g.node('Sum', partials, ['logits_sum']);
  const [logits] = g.node('Add', [sum, g.constant('intercepts', 'double', [K], model.intercepts)], ['logits']);
  model.head(g, logits, probabilities);
}

/** Every block's features concatenated, [N, F] doubles, in the pipeline's column order (for tree models). */
function blockFeatures(g: OnnxGraphBuilder, json: FittedSinglePipelineJSON, inputNames: Map<string, string>): string {
  const parts = json.blocks.map((b) => weighted(g, json, b, blockConverterOf(b.kind)!.features!(g, b, inputNames.get(b.column)!)));
  if (parts.length === 1) return parts[0];
  const [all] = g.node('Concat', parts, ['features'], [attr.int('axis', 1)]);
  return all;
}
