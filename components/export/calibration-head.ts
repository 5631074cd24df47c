/**
 * The probability head of a classifier whose scores go through fitted calibrators
 * (components/classifiers/calibration.ts), as [N, K] scores -> [N, classes] probabilities.
 */
import type { Calibration, IsotonicCalibrator } from '../classifiers/calibration.js';
import type { OnnxGraphBuilder } from './onnx-builder.js';
import { attr } from './onnx-values.js';
import { pairFromPositive } from './probability-heads.js';

/**
 * Per score, Platt's 1 / (1 + exp(a s + b)) or the isotonic step function (linear
 * interpolation between knots, clipped outside them, written as
 * y0 + sum_i slope_i * clip(s - x_i, 0, x_(i+1) - x_i)); one score gives [1 - p, p], more are
 * normalised to sum to 1 (uniform when all are 0).
 */
export function calibratedHead(g: OnnxGraphBuilder, scores: string, out: string, calibration: Calibration): void {
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
function isotonicColumn(g: OnnxGraphBuilder, s: string, c: IsotonicCalibrator, k: number): string {
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
