/** A growable Int32Array used as a reusable scratch list in the text hot loops. */
export class IntList {
  data: Int32Array<ArrayBuffer>;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.data = growInt32(this.data, this.length + 1);
    this.data[this.length++] = value;
  }

  clear(): void {
    this.length = 0;
  }

  /** Appends the values of another list. */
  pushAll(other: IntList): void {
    const needed = this.length + other.length;
    if (needed > this.data.length) this.data = growInt32(this.data, needed);
    this.data.set(other.data.subarray(0, other.length), this.length);
    this.length = needed;
  }
}

export function growInt32(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

export function growFloat64(a: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}
