/**
 * A small builder for ONNX graphs on top of onnx-proto's generated protobuf classes: named
 * inputs, outputs, initializers and nodes, serialised as a ModelProto. Defaults to what
 * onnxruntime-node 1.30 runs here: IR version 10, opset 21, ai.onnx.ml 3.
 */
import onnxProto from 'onnx-proto';
import { tensor, type ElemType } from './onnx-values.js';

// Re-exported so the builder stays the one import for code that writes whole graphs.
export { DataType, attr, tensor, type ElemType } from './onnx-values.js';

const { onnx } = onnxProto;
type IAttributeProto = onnxProto.onnx.IAttributeProto;
type ITensorProto = onnxProto.onnx.ITensorProto;
type IValueInfoProto = onnxProto.onnx.IValueInfoProto;
type INodeProto = onnxProto.onnx.INodeProto;

/** A dimension: a fixed size, or a symbolic name for a size known at run time ("N"). */
export type Dim = number | string;

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
