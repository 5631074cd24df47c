/**
 * Binary ranking metrics on (score, isPositive) pairs, computed from one sort: ROC AUC via
 * average ranks, average precision as scikit-learn defines it, and precision-constrained
 * operating points. Tied scores always move together, as one threshold.
 */

/** Indices of `scores` from highest to lowest score. */
function descendingOrder(scores: Float64Array): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b] - scores[a]);
}

function countPositives(positive: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < positive.length; i++) n += positive[i];
  return n;
}

/**
 * Mann-Whitney form of the ROC AUC: the probability that a random positive scores above a
 * random negative, ties counting one half (tied scores share their average rank).
 * NaN when either class is absent.
 */
export function binaryRocAuc(scores: Float64Array, positive: Uint8Array): number {
  const n = scores.length;
  const nPos = countPositives(positive);
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  const order = descendingOrder(scores);
  // Ranks count from the lowest score (rank 1), so the descending position i has rank n - i.
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    let positivesInGroup = 0;
    while (end < n && scores[order[end]] === scores[order[start]]) positivesInGroup += positive[order[end++]];
    const averageRank = n - (start + end - 1) / 2;
    positiveRankSum += positivesInGroup * averageRank;
    start = end;
  }
  return (positiveRankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** One operating point per distinct score, from the highest threshold down. */
export interface OperatingPoint {
  threshold: number;
  truePositives: number;
  falsePositives: number;
}

export function operatingPoints(scores: Float64Array, positive: Uint8Array): OperatingPoint[] {
  const order = descendingOrder(scores);
  const points: OperatingPoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let start = 0; start < order.length; ) {
    const threshold = scores[order[start]];
    let end = start;
    while (end < order.length && scores[order[end]] === threshold) {
      if (positive[order[end]]) tp++;
      else fp++;
      end++;
    }
    points.push({ threshold, truePositives: tp, falsePositives: fp });
    start = end;
  }
  return points;
}

/**
 * Average precision, sum over thresholds of (recall gained) x (precision there): the step
 * function under the precision-recall curve, without interpolation. NaN without positives.
 */
export function averagePrecision(scores: Float64Array, positive: Uint8Array): number {
  const nPos = countPositives(positive);
  if (nPos === 0) return NaN;
  let ap = 0;
  let previousRecall = 0;
  for (const p of operatingPoints(scores, positive)) {
    const recall = p.truePositives / nPos;
    ap += (recall - previousRecall) * (p.truePositives / (p.truePositives + p.falsePositives));
    previousRecall = recall;
  }
  return ap;
}

export interface PrecisionOperatingPoint {
  /** Predict positive when the positive-class probability is >= threshold. */
  threshold: number;
  precision: number;
  recall: number;
}

/**
 * The threshold with the highest recall among those whose precision reaches `minPrecision`
 * (ties: the higher precision). Undefined when no threshold reaches it or there are no positives.
 */
export function bestPointAtPrecision(scores: Float64Array, positive: Uint8Array, minPrecision: number): PrecisionOperatingPoint | undefined {
  const nPos = countPositives(positive);
  if (nPos === 0) return undefined;
  let best: PrecisionOperatingPoint | undefined;
  for (const p of operatingPoints(scores, positive)) {
    const precision = p.truePositives / (p.truePositives + p.falsePositives);
    const recall = p.truePositives / nPos;
    if (precision < minPrecision) continue;
    if (!best || recall > best.recall || (recall === best.recall && precision > best.precision)) {
      best = { threshold: p.threshold, precision, recall };
    }
  }
  return best;
}
