/**
 * ONNX export, kept out of components/index.ts so that loading the component library (serving,
 * training threads) does not load protobufjs: import this module where a graph is written.
 */
export { exportPipelineToOnnx, onnxExportProblems, onnxInputs, ONNX_OUTPUTS, type OnnxInput } from './pipeline-to-onnx.js';
export { ONNX_TOKEN_PATTERN } from '../feature-extraction/tfidf.js';
export type { BlockOnnxConverter, ClassifierOnnxConverter, FittedPart, LinearScores } from './onnx-converter.js';
export { OnnxGraphBuilder, DataType, attr, tensor, type Dim, type ElemType, type ModelOptions } from './onnx-builder.js';
