/**
 * A small ONNX graph writer over onnx-buf (the messages of ONNX's own onnx.proto, compiled for
 * @bufbuild/protobuf): float32 initializers stored as raw little-endian bytes, int64 constants for
 * shapes and axes, nodes with typed attributes, inputs and outputs whose axes are numbers or named
 * (dynamic) dimensions. Every value name is made unique here, so the net builders never collide.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  StringStringEntryProtoSchema,
  TensorProto_DataType,
  TensorProtoSchema,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  ValueInfoProtoSchema,
  type AttributeProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from 'onnx-buf';

/** An attribute value: `int(1)`, `float(0.01)`, `ints([1, 1])`. */
export type OnnxAttribute = { kind: 'int'; value: number } | { kind: 'float'; value: number } | { kind: 'ints'; value: readonly number[] };

export const int = (value: number): OnnxAttribute => ({ kind: 'int', value });
export const float = (value: number): OnnxAttribute => ({ kind: 'float', value });
export const ints = (value: readonly number[]): OnnxAttribute => ({ kind: 'ints', value });

/** Element types the exports use. */
export const FLOAT32 = TensorProto_DataType.FLOAT;
export const INT64 = TensorProto_DataType.INT64;

/** An axis of a graph input or output: a size, or the name of a dynamic dimension ('batch'). */
export type OnnxDim = number | string;

function attribute(name: string, a: OnnxAttribute): AttributeProto {
  switch (a.kind) {
    case 'int':
      return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INT, i: BigInt(a.value) });
    case 'float':
      return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.FLOAT, f: a.value });
    case 'ints':
      return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INTS, ints: a.value.map((v) => BigInt(v)) });
  }
}

function valueInfo(name: string, elemType: number, dims: readonly OnnxDim[]): ValueInfoProto {
  const dim = dims.map((d) =>
    create(TensorShapeProto_DimensionSchema, { value: typeof d === 'number' ? { case: 'dimValue', value: BigInt(d) } : { case: 'dimParam', value: d } }),
  );
  const tensorType = create(TypeProto_TensorSchema, { elemType, shape: create(TensorShapeProtoSchema, { dim }) });
  return create(ValueInfoProtoSchema, { name, type: create(TypeProtoSchema, { value: { case: 'tensorType', value: tensorType } }) });
}

/** Builds one graph; `toModel` serialises it. */
export class OnnxGraph {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly used = new Set<string>();
  private readonly int64s = new Map<string, string>();

  /** A value name not used before: `base`, else `base_1`, `base_2`, ... */
  fresh(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  /** A float32 initializer (row-major `data` of `dims`); returns its name. */
  floats(base: string, dims: readonly number[], data: Float32Array): string {
    const name = this.fresh(base);
    const raw = new Uint8Array(data.length * 4);
    const view = new DataView(raw.buffer);
    data.forEach((v, i) => view.setFloat32(4 * i, v, true));
    this.initializers.push(create(TensorProtoSchema, { name, dims: dims.map((d) => BigInt(d)), dataType: FLOAT32, rawData: raw }));
    return name;
  }

  /** A float32 scalar initializer (shape []), for broadcasting constants. */
  scalar(base: string, value: number): string {
    return this.floats(base, [], Float32Array.of(value));
  }

  /** A 1-D int64 initializer (shapes, axes, split sizes), shared between users of the same values. */
  int64(values: readonly number[]): string {
    const key = values.join(',');
    const known = this.int64s.get(key);
    if (known !== undefined) return known;
    const name = this.fresh(`const_i64_${values.length}`);
    this.initializers.push(create(TensorProtoSchema, { name, dims: [BigInt(values.length)], dataType: INT64, int64Data: values.map((v) => BigInt(v)) }));
    this.int64s.set(key, name);
    return name;
  }

  /**
   * Adds a node `op(inputs)`; returns its output names (`outputs` of them, named from `base`).
   * An empty input name stands for an omitted optional input.
   */
  node(op: string, inputs: readonly string[], base: string, attributes: Record<string, OnnxAttribute> = {}, outputs = 1): string[] {
    const names = Array.from({ length: outputs }, (_, k) => this.fresh(outputs === 1 ? base : `${base}_${k}`));
    this.nodes.push(
      create(NodeProtoSchema, {
        opType: op,
        name: this.fresh(`${base}/${op}`),
        input: [...inputs],
        output: names,
        attribute: Object.entries(attributes).map(([k, a]) => attribute(k, a)),
      }),
    );
    return names;
  }

  /** `node` with one output. */
  op(op: string, inputs: readonly string[], base: string, attributes: Record<string, OnnxAttribute> = {}): string {
    return this.node(op, inputs, base, attributes, 1)[0]!;
  }

  /** Declares a graph input (the name is taken as given). */
  input(name: string, elemType: number, dims: readonly OnnxDim[]): string {
    if (this.used.has(name)) throw new Error(`onnx graph: input name ${name} is taken`);
    this.used.add(name);
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Makes `value` a graph output called `name` (through an Identity node, so any value can be exposed). */
  output(name: string, value: string, elemType: number, dims: readonly OnnxDim[]): void {
    if (this.used.has(name)) throw new Error(`onnx graph: output name ${name} is taken`);
    this.used.add(name);
    this.nodes.push(create(NodeProtoSchema, { opType: 'Identity', name: this.fresh(`${name}/Identity`), input: [value], output: [name] }));
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** The model's bytes: this graph, one opset of the default domain, and string metadata. */
  toModel(o: { graphName: string; irVersion: number; opset: number; producerName: string; producerVersion: string; docString: string; metadata: Record<string, string> }): Uint8Array {
    const graph = create(GraphProtoSchema, { name: o.graphName, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs });
    const model = create(ModelProtoSchema, {
      irVersion: BigInt(o.irVersion),
      opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(o.opset) })],
      producerName: o.producerName,
      producerVersion: o.producerVersion,
      docString: o.docString,
      graph,
      metadataProps: Object.entries(o.metadata).map(([key, value]) => create(StringStringEntryProtoSchema, { key, value })),
    });
    return toBinary(ModelProtoSchema, model);
  }
}
