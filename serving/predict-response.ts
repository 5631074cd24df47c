/**
 * The /v1/predict response body, written straight from the probabilities:
 *
 *   {"model":{"name":…,"version":…},"predictions":[{"label":…,"probabilities":{class: p, …}}, …]}
 *
 * The same text as JSON.stringify of the Prediction objects (test/unit/serving/predict-response.test.ts),
 * without building them: objects with computed keys put JSON.stringify on its slow path, and
 * for a single-record request that was ~5 us of each request. Every constant fragment (model,
 * labels, quoted class names) is encoded once per model.
 */
export class PredictResponseEncoder {
  private readonly head: string;
  private readonly labelOpen: string[];
  private readonly keys: string[];

  constructor(name: string, version: number, classes: readonly string[]) {
    this.head = `{"model":${JSON.stringify({ name, version })},"predictions":[`;
    this.labelOpen = classes.map((c) => `{"label":${JSON.stringify(c)},"probabilities":{`);
    this.keys = classes.map((c, i) => `${i === 0 ? '' : ','}${JSON.stringify(c)}:`);
  }

  /** `proba` row-major rows x classes, `labels` the class index of each row. */
  encode(proba: ArrayLike<number>, labels: ArrayLike<number>, rows: number): string {
    const k = this.keys.length;
    let out = this.head;
    for (let r = 0; r < rows; r++) {
      if (r > 0) out += ',';
      out += this.labelOpen[labels[r]];
      for (let c = 0; c < k; c++) out += this.keys[c] + jsonNumber(proba[r * k + c]);
      out += '}}';
    }
    return out + ']}';
  }
}

/** A number as JSON.stringify writes it: shortest round-trip form, null when not finite. */
function jsonNumber(x: number): string {
  return Number.isFinite(x) ? `${x}` : 'null';
}
