/**
 * Typed arrays <-> base64 strings (little-endian on every host), for fitted states that hold
 * dense vectors: JSON arrays of numbers would be ~3x larger and slower to parse, and Float32
 * values survive this round trip bit for bit.
 */

export function float32ToBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return Buffer.from(bytes.buffer).toString('base64');
}

export function base64ToFloat32(text: string, expectedLength: number, what: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== expectedLength * 4) throw new Error(`${what}: expected ${expectedLength} float32 values, got ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(expectedLength);
  for (let i = 0; i < expectedLength; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export function int32ToBase64(values: Int32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i], true);
  return Buffer.from(bytes.buffer).toString('base64');
}

export function base64ToInt32(text: string, expectedLength: number, what: string): Int32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== expectedLength * 4) throw new Error(`${what}: expected ${expectedLength} int32 values, got ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int32Array(expectedLength);
  for (let i = 0; i < expectedLength; i++) out[i] = view.getInt32(i * 4, true);
  return out;
}
