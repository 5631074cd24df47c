/**
 * The Open Inference Protocol (KServe v2 REST, also spoken by Seldon MLServer and Triton), so
 * `serve` drops into KServe or Seldon without a wrapper. Pure translation between the
 * protocol's tensors and the records the model reads; server.ts does the HTTP.
 *
 * A table travels as one input tensor per column, shape [n] or [n, 1]: BYTES for text and
 * categorical columns (JSON strings), FP64/FP32/INT* for numeric ones. Values are then
 * checked exactly like a /v1/predict record (numeric columns take decimal strings too).
 * Outputs: `probabilities` (FP64, [n, classes], class order in its `classes` parameter) and
 * `label` (BYTES, [n], by the stored decision rule).
 */
import { checkRecord, type InputColumn } from './input-schema.js';
import type { Prediction, ServableModel } from './servable-model.js';

export type OpenInferenceRoute =
  | { kind: 'live' }
  | { kind: 'ready' }
  | { kind: 'model' | 'model-ready' | 'infer'; name: string; version?: string };

/** /v2/health/live, /v2/health/ready, /v2/models/NAME[/versions/V][/ready|/infer]; undefined for anything else. */
export function matchOpenInferenceRoute(path: string): OpenInferenceRoute | undefined {
  if (path === '/v2/health/live') return { kind: 'live' };
  if (path === '/v2/health/ready' || path === '/v2') return { kind: 'ready' };
  const match = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(\/ready|\/infer)?$/.exec(path);
  if (!match) return undefined;
  const name = decode(match[1]);
  const version = match[2] === undefined ? undefined : decode(match[2]);
  if (name === undefined || (match[2] !== undefined && version === undefined)) return undefined;
  const kind = match[3] === '/infer' ? 'infer' : match[3] === '/ready' ? 'model-ready' : 'model';
  return { kind, name, ...(version === undefined ? {} : { version }) };
}

/** A path segment's text, or undefined when its %-escapes are malformed (the route is then a 404). */
function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Why a model route does not address the served model (404), or undefined when it does. */
export function wrongModel(route: { name: string; version?: string }, model: ServableModel): string | undefined {
  if (route.name !== model.name) return `unknown model ${JSON.stringify(route.name)}: this server serves ${JSON.stringify(model.name)}`;
  if (route.version !== undefined && route.version !== String(model.version)) {
    return `model ${model.name} has no version ${JSON.stringify(route.version)} here: this server serves version ${model.version}`;
  }
  return undefined;
}

const OUTPUTS = ['probabilities', 'label'] as const;
const NUMERIC_TYPES = new Set(['FP16', 'FP32', 'FP64', 'INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64']);

/** The datatype a column's tensor should have: BYTES when it takes strings, FP64 for numbers only. */
function datatypeOf(column: InputColumn): 'BYTES' | 'FP64' {
  return column.accepts.includes('string') ? 'BYTES' : 'FP64';
}

export function modelMetadata(model: ServableModel): object {
  return {
    name: model.name,
    versions: [String(model.version)],
    platform: 'autoflow',
    inputs: model.schema.map((c) => ({ name: c.name, datatype: datatypeOf(c), shape: [-1] })),
    outputs: [
      { name: 'probabilities', datatype: 'FP64', shape: [-1, model.classes.length], parameters: { classes: JSON.stringify(model.classes) } },
      { name: 'label', datatype: 'BYTES', shape: [-1] },
    ],
  };
}

export interface InferRequest {
  records: Record<string, unknown>[];
  id?: string;
  outputs: (typeof OUTPUTS)[number][];
}

/** An infer request body as records for the model, or a message naming the input (and row) that is wrong. */
export function readInferRequest(body: unknown, schema: InputColumn[]): InferRequest | { error: string } {
  if (!isObject(body)) return { error: 'expected a JSON object with "inputs": [{"name", "shape", "datatype", "data"}, …]' };
  if (body.id !== undefined && typeof body.id !== 'string') return { error: '"id" must be a string' };
  if (!Array.isArray(body.inputs) || body.inputs.length === 0) return { error: `"inputs" must be a non-empty array of tensors, one per column: ${expected(schema)}` };
  const columns = new Map<string, unknown[]>();
  let rows: number | undefined;
  for (const [i, input] of body.inputs.entries()) {
    const tensor = readTensor(input, i, schema);
    if ('error' in tensor) return tensor;
    if (columns.has(tensor.name)) return { error: `input ${JSON.stringify(tensor.name)} is given twice` };
    if (rows !== undefined && tensor.values.length !== rows) {
      return { error: `input ${JSON.stringify(tensor.name)} has ${tensor.values.length} rows, the inputs before it ${rows}: every input is one column of the same rows` };
    }
    rows = tensor.values.length;
    columns.set(tensor.name, tensor.values);
  }
  if (rows === 0) return { error: 'the inputs hold no rows: send at least one' };
  const missing = schema.filter((c) => !columns.has(c.name));
  if (missing.length) return { error: `missing input${missing.length > 1 ? 's' : ''} ${missing.map((c) => `${JSON.stringify(c.name)} (${datatypeOf(c)})`).join(', ')}: the model reads ${expected(schema)}` };
  const outputs = readRequestedOutputs(body.outputs);
  if ('error' in outputs) return outputs;

  const records: Record<string, unknown>[] = new Array(rows ?? 0);
  for (let r = 0; r < records.length; r++) {
    const record: Record<string, unknown> = {};
    for (const [name, values] of columns) record[name] = values[r];
    const checked = checkRecord(record, schema);
    if ('problems' in checked) {
      const p = checked.problems[0];
      return { error: `input ${JSON.stringify(p.field)}, row ${r}: ${p.message}` };
    }
    records[r] = checked.record;
  }
  return { records, outputs: outputs.names, ...(body.id === undefined ? {} : { id: body.id }) };
}

export function inferResponse(model: ServableModel, predictions: Prediction[], request: InferRequest): object {
  const n = predictions.length;
  const tensors = {
    probabilities: () => {
      const data = new Array<number>(n * model.classes.length);
      let k = 0;
      for (const p of predictions) for (const c of model.classes) data[k++] = p.probabilities[c];
      return { name: 'probabilities', datatype: 'FP64', shape: [n, model.classes.length], parameters: { classes: JSON.stringify(model.classes) }, data };
    },
    label: () => ({ name: 'label', datatype: 'BYTES', shape: [n], data: predictions.map((p) => p.label) }),
  };
  return {
    model_name: model.name,
    model_version: String(model.version),
    ...(request.id === undefined ? {} : { id: request.id }),
    outputs: request.outputs.map((name) => tensors[name]()),
  };
}

function readTensor(input: unknown, index: number, schema: InputColumn[]): { name: string; values: unknown[] } | { error: string } {
  if (!isObject(input) || typeof input.name !== 'string') return { error: `inputs[${index}] must be an object with a string "name"` };
  const name = input.name;
  const quoted = JSON.stringify(name);
  if (!schema.some((c) => c.name === name)) return { error: `input ${quoted} is not a column this model reads: ${expected(schema)}` };
  const { datatype, shape, data } = input;
  if (datatype !== 'BYTES' && !(typeof datatype === 'string' && NUMERIC_TYPES.has(datatype))) {
    return { error: `input ${quoted}: datatype ${JSON.stringify(datatype)} is not supported; use BYTES for text, FP64/FP32/INT64/… for numbers` };
  }
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    return { error: `input ${quoted}: "shape" must be an array of non-negative integers, e.g. [n] or [n, 1]` };
  }
  if (shape.length > 2 || (shape.length === 2 && shape[1] !== 1)) return { error: `input ${quoted}: shape ${JSON.stringify(shape)} is not one column; send [n] or [n, 1], one tensor per column` };
  if (!Array.isArray(data)) return { error: `input ${quoted}: "data" must be an array` };
  const values = data.flat(2);
  if (values.length !== shape[0]) return { error: `input ${quoted}: shape ${JSON.stringify(shape)} holds ${shape[0]} values, "data" has ${values.length}` };
  const wantType = datatype === 'BYTES' ? 'string' : 'number';
  const bad = values.findIndex((v) => v !== null && typeof v !== wantType);
  if (bad >= 0) return { error: `input ${quoted}, row ${bad}: a ${datatype} tensor holds ${wantType}s, got ${JSON.stringify(values[bad])}` };
  return { name, values };
}

function readRequestedOutputs(outputs: unknown): { names: InferRequest['outputs'] } | { error: string } {
  if (outputs === undefined) return { names: [...OUTPUTS] };
  if (!Array.isArray(outputs)) return { error: '"outputs" must be an array of {"name": …}' };
  const names: InferRequest['outputs'] = [];
  for (const o of outputs) {
    const name = isObject(o) ? o.name : undefined;
    if (!OUTPUTS.includes(name as (typeof OUTPUTS)[number])) return { error: `output ${JSON.stringify(name)} does not exist; outputs: ${OUTPUTS.join(', ')}` };
    names.push(name as (typeof OUTPUTS)[number]);
  }
  return { names };
}

function expected(schema: InputColumn[]): string {
  return schema.map((c) => `${JSON.stringify(c.name)} (${datatypeOf(c)})`).join(', ');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
