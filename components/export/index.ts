/**
 * ONNX export, kept out of components/index.ts so that loading the component library (serving,
 * training threads) does not load protobufjs: import this module where a graph is written.
 */
export { exportPipelineToOnnx, onnxExportProblems, onnxInputs, ONNX_OUTPUTS, ONNX_TOKEN_PATTERN, type OnnxInput } from './pipeline-to-onnx.js';
export { OnnxGraphBuilder, DataType, attr, tensor, type Dim, type ElemType, type ModelOptions } from './onnx-builder.js';
