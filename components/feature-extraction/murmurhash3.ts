/**
 * MurmurHash3 x86 32-bit (Austin Appleby, public domain reference `MurmurHash3_x86_32`),
 * the hash scikit-learn's HashingVectorizer applies to each term's UTF-8 bytes.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Signed 32-bit MurmurHash3 of `bytes[0, length)`, as sklearn's `murmurhash3_32(..., positive=False)`. */
export function murmurhash3(bytes: Uint8Array, length = bytes.length, seed = 0): number {
  let h = seed | 0;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= bytes[blocks + 2] << 16;
    if (tail >= 2) k ^= bytes[blocks + 1] << 8;
    k ^= bytes[blocks];
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

const encoder = new TextEncoder();

/** MurmurHash3 of a string's UTF-8 encoding. */
export function murmurhash3String(text: string, seed = 0): number {
  return murmurhash3(encoder.encode(text), undefined, seed);
}
