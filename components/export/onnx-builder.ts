/**
 * A small builder for ONNX graphs on top of onnx-proto's generated protobuf classes: named
 * inputs, outputs, initializers and nodes, serialised as a ModelProto. Defaults to what
 * onnxruntime-node 1.30 runs here: IR version 10, opset 21, ai.onnx.ml 3.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type IAttributeProto = onnxProto.onnx.IAttributeProto;
type ITensorProto = onnxProto.onnx.ITensorProto;
type IValueInfoProto = onnxProto.onnx.IValueInfoProto;
type INodeProto = onnxProto.onnx.INodeProto;

export const DataType = {
  FLOAT: 1,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  DOUBLE: 11,
} as const;
export type ElemType = (typeof DataType)[keyof typeof DataType];

/** A dimension: a fixed size, or a symbolic name for a size known at run time ("N"). */
export type Dim = number | string;

const utf8 = new TextEncoder();
const AttributeType = onnx.AttributeProto.AttributeType;

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

function valueInfo(name: string, elemType: ElemType, dims: readonly Dim[]): IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  };
}

export interface ModelOptions {
  producerName?: string;
  docString?: string;
  /** Extra opset imports, e.g. { domain: 'com.microsoft', version: 1 }. */
  extraOpsets?: { domain: string; version: number }[];
  metadata?: Record<string, string>;
}

export class OnnxGraphBuilder {
  private readonly nodes: INodeProto[] = [];
  private readonly initializers: ITensorProto[] = [];
  private readonly inputs: IValueInfoProto[] = [];
  private readonly outputs: IValueInfoProto[] = [];
  private readonly used = new Set<string>();

  constructor(readonly name: string) {}

  /** A fresh value name starting with `base`. */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  input(name: string, elemType: ElemType, dims: readonly Dim[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  output(name: string, elemType: ElemType, dims: readonly Dim[]): string {
    this.outputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Adds a constant and returns its name. */
  constant(base: string, type: 'float' | 'double' | 'int64' | 'string', dims: readonly number[], values: ArrayLike<number> | readonly string[]): string {
    const name = this.fresh(base);
    this.initializers.push(tensor(name, type, dims, values));
    return name;
  }

  /** Adds a node; output names are made unique from the given bases and returned. */
  node(opType: string, inputs: readonly string[], outputBases: readonly string[], attributes: IAttributeProto[] = [], domain = ''): string[] {
    const output = outputBases.map((b) => this.fresh(b));
    this.nodes.push({ opType, domain, input: [...inputs], output, attribute: attributes, name: this.fresh(`${opType}_node`) });
    return output;
  }

  /** A node with exactly the given output names (graph outputs need fixed names). */
  nodeNamed(opType: string, inputs: readonly string[], outputs: readonly string[], attributes: IAttributeProto[] = [], domain = ''): void {
    for (const o of outputs) this.claim(o);
    this.nodes.push({ opType, domain, input: [...inputs], output: [...outputs], attribute: attributes, name: this.fresh(`${opType}_node`) });
  }

  toBytes(options: ModelOptions = {}): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 10,
      producerName: options.producerName ?? 'autoflow',
      producerVersion: '1',
      docString: options.docString ?? '',
      opsetImport: [{ domain: '', version: 21 }, { domain: 'ai.onnx.ml', version: 3 }, ...(options.extraOpsets ?? [])],
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: { name: this.name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private claim(name: string): void {
    if (this.used.has(name)) throw new Error(`onnx graph ${this.name}: value name "${name}" is used twice`);
    this.used.add(name);
  }
}
