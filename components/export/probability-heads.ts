/**
 * The last step of an exported classifier: [N, K] raw scores to the [N, classes] probabilities
 * its predictProba gives (a sigmoid pair for one two-class score, else a softmax).
 */
import type { OnnxGraphBuilder } from './onnx-builder.js';
import { attr } from './onnx-values.js';

/** Two classes from one score z: [1 - sigmoid(z), sigmoid(z)]. */
export function sigmoidPairHead(g: OnnxGraphBuilder, z: string, out: string): void {
  const [p1] = g.node('Sigmoid', [z], ['p1']);
  pairFromPositive(g, p1, out);
}

export function pairFromPositive(g: OnnxGraphBuilder, p1: string, out: string): void {
  const [p0] = g.node('Sub', [g.constant('one', 'double', [], [1]), p1], ['p0']);
  g.nodeNamed('Concat', [p0, p1], [out], [attr.int('axis', 1)]);
}

export function softmaxHead(g: OnnxGraphBuilder, scores: string, out: string): void {
  g.nodeNamed('Softmax', [scores], [out], [attr.int('axis', 1)]);
}
