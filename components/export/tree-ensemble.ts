/**
 * Gradient-boosted trees (components/classifiers/gbt.ts) as one ai.onnx.ml
 * TreeEnsembleRegressor over the concatenated block features, then the probability head.
 *
 * Thresholds and leaf values go in as double tensors (the `_as_tensor` attributes of
 * ai.onnx.ml opset 3) so a row compares against exactly the threshold it was trained
 * against; rows go left when x <= threshold, and a NaN goes right, as in predictRaw. The
 * regressor sums in float32, so probabilities agree to ~1e-7, not bit for bit.
 */
import type { GbtState } from '../classifiers/gbt.js';
import type { OnnxGraphBuilder } from './onnx-builder.js';
import { DataType, attr, tensor } from './onnx-values.js';
import { sigmoidPairHead, softmaxHead } from './probability-heads.js';

/** [N, F] double features -> the gbt's [N, classes] probabilities in `out`. */
export function treeEnsembleProbabilities(g: OnnxGraphBuilder, s: GbtState, features: string, out: string): void {
  const K = s.baseline.length;
  const nodes = { treeIds: [] as number[], nodeIds: [] as number[], featureIds: [] as number[], modes: [] as string[], values: [] as number[], trueIds: [] as number[], falseIds: [] as number[] };
  const targets = { treeIds: [] as number[], nodeIds: [] as number[], ids: [] as number[], weights: [] as number[] };
  let treeId = 0;
  for (const iteration of s.trees) {
    iteration.forEach((tree, k) => {
      for (let n = 0; n < tree.feature.length; n++) {
        const leaf = tree.feature[n] < 0;
        nodes.treeIds.push(treeId);
        nodes.nodeIds.push(n);
        nodes.featureIds.push(leaf ? 0 : tree.feature[n]);
        nodes.modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
        nodes.values.push(leaf ? 0 : tree.threshold[n]);
        nodes.trueIds.push(leaf ? 0 : tree.left[n]);
        nodes.falseIds.push(leaf ? 0 : tree.right[n]);
        if (leaf) {
          targets.treeIds.push(treeId);
          targets.nodeIds.push(n);
          targets.ids.push(k);
          targets.weights.push(tree.value[n]);
        }
      }
      treeId++;
    });
  }
  const [raw] = g.node(
    'TreeEnsembleRegressor',
    [features],
    ['tree_scores_f'],
    [
      attr.int('n_targets', K),
      attr.string('aggregate_function', 'SUM'),
      attr.string('post_transform', 'NONE'),
      attr.ints('nodes_treeids', nodes.treeIds),
      attr.ints('nodes_nodeids', nodes.nodeIds),
      attr.ints('nodes_featureids', nodes.featureIds),
      attr.strings('nodes_modes', nodes.modes),
      attr.tensor('nodes_values_as_tensor', tensor('nodes_values', 'double', [nodes.values.length], nodes.values)),
      attr.ints('nodes_truenodeids', nodes.trueIds),
      attr.ints('nodes_falsenodeids', nodes.falseIds),
      attr.ints('nodes_missing_value_tracks_true', nodes.treeIds.map(() => 0)),
      attr.ints('target_treeids', targets.treeIds),
      attr.ints('target_nodeids', targets.nodeIds),
      attr.ints('target_ids', targets.ids),
      attr.tensor('target_weights_as_tensor', tensor('target_weights', 'double', [targets.weights.length], targets.weights)),
      attr.tensor('base_values_as_tensor', tensor('base_values', 'double', [K], s.baseline)),
    ],
    'ai.onnx.ml',
  );
  const [scores] = g.node('Cast', [raw], ['tree_scores'], [attr.int('to', DataType.DOUBLE)]);
  if (K === 1) sigmoidPairHead(g, scores, out);
  else softmaxHead(g, scores, out);
}
