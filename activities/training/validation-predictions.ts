/**
 * Full-fidelity trials keep their validation probabilities as an artifact, so that ensemble
 * selection at the end of a search can average them without refitting anything, and
 * without the probabilities ever travelling through workflow payloads.
 *
 * Format: rows x classes float32, little-endian, row-major, columns in the prepared dataset's
 * class order, rows in its validation split order (the reader knows both, so no header).
 * Float32 halves the bytes; selection only compares averaged scores, which float32 keeps to
 * ~1e-7.
 */

/** Where trial `trialNumber` of `searchId` keeps its validation probabilities. */
export function validationProbaKey(searchId: string, trialNumber: number): string {
  return `searches/${searchId}/trials/${trialNumber}.validation-proba.bin`;
}

export function encodeProba(proba: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(proba.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < proba.length; i++) view.setFloat32(i * 4, proba[i], true);
  return bytes;
}

/** Decodes `encodeProba` output, checking it holds rows x classes values. */
export function decodeProba(bytes: Uint8Array, rows: number, classes: number, where: string): Float64Array {
  if (bytes.length !== rows * classes * 4) throw new Error(`${where}: ${bytes.length} bytes, expected ${rows} rows x ${classes} classes x 4`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(rows * classes);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
