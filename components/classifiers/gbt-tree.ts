/**
 * Growing one regression tree on gradient histograms (LightGBM / scikit-learn's
 * HistGradientBoosting TreeGrower): best-first (leaf-wise) growth limited by maxLeafNodes and
 * maxDepth, split gain G_L^2/(H_L+l2) + G_R^2/(H_R+l2) - G^2/(H+l2), leaves -lr * G/(H+l2).
 * A node's histogram is built for the smaller child only; the larger child's is the parent's
 * minus it. Rows of a node are a contiguous range of one index array, partitioned in place.
 */

export interface TreeGrowthParams {
  maxLeafNodes: number;
  /** 0 = unlimited. */
  maxDepth: number;
  minSamplesLeaf: number;
  l2: number;
  learningRate: number;
}

const MIN_HESSIAN = 1e-3;
/** A feature with at most this share of rows outside its most common bin is histogrammed sparsely. */
const SPARSE_SHARE = 0.25;

/** A fitted tree. Node 0 is the root; a leaf has feature -1. Rows go left when x <= threshold. */
export interface Tree {
  feature: Int32Array;
  /** Bin threshold: left when bin <= binThreshold. */
  binThreshold: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
  leftG: number;
  leftH: number;
  leftCount: number;
}

interface GrowNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  sumG: number;
  sumH: number;
  hist: Float64Array | undefined;
  split: Split | undefined;
}

/** Reusable buffers for growing many trees on the same binned rows. */
export class TreeGrower {
  private readonly idx: Uint32Array;
  private readonly scratch: Uint32Array;
  /** Gathered (g, h) pairs of the node being histogrammed. */
  private readonly gh: Float64Array;
  /** Start of each feature's [g, h, count] x bins block in a histogram, and the total size. */
  private readonly offset: Int32Array;
  private readonly histSize: number;
  private readonly histPool: Float64Array[] = [];
  /** Dense features with at least two bins (constant features never split). */
  private readonly active: Int32Array;
  /** Features whose rows are mostly in one (default) bin: the other rows, by row. */
  private readonly sparse: { feature: number; defaultBin: number; rows: Uint32Array; bins: Uint8Array }[] = [];
  /** Node id of every row (kept only when there are sparse features). */
  private readonly leafOf: Int32Array;

  constructor(
    private readonly binned: Uint8Array,
    private readonly n: number,
    private readonly nBins: Int32Array,
    private readonly edges: Float64Array[],
  ) {
    this.idx = new Uint32Array(n);
    this.scratch = new Uint32Array(n);
    this.gh = new Float64Array(2 * n);
    this.offset = new Int32Array(nBins.length);
    let size = 0;
    for (let f = 0; f < nBins.length; f++) {
      this.offset[f] = size;
      size += nBins[f] * 3;
    }
    this.histSize = size;
    const active: number[] = [];
    const counts = new Int32Array(256);
    for (let f = 0; f < nBins.length; f++) {
      if (nBins[f] < 2) continue;
      counts.fill(0);
      const col = binned.subarray(f * n, (f + 1) * n);
      for (let i = 0; i < n; i++) counts[col[i]]++;
      let defaultBin = 0;
      for (let b = 1; b < nBins[f]; b++) if (counts[b] > counts[defaultBin]) defaultBin = b;
      const nnz = n - counts[defaultBin];
      if (nnz > SPARSE_SHARE * n) {
        active.push(f);
        continue;
      }
      // Mostly one bin (one-hot, indicators, sparse counts): keep the other rows as a list.
      const rows = new Uint32Array(nnz);
      const bins = new Uint8Array(nnz);
      let q = 0;
      for (let i = 0; i < n; i++) {
        if (col[i] === defaultBin) continue;
        rows[q] = i;
        bins[q++] = col[i];
      }
      this.sparse.push({ feature: f, defaultBin, rows, bins });
    }
    this.active = Int32Array.from(active);
    this.leafOf = new Int32Array(this.sparse.length > 0 ? n : 0);
  }

  /**
   * Grows one tree on gradients g and hessians h (already multiplied by row weights) and adds
   * each row's leaf value to raw[i * K + k].
   */
  grow(g: Float64Array, h: Float64Array, p: TreeGrowthParams, raw: Float64Array, K: number, k: number): Tree {
    const n = this.n;
    const idx = this.idx;
    for (let i = 0; i < n; i++) idx[i] = i;
    this.leafOf.fill(0);
    const nodes = new NodeList();
    let sumG = 0;
    let sumH = 0;
    for (let i = 0; i < n; i++) {
      sumG += g[i];
      sumH += h[i];
    }
    const root: GrowNode = { id: nodes.add(), start: 0, end: n, depth: 0, sumG, sumH, hist: undefined, split: undefined };
    const candidates: GrowNode[] = [];
    const leaves: GrowNode[] = [];
    if (this.canSplit(root, p)) {
      root.hist = this.buildHistogram(root, g, h, true);
      root.split = this.bestSplit(root, p);
    }
    (root.split ? candidates : leaves).push(root);
    if (!root.split) this.release(root);

    while (candidates.length > 0) {
      if (leaves.length + candidates.length >= p.maxLeafNodes) break;
      let best = 0;
      for (let c = 1; c < candidates.length; c++) if (candidates[c].split!.gain > candidates[best].split!.gain) best = c;
      const node = candidates.splice(best, 1)[0];
      const s = node.split!;
      const mid = this.partition(node.start, node.end, s.feature, s.bin);
      const left: GrowNode = { id: nodes.add(), start: node.start, end: mid, depth: node.depth + 1, sumG: s.leftG, sumH: s.leftH, hist: undefined, split: undefined };
      const right: GrowNode = { id: nodes.add(), start: mid, end: node.end, depth: node.depth + 1, sumG: node.sumG - s.leftG, sumH: node.sumH - s.leftH, hist: undefined, split: undefined };
      nodes.setSplit(node.id, s.feature, s.bin, this.edges[s.feature][s.bin], left.id, right.id);
      const splitLeft = this.canSplit(left, p);
      const splitRight = this.canSplit(right, p);
      if (splitLeft || splitRight) {
        const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
        // Only directly histogrammed nodes need their rows marked: ids are unique, so a row
        // never carries the id of a node it is not in.
        if (this.leafOf.length > 0) for (let q = small.start; q < small.end; q++) this.leafOf[idx[q]] = small.id;
        small.hist = this.buildHistogram(small, g, h, false);
        if (large === left ? splitLeft : splitRight) {
          large.hist = node.hist!;
          node.hist = undefined;
          const sh = small.hist;
          const lh = large.hist;
          for (let q = 0; q < lh.length; q++) lh[q] -= sh[q];
        }
      }
      this.release(node);
      for (const child of [left, right]) {
        if (child.hist && (child === left ? splitLeft : splitRight)) child.split = this.bestSplit(child, p);
        if (child.split) candidates.push(child);
        else {
          this.release(child);
          leaves.push(child);
        }
      }
    }
    for (const c of candidates) {
      this.release(c);
      leaves.push(c);
    }
    for (const leaf of leaves) {
      const value = (-p.learningRate * leaf.sumG) / (leaf.sumH + p.l2);
      nodes.setLeaf(leaf.id, value);
      for (let q = leaf.start; q < leaf.end; q++) raw[idx[q] * K + k] += value;
    }
    return nodes.toTree();
  }

  private canSplit(node: GrowNode, p: TreeGrowthParams): boolean {
    if (p.maxDepth > 0 && node.depth >= p.maxDepth) return false;
    return node.end - node.start >= 2 * p.minSamplesLeaf && node.sumH >= 2 * MIN_HESSIAN;
  }

  private release(node: GrowNode): void {
    if (node.hist) this.histPool.push(node.hist);
    node.hist = undefined;
  }

  private takeHistogram(): Float64Array {
    const h = this.histPool.pop();
    if (h) {
      h.fill(0);
      return h;
    }
    return new Float64Array(this.histSize);
  }

  /**
   * Per feature and bin: [sum g, sum h, count] over rows idx[start..end). A non-root node
   * first gathers its rows' (g, h) pairs into one contiguous array; features then go four at
   * a time so each row's index and gradients are read once per four features.
   */
  private buildHistogram(node: GrowNode, g: Float64Array, h: Float64Array, isRoot: boolean): Float64Array {
    const { start, end } = node;
    const hist = this.takeHistogram();
    this.sparseHistograms(hist, node, g, h, isRoot);
    const { binned, n, offset } = this;
    const features = this.active;
    const m = end - start;
    const gh = this.gh;
    if (isRoot) {
      for (let q = 0; q < m; q++) {
        gh[2 * q] = g[q];
        gh[2 * q + 1] = h[q];
      }
    } else {
      const idx = this.idx;
      for (let q = 0; q < m; q++) {
        const i = idx[start + q];
        gh[2 * q] = g[i];
        gh[2 * q + 1] = h[i];
      }
    }
    const rows = isRoot ? undefined : this.idx.subarray(start, end);
    let a = 0;
    for (; a + 4 <= features.length; a += 4) {
      const c0 = features[a] * n;
      const c1 = features[a + 1] * n;
      const c2 = features[a + 2] * n;
      const c3 = features[a + 3] * n;
      const b0 = offset[features[a]];
      const b1 = offset[features[a + 1]];
      const b2 = offset[features[a + 2]];
      const b3 = offset[features[a + 3]];
      if (rows) accumulate4Rows(hist, binned, gh, rows, m, c0, c1, c2, c3, b0, b1, b2, b3);
      else accumulate4(hist, binned, gh, m, c0, c1, c2, c3, b0, b1, b2, b3);
    }
    for (; a < features.length; a++) {
      const c = features[a] * n;
      const b = offset[features[a]];
      for (let q = 0; q < m; q++) {
        const o = b + binned[c + (rows ? rows[q] : q)] * 3;
        hist[o] += gh[2 * q];
        hist[o + 1] += gh[2 * q + 1];
        hist[o + 2]++;
      }
    }
    return hist;
  }

  /**
   * Sparse features: accumulate only the rows outside the default bin (all of the feature's
   * listed rows at the root; at other nodes those whose node is this one, unless the node is
   * smaller than the list), then the default bin is the node's totals minus the other bins.
   */
  private sparseHistograms(hist: Float64Array, node: GrowNode, g: Float64Array, h: Float64Array, isRoot: boolean): void {
    const { offset, binned, n, leafOf, idx } = this;
    const m = node.end - node.start;
    for (const sf of this.sparse) {
      const base = offset[sf.feature];
      const { rows, bins } = sf;
      if (isRoot) {
        for (let p = 0; p < rows.length; p++) {
          const i = rows[p];
          const o = base + bins[p] * 3;
          hist[o] += g[i];
          hist[o + 1] += h[i];
          hist[o + 2]++;
        }
      } else if (rows.length <= m) {
        const id = node.id;
        for (let p = 0; p < rows.length; p++) {
          const i = rows[p];
          if (leafOf[i] !== id) continue;
          const o = base + bins[p] * 3;
          hist[o] += g[i];
          hist[o + 1] += h[i];
          hist[o + 2]++;
        }
      } else {
        const col = sf.feature * n;
        const d = sf.defaultBin;
        for (let q = node.start; q < node.end; q++) {
          const i = idx[q];
          const b = binned[col + i];
          if (b === d) continue;
          const o = base + b * 3;
          hist[o] += g[i];
          hist[o + 1] += h[i];
          hist[o + 2]++;
        }
      }
      let gOther = 0;
      let hOther = 0;
      let cOther = 0;
      const nb = this.nBins[sf.feature];
      for (let b = 0; b < nb; b++) {
        const o = base + b * 3;
        gOther += hist[o];
        hOther += hist[o + 1];
        cOther += hist[o + 2];
      }
      const o = base + sf.defaultBin * 3;
      hist[o] = node.sumG - gOther;
      hist[o + 1] = node.sumH - hOther;
      hist[o + 2] = m - cOther;
    }
  }

  private bestSplit(node: GrowNode, p: TreeGrowthParams): Split | undefined {
    const hist = node.hist!;
    const { offset, nBins } = this;
    const G = node.sumG;
    const H = node.sumH;
    const count = node.end - node.start;
    const parentScore = (G * G) / (H + p.l2);
    const minLeaf = p.minSamplesLeaf;
    let best: Split | undefined;
    let bestGain = 0;
    for (let f = 0; f < nBins.length; f++) {
      const nb = nBins[f];
      if (nb < 2) continue;
      const base = offset[f];
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 0; b < nb - 1; b++) {
        const o = base + b * 3;
        gl += hist[o];
        hl += hist[o + 1];
        cl += hist[o + 2];
        if (cl < minLeaf || hl < MIN_HESSIAN) continue;
        const cr = count - cl;
        const hr = H - hl;
        if (cr < minLeaf || hr < MIN_HESSIAN) break;
        const gr = G - gl;
        const gain = (gl * gl) / (hl + p.l2) + (gr * gr) / (hr + p.l2) - parentScore;
        if (gain > bestGain) {
          bestGain = gain;
          best = { gain, feature: f, bin: b, leftG: gl, leftH: hl, leftCount: cl };
        }
      }
    }
    return best;
  }

  /** Stable partition of idx[start..end) into bin <= threshold | bin > threshold; returns the boundary. */
  private partition(start: number, end: number, feature: number, bin: number): number {
    const { idx, scratch, binned } = this;
    const off = feature * this.n;
    let l = start;
    let r = 0;
    // Branch-free: write the row to both sides and advance one (the split is unpredictable).
    for (let q = start; q < end; q++) {
      const i = idx[q];
      const left = binned[off + i] <= bin ? 1 : 0;
      idx[l] = i;
      scratch[r] = i;
      l += left;
      r += 1 - left;
    }
    idx.set(scratch.subarray(0, r), l);
    return l;
  }
}

/** Histogram accumulation of four features over the first m rows (the root: row q is q). */
function accumulate4(hist: Float64Array, binned: Uint8Array, gh: Float64Array, m: number, c0: number, c1: number, c2: number, c3: number, b0: number, b1: number, b2: number, b3: number): void {
  for (let q = 0; q < m; q++) {
    const gq = gh[2 * q];
    const hq = gh[2 * q + 1];
    let o = b0 + binned[c0 + q] * 3;
    hist[o] += gq;
    hist[o + 1] += hq;
    hist[o + 2]++;
    o = b1 + binned[c1 + q] * 3;
    hist[o] += gq;
    hist[o + 1] += hq;
    hist[o + 2]++;
    o = b2 + binned[c2 + q] * 3;
    hist[o] += gq;
    hist[o + 1] += hq;
    hist[o + 2]++;
    o = b3 + binned[c3 + q] * 3;
    hist[o] += gq;
    hist[o + 1] += hq;
    hist[o + 2]++;
  }
}

/** As accumulate4, for the rows listed in `rows` (a node's slice of the index array). */
function accumulate4Rows(hist: Float64Array, binned: Uint8Array, gh: Float64Array, rows: Uint32Array, m: number, c0: number, c1: number, c2: number, c3: number, b0: number, b1: number, b2: number, b3: number): void {
  for (let q = 0; q < m; q++) {
    const i = rows[q];
    const gq = gh[2 * q];
    const hq = gh[2 * q + 1];
    let o = b0 + binned[c0 + i] * 3;
    hist[o] += gq;
    hist[o + 1] += hq;
    hist[o + 2]++;
    o = b1 + binned[c1 + i] * 3;
    hist[o] += gq;
    hist[o + 1] += hq;
    hist[o + 2]++;
    o = b2 + binned[c2 + i] * 3;
    hist[o] += gq;
    hist[o + 1] += hq;
    hist[o + 2]++;
    o = b3 + binned[c3 + i] * 3;
    hist[o] += gq;
    hist[o + 1] += hq;
    hist[o + 2]++;
  }
}

class NodeList {
  feature: number[] = [];
  binThreshold: number[] = [];
  threshold: number[] = [];
  left: number[] = [];
  right: number[] = [];
  value: number[] = [];

  add(): number {
    this.feature.push(-1);
    this.binThreshold.push(0);
    this.threshold.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(0);
    return this.feature.length - 1;
  }

  setSplit(id: number, feature: number, bin: number, threshold: number, left: number, right: number): void {
    this.feature[id] = feature;
    this.binThreshold[id] = bin;
    this.threshold[id] = threshold;
    this.left[id] = left;
    this.right[id] = right;
  }

  setLeaf(id: number, value: number): void {
    this.value[id] = value;
  }

  toTree(): Tree {
    return {
      feature: Int32Array.from(this.feature),
      binThreshold: Int32Array.from(this.binThreshold),
      threshold: Float64Array.from(this.threshold),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
    };
  }
}

/** Leaf value for a row of binned column-major data (row i of n). */
export function predictBinned(tree: Tree, binned: Uint8Array, n: number, i: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) node = binned[tree.feature[node] * n + i] <= tree.binThreshold[node] ? tree.left[node] : tree.right[node];
  return tree.value[node];
}

/** Leaf value for a dense row x (x[f] read at offset + f). */
export function predictRaw(tree: Omit<Tree, 'binThreshold'>, x: ArrayLike<number>, offset: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) node = x[offset + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  return tree.value[node];
}
