/** Runs an exported ONNX graph on a table in onnxruntime, for parity tests against the pipeline. */
import ort from 'onnxruntime-node';
import type { Pipeline, Table } from '../../components/index.js';
import { onnxInputs } from '../../components/export/pipeline-to-onnx.js';

/** Feeds the inputs the way onnxInputs documents them: doubles with NaN for null, strings with '' (one-hot columns: '__missing__') for null. */
export async function runOnnx(bytes: Uint8Array, pipeline: Pipeline, table: Table): Promise<{ proba: Float64Array; labels: string[] }> {
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {};
  const onehotColumns = new Set(pipeline.inputBlocks.filter((b) => b.kind === 'onehot').map((b) => b.column));
  for (const input of onnxInputs(pipeline)) {
    const column = table.columns[input.name];
    feeds[input.name] =
      input.type === 'double'
        ? new ort.Tensor('float64', Float64Array.from(column, (v) => (v === null ? NaN : Number(v))), [table.nRows])
        : new ort.Tensor('string', column.map((v) => (v === null ? (onehotColumns.has(input.name) ? '__missing__' : '') : String(v))), [table.nRows]);
  }
  const out = await session.run(feeds);
  await session.release();
  return { proba: out.probabilities.data as Float64Array, labels: out.label.data as string[] };
}
