/**
 * Fitted pipeline -> ONNX graph that onnxruntime(-node) runs to the same probabilities as the
 * TypeScript `predictProba` (the tests hold them within 1e-5).
 *
 * Exportable pipelines: a linear classifier (logreg; linear_svm with sigmoid or isotonic
 * calibration; naive_bayes, multinomial or complement) or an mlp (its first layer is linear
 * in the features, the rest is MatMul/Relu/Softmax) over any mix of these blocks, or gbt over
 * numeric and one-hot blocks (./tree-ensemble.ts):
 *
 * - tfidf with analyzer 'word', tokenizer 'regex', normalize 'none', no masking (any n-gram
 *   range, idf / sublinear tf / l2 options, lower-casing on or off). The token rule
 *   `[\p{L}\p{N}_]{2,}` runs in onnxruntime's Tokenizer op (com.microsoft, RE2) and
 *   lower-casing in StringNormalizer (locale C.UTF-8). Parity holds for text in characters
 *   both sides' Unicode tables know (onnxruntime 1.30's are older than V8's: letters added
 *   in recent Unicode versions are not word characters there), except that U+0130 (İ) and
 *   a word-final capital sigma lower-case differently (JavaScript maps them
 *   context-dependently, C's towlower does not).
 * - numeric (any transform): a double input, NaN = missing.
 * - onehot: a string input; pass missing values as "__missing__", numbers as their strings.
 *
 * Anything else (char n-grams, NFKC, masking, stemming, kuromoji, hashing, embeddings, gbt
 * over text) makes `onnxExportProblems` name the reason and `exportPipelineToOnnx` return
 * undefined.
 *
 * Graph: one input per column ([N] strings or doubles, named after the column). A linear
 * model's scores are a sum over feature blocks, so each block contributes its own partial
 * logits (its slice of the weights, times its combine weight) and no feature concatenation
 * is needed; for tf-idf the l2 norm divides the [N, K] partial logits instead of the [N, V]
 * features. Outputs: `probabilities` (double [N, classes], in `pipeline.classes` order) and
 * `label` (string [N], the first most probable class). No ZipMap (onnxruntime-node cannot
 * return non-tensor outputs).
 */
import { findComponent } from '../core/component-table.js';
import type { FittedPipelineJSON, Pipeline } from '../core/pipeline.js';
import { OnnxGraphBuilder, DataType, attr } from './onnx-builder.js';
import { pairFromPositive, sigmoidPairHead, softmaxHead } from './probability-heads.js';
import { TREE_BLOCK_KINDS, treeEnsembleProbabilities } from './tree-ensemble.js';

/** The token pattern of tfidf's regex tokenizer, in RE2 syntax. */
export const ONNX_TOKEN_PATTERN = '[\\p{L}\\p{N}_]{2,}';

export const ONNX_OUTPUTS = { probabilities: 'probabilities', label: 'label' } as const;

export interface OnnxInput {
  name: string;
  type: 'string' | 'double';
}

type BlockJSON = FittedPipelineJSON['blocks'][number];

interface TfidfBlockParams {
  analyzer: string;
  ngramMin: number;
  ngramMax: number;
  lowercase: boolean;
  sublinearTf: boolean;
  useIdf: boolean;
  norm: 'l2' | 'none';
}

const BLOCK_KINDS = ['tfidf', 'numeric', 'onehot'];
const CLASSIFIER_KINDS = ['logreg', 'linear_svm', 'naive_bayes', 'mlp', 'gbt'];

function fittedJSON(pipeline: Pipeline | FittedPipelineJSON): FittedPipelineJSON {
  return 'toJSON' in pipeline ? pipeline.toJSON() : pipeline;
}

/** Why this fitted pipeline cannot be exported; empty = `exportPipelineToOnnx` returns a graph. */
export function onnxExportProblems(pipeline: Pipeline | FittedPipelineJSON): string[] {
  if ('isFitted' in pipeline && !pipeline.isFitted) return ['pipeline is not fitted'];
  const json = fittedJSON(pipeline);
  const problems: string[] = [];
  const inputTypes = new Map<string, OnnxInput['type']>();
  for (const b of json.blocks) {
    const where = `features__${b.name}`;
    if (!BLOCK_KINDS.includes(b.kind)) {
      problems.push(`${where}: "${b.kind}" blocks do not export to ONNX (exportable: ${BLOCK_KINDS.join(', ')})`);
      continue;
    }
    const def = findComponent(b.kind);
    for (const p of def?.onnxExportProblems?.(b.params) ?? []) problems.push(`${where}__${p}`);
    const type = b.kind === 'numeric' ? 'double' : 'string';
    const seen = inputTypes.get(b.column);
    if (seen && seen !== type) problems.push(`${where}: column "${b.column}" would be both a ${seen} and a ${type} input`);
    inputTypes.set(b.column, type);
    if (Object.values(ONNX_OUTPUTS).includes(b.column as never)) problems.push(`${where}: column name "${b.column}" clashes with an ONNX output name`);
  }
  if (!CLASSIFIER_KINDS.includes(json.classifier.kind)) {
    problems.push(`classifier: "${json.classifier.kind}" does not export to ONNX (exportable: ${CLASSIFIER_KINDS.join(', ')})`);
  }
  if (json.classifier.kind === 'gbt') {
    for (const b of json.blocks) {
      if (BLOCK_KINDS.includes(b.kind) && !TREE_BLOCK_KINDS.includes(b.kind)) {
        problems.push(`features__${b.name}: "${b.kind}" blocks do not export under gbt (onnxruntime computes them in float32, which can move a row across a tree threshold; exportable: ${TREE_BLOCK_KINDS.join(', ')})`);
      }
    }
  }
  return problems;
}

/** The graph's inputs, one per column read, in block order. */
export function onnxInputs(pipeline: Pipeline | FittedPipelineJSON): OnnxInput[] {
  const json = fittedJSON(pipeline);
  const inputs = new Map<string, OnnxInput>();
  for (const b of json.blocks) if (!inputs.has(b.column)) inputs.set(b.column, { name: b.column, type: b.kind === 'numeric' ? 'double' : 'string' });
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
  if (json.classifier.kind === 'gbt') treeEnsembleProbabilities(g, json, blockFeatures(g, json, inputNames), probabilities);
  else linearProbabilities(g, json, inputNames, probabilities);
  const [index] = g.node('ArgMax', [probabilities], ['class_index'], [attr.int('axis', 1), attr.int('keepdims', 0), attr.int('select_last_index', 0)]);
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
    metadata: { 'autoflow.classes': JSON.stringify(json.classes), 'autoflow.inputs': JSON.stringify(onnxInputs(json)) },
  });
}

/** A linear classifier (or an MLP's first layer) as per-block partial logits, then its head. */
function linearProbabilities(g: OnnxGraphBuilder, json: FittedPipelineJSON, inputNames: Map<string, string>, probabilities: string): void {
  const model = linearForm(json);
  const K = model.weights.length;
  const weights = json.spec.combine?.weights ?? {};
  let offset = 0;
  const partials: string[] = [];
  for (const b of json.blocks) {
    const width = blockWidth(b);
    // This block's rows of the weight matrix, [width, K] row-major.
    const W = new Float64Array(width * K);
    for (let j = 0; j < width; j++) for (let k = 0; k < K; k++) W[j * K + k] = model.weights[k][offset + j];
    offset += width;
    const input = inputNames.get(b.column)!;
    let partial = b.kind === 'tfidf' ? tfidfLogits(g, b, input, W, K) : b.kind === 'numeric' ? numericLogits(g, b, input, W, K) : onehotLogits(g, b, input, W, K);
    const w = weights[b.name] ?? 1;
    if (w !== 1) [partial] = g.node('Mul', [partial, g.constant('block_weight', 'double', [], [w])], [`${b.name}_weighted`]);
    partials.push(partial);
  }
  if (offset !== model.nFeatures) throw new Error(`onnx export: blocks give ${offset} features, the classifier was fitted on ${model.nFeatures}`);

  const [sum] = partials.length === 1 ? partials : g.node('Sum', partials, ['logits_sum']);
  const [logits] = g.node('Add', [sum, g.constant('intercepts', 'double', [K], model.intercepts)], ['logits']);
  model.head(g, logits, probabilities);
}

/** Every block's features concatenated, [N, F] doubles, in the pipeline's column order (for tree models). */
function blockFeatures(g: OnnxGraphBuilder, json: FittedPipelineJSON, inputNames: Map<string, string>): string {
  const weights = json.spec.combine?.weights ?? {};
  const parts = json.blocks.map((b) => {
    const input = inputNames.get(b.column)!;
    let features = b.kind === 'numeric' ? numericFeatures(g, b, input) : onehotFeatures(g, b, input);
    const w = weights[b.name] ?? 1;
    if (w !== 1) [features] = g.node('Mul', [features, g.constant('block_weight', 'double', [], [w])], [`${b.name}_weighted`]);
    return features;
  });
  if (parts.length === 1) return parts[0];
  const [all] = g.node('Concat', parts, ['features'], [attr.int('axis', 1)]);
  return all;
}

/**
 * A classifier whose scores are linear in the features, as weights[k][j] + intercepts[k]
 * (one output for two-class logreg / linear_svm, else one per class), and the head that turns
 * the [N, K] scores into the [N, classes] `probabilities` output exactly as its predictProba.
 */
interface LinearForm {
  weights: ArrayLike<number>[];
  intercepts: number[];
  nFeatures: number;
  head(g: OnnxGraphBuilder, scores: string, probabilities: string): void;
}

function linearForm(json: FittedPipelineJSON): LinearForm {
  const { kind, params, state } = json.classifier;
  switch (kind) {
    case 'logreg': {
      const s = state as { nFeatures: number; weights: number[][]; intercepts: number[] };
      return { weights: s.weights, intercepts: s.intercepts, nFeatures: s.nFeatures, head: s.weights.length === 1 ? sigmoidPairHead : softmaxHead };
    }
    case 'naive_bayes': {
      const s = state as NaiveBayesStateJSON;
      const { weights, bias } = naiveBayesWeights(s, params as unknown as NaiveBayesParamsJSON);
      return { weights, intercepts: bias, nFeatures: s.nFeatures, head: softmaxHead };
    }
    case 'linear_svm': {
      const s = state as LinearSvmStateJSON;
      return { weights: s.weights, intercepts: s.intercepts, nFeatures: s.nFeatures, head: (g, scores, out) => calibratedHead(g, scores, out, s.calibration) };
    }
    case 'mlp':
      return mlpForm(state as MlpStateJSON);
    default:
      throw new Error(`onnx export: no exporter for classifier ${kind}`);
  }
}

interface MlpStateJSON {
  nFeatures: number;
  nClasses: number;
  /** Row-major [inputs, units] weights per layer, as components/classifiers/mlp.ts keeps them. */
  layers: { inputs: number; units: number; weights: number[]; bias: number[] }[];
}

/**
 * An MLP's first layer is linear in the features (one "score" per hidden unit), so the blocks'
 * partial-logit machinery computes it; the head applies ReLU and the remaining layers, then
 * softmax, as Mlp.predictProba does.
 */
function mlpForm(s: MlpStateJSON): LinearForm {
  const [first, ...rest] = s.layers;
  const weights = Array.from({ length: first.units }, (_, u) => Float64Array.from({ length: first.inputs }, (_, j) => first.weights[j * first.units + u]));
  return {
    weights,
    intercepts: first.bias,
    nFeatures: s.nFeatures,
    head(g, scores, out) {
      let h = scores;
      rest.forEach((layer, l) => {
        [h] = g.node('Relu', [h], [`hidden${l + 1}`]);
        [h] = g.node('MatMul', [h, g.constant(`layer${l + 2}_weights`, 'double', [layer.inputs, layer.units], layer.weights)], [`layer${l + 2}_product`]);
        [h] = g.node('Add', [h, g.constant(`layer${l + 2}_bias`, 'double', [layer.units], layer.bias)], [`layer${l + 2}_output`]);
      });
      softmaxHead(g, h, out);
    },
  };
}

interface LinearSvmStateJSON {
  nFeatures: number;
  weights: number[][];
  intercepts: number[];
  calibration: { method: 'sigmoid'; sigmoid: { a: number; b: number }[] } | { method: 'isotonic'; isotonic: { x: number[]; y: number[] }[] };
}

/**
 * linear_svm's calibrated probabilities: per output, Platt's 1 / (1 + exp(a s + b)) or the
 * isotonic step function (linear interpolation between knots, clipped outside them, written
 * as y0 + sum_i slope_i * clip(s - x_i, 0, x_(i+1) - x_i)); two classes give [1 - p, p],
 * more are normalised to sum to 1 (uniform when all are 0).
 */
function calibratedHead(g: OnnxGraphBuilder, scores: string, out: string, calibration: LinearSvmStateJSON['calibration']): void {
  const K = calibration.method === 'sigmoid' ? calibration.sigmoid.length : calibration.isotonic.length;
  let calibrated: string;
  if (calibration.method === 'sigmoid') {
    // p = sigmoid(-(a s + b)), all outputs at once: s [N, K] * a [K] + b [K].
    const [as] = g.node('Mul', [scores, g.constant('platt_a', 'double', [K], calibration.sigmoid.map((c) => -c.a))], ['platt_as']);
    const [z] = g.node('Add', [as, g.constant('platt_b', 'double', [K], calibration.sigmoid.map((c) => -c.b))], ['platt_z']);
    [calibrated] = g.node('Sigmoid', [z], ['calibrated']);
  } else {
    const columns = calibration.isotonic.map((c, k) => {
      const [column] = g.node('Gather', [scores, g.constant('output_index', 'int64', [1], [k])], [`score_${k}`], [attr.int('axis', 1)]);
      return isotonicColumn(g, column, c, k);
    });
    [calibrated] = columns.length === 1 ? columns : g.node('Concat', columns, ['calibrated'], [attr.int('axis', 1)]);
  }
  if (K === 1) {
    pairFromPositive(g, calibrated, out);
    return;
  }
  const [sum] = g.node('ReduceSum', [calibrated, g.constant('axis1', 'int64', [1], [1])], ['calibrated_sum'], [attr.int('keepdims', 1)]);
  const [positive] = g.node('Greater', [sum, g.constant('zero', 'double', [], [0])], ['sum_positive']);
  const [safe] = g.node('Max', [sum, g.constant('tiny', 'double', [], [1e-300])], ['sum_safe']);
  const [normalised] = g.node('Div', [calibrated, safe], ['normalised']);
  g.nodeNamed('Where', [positive, normalised, g.constant('uniform', 'double', [], [1 / K])], [out]);
}

/** One isotonic calibrator applied to a [N, 1] score column. */
function isotonicColumn(g: OnnxGraphBuilder, s: string, c: { x: number[]; y: number[] }, k: number): string {
  if (c.x.length === 0) {
    const [zero] = g.node('Mul', [s, g.constant('zero', 'double', [], [0])], [`iso_zero_${k}`]);
    return g.node('Add', [zero, g.constant('half', 'double', [], [0.5])], [`iso_${k}`])[0];
  }
  const m = c.x.length - 1;
  const [base] = g.node('Mul', [s, g.constant('zero', 'double', [], [0])], [`iso_base_${k}`]);
  const [y0] = g.node('Add', [base, g.constant(`iso_y0_${k}`, 'double', [], [c.y[0]])], [`iso_y0v_${k}`]);
  if (m === 0) return y0;
  const knots = c.x.slice(0, m);
  const widths = knots.map((x, i) => c.x[i + 1] - x);
  const slopes = knots.map((_, i) => (c.y[i + 1] - c.y[i]) / widths[i]);
  const [offsets] = g.node('Sub', [s, g.constant(`iso_x_${k}`, 'double', [m], knots)], [`iso_offsets_${k}`]);
  const [low] = g.node('Max', [offsets, g.constant('zero', 'double', [], [0])], [`iso_low_${k}`]);
  const [ramps] = g.node('Min', [low, g.constant(`iso_w_${k}`, 'double', [m], widths)], [`iso_ramps_${k}`]);
  const [scaled] = g.node('Mul', [ramps, g.constant(`iso_slope_${k}`, 'double', [m], slopes)], [`iso_scaled_${k}`]);
  const [total] = g.node('ReduceSum', [scaled, g.constant('axis1', 'int64', [1], [1])], [`iso_total_${k}`], [attr.int('keepdims', 1)]);
  return g.node('Add', [y0, total], [`iso_${k}`])[0];
}

interface NaiveBayesStateJSON {
  nFeatures: number;
  nClasses: number;
  classCount: number[];
  featureCount: number[][];
}

interface NaiveBayesParamsJSON {
  variant: 'multinomial' | 'complement';
  alpha: number;
  fitPrior: boolean;
  norm: boolean;
}

/**
 * naive_bayes's log-weights and biases from its fitted counts (the same formulas as
 * components/classifiers/naive-bayes.ts; the export parity test would catch a divergence).
 */
function naiveBayesWeights(s: NaiveBayesStateJSON, p: NaiveBayesParamsJSON): { weights: Float64Array[]; bias: number[] } {
  const { nFeatures: d, nClasses: K } = s;
  const weights = Array.from({ length: K }, () => new Float64Array(d));
  if (p.variant === 'multinomial') {
    const totalRows = s.classCount.reduce((a, b) => a + b, 0);
    for (let k = 0; k < K; k++) {
      let total = 0;
      for (let j = 0; j < d; j++) total += s.featureCount[k][j] + p.alpha;
      for (let j = 0; j < d; j++) weights[k][j] = Math.log((s.featureCount[k][j] + p.alpha) / total);
    }
    return { weights, bias: s.classCount.map((c) => (p.fitPrior ? Math.log(c / totalRows) : -Math.log(K))) };
  }
  const featureAll = new Float64Array(d);
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) featureAll[j] += s.featureCount[k][j];
  for (let k = 0; k < K; k++) {
    let total = 0;
    for (let j = 0; j < d; j++) total += featureAll[j] + p.alpha - s.featureCount[k][j];
    let logSum = 0;
    for (let j = 0; j < d; j++) {
      const logged = Math.log((featureAll[j] + p.alpha - s.featureCount[k][j]) / total);
      weights[k][j] = logged;
      logSum += logged;
    }
    for (let j = 0; j < d; j++) weights[k][j] = p.norm ? weights[k][j] / logSum : -weights[k][j];
  }
  return { weights, bias: new Array<number>(K).fill(0) };
}

function blockWidth(b: BlockJSON): number {
  switch (b.kind) {
    case 'tfidf':
      return (b.state as { terms: string[] }).terms.length;
    case 'numeric':
      return (b.state as { indicator: boolean }).indicator ? 2 : 1;
    case 'onehot':
      return (b.state as { categories: string[] }).categories.length + 1;
    default:
      throw new Error(`onnx export: no exporter for ${b.kind}`);
  }
}

/** A constant [rows, K] weight matrix in float32 (MatMul with float32 features). */
function weightMatrix(g: OnnxGraphBuilder, base: string, type: 'float' | 'double', W: Float64Array, rows: number, K: number): string {
  return g.constant(base, type, [rows, K], W);
}

/** Partial logits of a tf-idf block: strings -> tokens -> n-gram counts -> tf-idf -> X W / ||X||. */
function tfidfLogits(g: OnnxGraphBuilder, b: BlockJSON, text: string, W: Float64Array, K: number): string {
  const p = b.params as unknown as TfidfBlockParams;
  const { terms, idf } = b.state as { terms: string[]; idf: number[] };
  const V = terms.length;
  let strings = text;
  if (p.lowercase) {
    [strings] = g.node('StringNormalizer', [text], [`${b.name}_lower`], [attr.string('case_change_action', 'LOWER'), attr.int('is_case_sensitive', 1), attr.string('locale', 'C.UTF-8')]);
  }
  const [tokens] = g.node(
    'Tokenizer',
    [strings],
    [`${b.name}_tokens`],
    [attr.int('mark', 0), attr.int('mincharnum', 1), attr.string('pad_value', ''), attr.string('tokenexp', ONNX_TOKEN_PATTERN)],
    'com.microsoft',
  );

  // The pool lists n-grams grouped by length (all 1-grams, then 2-grams, ...), each n-gram
  // as its n token strings; ngram_counts[n - 1] is where the n-grams start in the pool.
  const byLength: number[][] = Array.from({ length: p.ngramMax }, () => []);
  const split = terms.map((t) => t.split(' '));
  split.forEach((parts, col) => byLength[parts.length - 1].push(col));
  const pool: string[] = [];
  const ngramCounts: number[] = [];
  const ngramIndexes: number[] = [];
  for (let n = 1; n <= p.ngramMax; n++) {
    ngramCounts.push(pool.length);
    for (const col of byLength[n - 1]) {
      pool.push(...split[col]);
      ngramIndexes.push(col);
    }
  }
  const tfidfInOneOp = p.useIdf && !p.sublinearTf;
  const vectorizerAttrs = [
    attr.int('min_gram_length', p.ngramMin),
    attr.int('max_gram_length', p.ngramMax),
    attr.int('max_skip_count', 0),
    attr.string('mode', tfidfInOneOp ? 'TFIDF' : 'TF'),
    attr.strings('pool_strings', pool),
    attr.ints('ngram_counts', ngramCounts),
    attr.ints('ngram_indexes', ngramIndexes),
  ];
  // Weights are per pool n-gram, in pool order.
  if (tfidfInOneOp) vectorizerAttrs.push(attr.floats('weights', ngramIndexes.map((col) => idf[col])));
  let [X] = g.node('TfIdfVectorizer', [tokens], [`${b.name}_tf`], vectorizerAttrs);
  if (p.sublinearTf) {
    // 1 + ln(tf) where tf > 0; Where keeps the zeros (and hides Log(0)).
    const [positive] = g.node('Greater', [X, g.constant('zero', 'float', [], [0])], [`${b.name}_present`]);
    const [log] = g.node('Log', [X], [`${b.name}_log_tf`]);
    const [logPlusOne] = g.node('Add', [log, g.constant('one_f', 'float', [], [1])], [`${b.name}_sublinear`]);
    [X] = g.node('Where', [positive, logPlusOne, X], [`${b.name}_tf_sublinear`]);
  }
  if (p.useIdf && !tfidfInOneOp) [X] = g.node('Mul', [X, g.constant(`${b.name}_idf`, 'float', [V], idf)], [`${b.name}_tfidf`]);

  const [scoresF] = g.node('MatMul', [X, weightMatrix(g, `${b.name}_W`, 'float', W, V, K)], [`${b.name}_scores_f`]);
  let [scores] = g.node('Cast', [scoresF], [`${b.name}_scores`], [attr.int('to', DataType.DOUBLE)]);
  if (p.norm === 'l2') {
    const [normF] = g.node('ReduceL2', [X, g.constant('axis1', 'int64', [1], [1])], [`${b.name}_norm_f`], [attr.int('keepdims', 1)]);
    const [norm] = g.node('Cast', [normF], [`${b.name}_norm`], [attr.int('to', DataType.DOUBLE)]);
    // An empty row has norm 0 and scores 0: divide by a tiny positive number instead, giving 0.
    const [safe] = g.node('Max', [norm, g.constant('tiny', 'double', [], [1e-300])], [`${b.name}_norm_safe`]);
    [scores] = g.node('Div', [scores, safe], [`${b.name}_scores_l2`]);
  }
  return scores;
}

/** Partial logits of a numeric block: impute, transform, optional missing indicator. */
/** A numeric block's features, [N, 1] or [N, 2] doubles: imputed, transformed, plus the missing flag when fitted with one. */
export function numericFeatures(g: OnnxGraphBuilder, b: BlockJSON, input: string): string {
  const s = b.state as { median: number; center: number; scale: number; indicator: boolean };
  const transform = (b.params as { transform: 'standardize' | 'log1p' | 'none' }).transform;
  const [column] = g.node('Unsqueeze', [input, g.constant('axis1', 'int64', [1], [1])], [`${b.name}_column`]);
  const [missing] = g.node('IsNaN', [column], [`${b.name}_missing`]);
  const [imputed] = g.node('Where', [missing, g.constant(`${b.name}_median`, 'double', [], [s.median]), column], [`${b.name}_imputed`]);
  let value = imputed;
  if (transform === 'standardize') {
    const [centered] = g.node('Sub', [imputed, g.constant(`${b.name}_center`, 'double', [], [s.center])], [`${b.name}_centered`]);
    [value] = g.node('Div', [centered, g.constant(`${b.name}_scale`, 'double', [], [s.scale])], [`${b.name}_standardized`]);
  } else if (transform === 'log1p') {
    const [sign] = g.node('Sign', [imputed], [`${b.name}_sign`]);
    const [abs] = g.node('Abs', [imputed], [`${b.name}_abs`]);
    const [plusOne] = g.node('Add', [abs, g.constant('one', 'double', [], [1])], [`${b.name}_abs1`]);
    const [log] = g.node('Log', [plusOne], [`${b.name}_log1p`]);
    [value] = g.node('Mul', [sign, log], [`${b.name}_signed_log1p`]);
  }
  if (!s.indicator) return value;
  const [flag] = g.node('Cast', [missing], [`${b.name}_flag`], [attr.int('to', DataType.DOUBLE)]);
  const [features] = g.node('Concat', [value, flag], [`${b.name}_features`], [attr.int('axis', 1)]);
  return features;
}

function numericLogits(g: OnnxGraphBuilder, b: BlockJSON, input: string, W: Float64Array, K: number): string {
  const indicator = (b.state as { indicator: boolean }).indicator;
  const [scores] = g.node('MatMul', [numericFeatures(g, b, input), weightMatrix(g, `${b.name}_W`, 'double', W, indicator ? 2 : 1, K)], [`${b.name}_scores`]);
  return scores;
}

/** Partial logits of a one-hot block: category -> column index (unknown -> "other") -> that row of W. */
/** A one-hot block's category index per row, [N] int64: kept categories 0..C-1, anything else C ("other"). */
function onehotIndex(g: OnnxGraphBuilder, b: BlockJSON, input: string): { index: string; width: number } {
  const categories = (b.state as { categories: string[] }).categories;
  // With no kept category everything is "other" (column 0); LabelEncoder needs at least one key.
  const keys = categories.length > 0 ? categories : ['\u0000'];
  const [index] = g.node(
    'LabelEncoder',
    [input],
    [`${b.name}_index`],
    [attr.strings('keys_strings', keys), attr.ints('values_int64s', keys.map((_, i) => (categories.length > 0 ? i : 0))), attr.int('default_int64', categories.length)],
    'ai.onnx.ml',
  );
  return { index, width: categories.length + 1 };
}

/** A one-hot block's features, [N, C + 1] doubles. */
export function onehotFeatures(g: OnnxGraphBuilder, b: BlockJSON, input: string): string {
  const { index, width } = onehotIndex(g, b, input);
  // index == [0, 1, ..., C] per row, as doubles (onnxruntime's OneHot has no double output).
  const [column] = g.node('Unsqueeze', [index, g.constant('axis1', 'int64', [1], [1])], [`${b.name}_index_column`]);
  const positions = g.constant(`${b.name}_positions`, 'int64', [1, width], Array.from({ length: width }, (_, i) => i));
  const [hot] = g.node('Equal', [column, positions], [`${b.name}_hot`]);
  const [features] = g.node('Cast', [hot], [`${b.name}_onehot`], [attr.int('to', DataType.DOUBLE)]);
  return features;
}

function onehotLogits(g: OnnxGraphBuilder, b: BlockJSON, input: string, W: Float64Array, K: number): string {
  const { index, width } = onehotIndex(g, b, input);
  const [scores] = g.node('Gather', [weightMatrix(g, `${b.name}_W`, 'double', W, width, K), index], [`${b.name}_scores`], [attr.int('axis', 0)]);
  return scores;
}
