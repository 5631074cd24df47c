/**
 * The plain-object parts of an ONNX graph: element types, typed attributes and constant
 * tensors. Kept apart from ./onnx-builder.ts (which encodes with onnx-proto) so component
 * files can hold their ONNX converters without loading protobufjs: only type imports of
 * onnx-proto here, and the attribute type numbers are the ones onnx.proto fixes.
 */
import type onnxProto from 'onnx-proto';

type IAttributeProto = onnxProto.onnx.IAttributeProto;
type ITensorProto = onnxProto.onnx.ITensorProto;

export const DataType = {
  FLOAT: 1,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  DOUBLE: 11,
} as const;
export type ElemType = (typeof DataType)[keyof typeof DataType];

/** onnx.AttributeProto.AttributeType, as numbered in onnx.proto. */
const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

const utf8 = new TextEncoder();

/** Typed attribute values (ONNX distinguishes 1 from 1.0). */
export const attr = {
  int: (name: string, value: number): IAttributeProto => ({ name, type: AttributeType.INT, i: value }),
  float: (name: string, value: number): IAttributeProto => ({ name, type: AttributeType.FLOAT, f: value }),
  string: (name: string, value: string): IAttributeProto => ({ name, type: AttributeType.STRING, s: utf8.encode(value) }),
  ints: (name: string, values: readonly number[]): IAttributeProto => ({ name, type: AttributeType.INTS, ints: [...values] }),
  floats: (name: string, values: ArrayLike<number>): IAttributeProto => ({ name, type: AttributeType.FLOATS, floats: Array.from(values) }),
  strings: (name: string, values: readonly string[]): IAttributeProto => ({ name, type: AttributeType.STRINGS, strings: values.map((v) => utf8.encode(v)) }),
  tensor: (name: string, value: ITensorProto): IAttributeProto => ({ name, type: AttributeType.TENSOR, t: value }),
};

/** A constant tensor; numbers go in raw little-endian bytes (compact for large weights). */
export function tensor(name: string, type: 'float' | 'double' | 'int64' | 'string', dims: readonly number[], values: ArrayLike<number> | readonly string[]): ITensorProto {
  const size = dims.reduce((a, b) => a * b, 1);
  if (values.length !== size) throw new Error(`onnx tensor ${name}: ${values.length} values for dims [${dims.join(', ')}]`);
  if (type === 'string') return { name, dims: [...dims], dataType: DataType.STRING, stringData: (values as readonly string[]).map((s) => utf8.encode(s)) };
  const width = type === 'float' ? 4 : 8;
  const bytes = new Uint8Array(size * width);
  const view = new DataView(bytes.buffer);
  const numbers = values as ArrayLike<number>;
  for (let i = 0; i < size; i++) {
    if (type === 'float') view.setFloat32(i * 4, numbers[i], true);
    else if (type === 'double') view.setFloat64(i * 8, numbers[i], true);
    else view.setBigInt64(i * 8, BigInt(numbers[i]), true);
  }
  return { name, dims: [...dims], dataType: type === 'float' ? DataType.FLOAT : type === 'double' ? DataType.DOUBLE : DataType.INT64, rawData: bytes };
}
