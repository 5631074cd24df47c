/**
 * Dense document vectors from a user-supplied ONNX text encoder (a sentence-transformers
 * style model exported to ONNX), run with onnxruntime-node and mean-pooled over the tokens.
 * The model directory format is documented in ./README.md.
 *
 * Nothing is learned: fitting records the model directory (absolute path) and the sha256 of
 * its files, and a loaded pipeline refuses a directory whose files have changed since.
 *
 * onnxruntime is asynchronous, so this component uses the async extension of the contract:
 * `prepare()` reads and hashes the directory and opens the (process-shared) session, and
 * `transformAsync()` runs it in batches. The synchronous `transform` throws; the Pipeline's
 * `fitAsync` / `predictProbaAsync` / `transformAsync` use the async path. Batches run one
 * at a time and `shouldStop` is polled between them: a run in flight is always awaited.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { defineComponent, paramSchema, type ParamsOf } from '../core/define-component.js';
import { UserInputError } from '../../core/errors.js';
import type { DenseMatrix } from '../core/matrix.js';
import type { CellValue, FeatureExtractor, FitContext } from '../core/types.js';
import { prepareText, type Normalization } from '../feature-extraction/text-normalize.js';
import { WhitespaceTokenizer, WordPieceTokenizer, type EncoderTokenizer, type WhitespaceVocabJson } from './encoder-tokenizers.js';
import { loadOnnxRuntime, runCounted, sharedSession } from './onnx-runtime.js';

export const ONNX_ENCODER_SCHEMA = paramSchema({
  modelDir: { type: 'string', default: '', description: 'Directory with model.onnx, vocab.txt (WordPiece) or vocab.json (whitespace), optional encoder.json; see components/embedding/README.md.' },
  maxLength: { type: 'int', default: 128, min: 2, max: 8192, description: 'Tokens per text, special tokens included (longer texts are truncated).' },
  batchSize: { type: 'int', default: 16, min: 1, max: 1024, description: 'Texts per onnxruntime run (smaller = shorter uninterruptible runs).' },
  threads: { type: 'int', default: 1, min: 1, max: 64, description: 'onnxruntime intra-op threads per session.' },
  normalize: { type: 'enum', default: 'none', choices: ['none', 'nfkc'], description: 'Unicode NFKC before tokenizing.' },
  maskPatterns: { type: 'bool', default: false, description: 'Replace e-mail addresses, URLs, phone numbers and prices by placeholder tokens before tokenizing.' },
  norm: { type: 'enum', default: 'l2', choices: ['l2', 'none'], description: 'Scale each document vector to unit length.' },
});

export type OnnxEncoderParams = ParamsOf<typeof ONNX_ENCODER_SCHEMA>;

export const ONNX_ENCODER_FORMAT = 'autoflow.onnx-encoder/v1';

export interface OnnxEncoderState {
  format: typeof ONNX_ENCODER_FORMAT;
  /** Absolute path of the model directory at fit time. */
  modelDir: string;
  /** sha256 over the directory's model files (see `hashModelDir`). */
  sha256: string;
  dims: number;
}

/** Optional encoder.json in the model directory. */
export interface EncoderConfig {
  /** The model's own limit on tokens per text; the smaller of this and the maxLength param wins. */
  maxLength?: number;
  /** WordPiece only: lower-case and strip accents (uncased models). Default true. */
  lowercase?: boolean;
  /** Output holding token embeddings [batch, tokens, dims] (or pooled [batch, dims]). Default: last_hidden_state, else the first output. */
  output?: string;
  /** 'mean' over attention-masked tokens (default) or 'cls' (first token). */
  pooling?: 'mean' | 'cls';
}

export const MODEL_FILE = 'model.onnx';
const CONFIG_FILE = 'encoder.json';
const VOCAB_FILES = ['vocab.txt', 'vocab.json'] as const;

export interface ModelDirContents {
  dir: string;
  sha256: string;
  modelBytes: Uint8Array;
  tokenizer: EncoderTokenizer;
  config: EncoderConfig;
}

/**
 * Reads a model directory: model.onnx, exactly one of vocab.txt / vocab.json, optional
 * encoder.json. The directory hash is sha256 over "name sha256(file)\n" lines of those files
 * in name order (other files are ignored).
 */
export async function readModelDir(dir: string): Promise<ModelDirContents> {
  const read = async (name: string): Promise<Buffer | undefined> => {
    try {
      return await readFile(join(dir, name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  };
  const modelBytes = await read(MODEL_FILE);
  if (!modelBytes) throw new UserInputError(`onnx_encoder: ${join(dir, MODEL_FILE)} does not exist (modelDir must hold model.onnx and vocab.txt or vocab.json)`);
  const vocabs = (await Promise.all(VOCAB_FILES.map(async (name) => [name, await read(name)] as const))).filter(([, b]) => b !== undefined);
  if (vocabs.length !== 1) throw new UserInputError(`onnx_encoder: ${dir} must hold exactly one of ${VOCAB_FILES.join(', ')}; found ${vocabs.map(([n]) => n).join(', ') || 'none'}`);
  const configBytes = await read(CONFIG_FILE);
  let config: EncoderConfig = {};
  if (configBytes) {
    try {
      config = JSON.parse(configBytes.toString('utf8')) as EncoderConfig;
    } catch (e) {
      throw new UserInputError(`onnx_encoder: ${join(dir, CONFIG_FILE)} is not valid JSON: ${(e as Error).message}`);
    }
  }
  const [vocabName, vocabBytes] = vocabs[0];
  let tokenizer: EncoderTokenizer;
  try {
    tokenizer =
      vocabName === 'vocab.txt'
        ? WordPieceTokenizer.fromVocabTxt(vocabBytes!.toString('utf8'), config.lowercase ?? true)
        : new WhitespaceTokenizer(JSON.parse(vocabBytes!.toString('utf8')) as WhitespaceVocabJson);
  } catch (e) {
    throw new UserInputError(`onnx_encoder: ${join(dir, vocabName)}: ${(e as Error).message}`);
  }
  const hashed: [string, Buffer][] = [[MODEL_FILE, modelBytes], [vocabName, vocabBytes!]];
  if (configBytes) hashed.push([CONFIG_FILE, configBytes]);
  hashed.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const dirHash = createHash('sha256');
  for (const [name, bytes] of hashed) dirHash.update(`${name} ${createHash('sha256').update(bytes).digest('hex')}\n`);
  return { dir, sha256: dirHash.digest('hex'), modelBytes, tokenizer, config };
}

interface Resource {
  contents: ModelDirContents;
  session: InferenceSession;
  idsInput: string;
  idsType: 'int64' | 'int32';
  maskInput: string | undefined;
  typeIdsInput: string | undefined;
  output: string;
  maxLength: number;
  dims: number;
}

export class OnnxEncoder implements FeatureExtractor {
  private state: OnnxEncoderState | undefined;
  private resource: Resource | undefined;
  private preparing: Promise<void> | undefined;

  constructor(readonly params: OnnxEncoderParams) {}

  static load(params: OnnxEncoderParams, state: unknown): OnnxEncoder {
    const s = state as OnnxEncoderState;
    if (s?.format !== ONNX_ENCODER_FORMAT || typeof s.modelDir !== 'string' || !/^[0-9a-f]{64}$/.test(s.sha256 ?? '') || !Number.isInteger(s.dims)) {
      throw new Error(`onnx_encoder: fitted state must be ${ONNX_ENCODER_FORMAT} with modelDir, sha256 and dims`);
    }
    const e = new OnnxEncoder(params);
    e.state = { ...s };
    return e;
  }

  get outputSize(): number {
    if (this.state) return this.state.dims;
    throw new Error('onnx_encoder is not fitted');
  }

  /** Reads and hashes the model directory (refusing a changed one), opens the shared session, probes the output width. */
  prepare(): Promise<void> {
    this.preparing ??= this.open().catch((e: unknown) => {
      this.preparing = undefined;
      throw e;
    });
    return this.preparing;
  }

  fit(_values: readonly CellValue[], _ctx: FitContext): void {
    const r = this.prepared();
    this.state = { format: ONNX_ENCODER_FORMAT, modelDir: r.contents.dir, sha256: r.contents.sha256, dims: r.dims };
  }

  transform(_values: readonly CellValue[]): DenseMatrix {
    throw new Error('onnx_encoder: transform is asynchronous (onnxruntime): use transformAsync, or the pipeline\'s fitAsync / predictProbaAsync / transformAsync');
  }

  async transformAsync(values: readonly CellValue[], options?: { shouldStop?: () => boolean }): Promise<DenseMatrix> {
    if (!this.state) throw new Error('onnx_encoder is not fitted');
    await this.prepare();
    const r = this.prepared();
    const dims = r.dims;
    const out = new Float64Array(values.length * dims);
    const batchSize = this.params.batchSize;
    for (let start = 0; start < values.length; start += batchSize) {
      if (start > 0 && options?.shouldStop?.()) throw new Error('onnx_encoder: stopped on request');
      const batch = values.slice(start, start + batchSize);
      const pooled = await this.embedBatch(r, batch);
      out.set(pooled, start * dims);
    }
    return { kind: 'dense', rows: values.length, cols: dims, values: out };
  }

  getState(): OnnxEncoderState {
    if (!this.state) throw new Error('onnx_encoder is not fitted');
    return { ...this.state };
  }

  private prepared(): Resource {
    if (!this.resource) throw new Error('onnx_encoder: not prepared; await prepare() first (the pipeline\'s fitAsync / prepare / predictProbaAsync do)');
    return this.resource;
  }

  private async open(): Promise<void> {
    const dir = this.state?.modelDir ?? (this.params.modelDir ? resolve(this.params.modelDir) : '');
    if (!dir) throw new UserInputError('onnx_encoder: modelDir is required (a directory with model.onnx and vocab.txt or vocab.json)');
    const contents = await readModelDir(dir);
    if (this.state && contents.sha256 !== this.state.sha256) {
      throw new UserInputError(
        `onnx_encoder: the model directory ${dir} changed since the pipeline was fitted (sha256 ${contents.sha256}, fitted with ${this.state.sha256}); refusing to use it: restore the original files or refit`,
      );
    }
    const session = await sharedSession({ modelPath: join(dir, MODEL_FILE), sha256: contents.sha256, intraOpNumThreads: this.params.threads }, async () => contents.modelBytes);
    const inputs = session.inputNames;
    const idsInput = inputs.includes('input_ids') ? 'input_ids' : inputs.length === 1 ? inputs[0] : undefined;
    if (!idsInput) throw new UserInputError(`onnx_encoder: model inputs ${inputs.join(', ')} have no input_ids`);
    const meta = session.inputMetadata.find((m) => m.name === idsInput);
    const idsType = meta && meta.isTensor && meta.type === 'int32' ? 'int32' : 'int64';
    const outputs = session.outputNames;
    const output = contents.config.output ?? (outputs.includes('last_hidden_state') ? 'last_hidden_state' : outputs[0]);
    if (!outputs.includes(output)) throw new UserInputError(`onnx_encoder: model has no output "${output}"; outputs: ${outputs.join(', ')}`);
    const resource: Resource = {
      contents,
      session,
      idsInput,
      idsType,
      maskInput: inputs.includes('attention_mask') ? 'attention_mask' : undefined,
      typeIdsInput: inputs.includes('token_type_ids') ? 'token_type_ids' : undefined,
      output,
      maxLength: Math.min(this.params.maxLength, contents.config.maxLength ?? Infinity),
      dims: 0,
    };
    // Probe the width with one empty text.
    const probe = await this.runBatch(resource, [resource.contents.tokenizer.encode('', resource.maxLength)]);
    resource.dims = probe.dims;
    if (this.state && this.state.dims !== resource.dims) {
      throw new UserInputError(`onnx_encoder: the model gives ${resource.dims}-dimensional vectors, the pipeline was fitted with ${this.state.dims}`);
    }
    this.resource = resource;
  }

  private async embedBatch(r: Resource, batch: readonly CellValue[]): Promise<Float64Array> {
    const encoded = batch.map((v) => r.contents.tokenizer.encode(prepareText(v, { lowercase: false, normalize: this.params.normalize, maskPatterns: this.params.maskPatterns }), r.maxLength));
    const { pooled } = await this.runBatch(r, encoded);
    if (this.params.norm === 'l2') {
      const dims = r.dims;
      for (let i = 0; i < batch.length; i++) {
        let s = 0;
        for (let k = 0; k < dims; k++) s += pooled[i * dims + k] ** 2;
        if (s > 0) {
          const scale = 1 / Math.sqrt(s);
          for (let k = 0; k < dims; k++) pooled[i * dims + k] *= scale;
        }
      }
    }
    return pooled;
  }

  /** One session run on token ids (padded to the longest row); returns pooled rows. */
  private async runBatch(r: Resource, encoded: number[][]): Promise<{ pooled: Float64Array; dims: number }> {
    const ort = await loadOnnxRuntime();
    const B = encoded.length;
    const S = Math.max(1, ...encoded.map((ids) => ids.length));
    const pad = r.contents.tokenizer.padId;
    const ids = new Array<number>(B * S).fill(pad);
    const mask = new Array<number>(B * S).fill(0);
    encoded.forEach((row, i) => row.forEach((id, j) => ((ids[i * S + j] = id), (mask[i * S + j] = 1))));
    const intTensor = (values: number[]): Tensor =>
      r.idsType === 'int32' ? new ort.Tensor('int32', Int32Array.from(values), [B, S]) : new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [B, S]);
    const feeds: Record<string, Tensor> = { [r.idsInput]: intTensor(ids) };
    if (r.maskInput) feeds[r.maskInput] = intTensor(mask);
    if (r.typeIdsInput) feeds[r.typeIdsInput] = intTensor(new Array<number>(B * S).fill(0));
    const result = await runCounted(r.session, feeds);
    const t = result[r.output];
    const data = t.data as Float32Array | Float64Array;
    if (t.dims.length === 2 && t.dims[0] === B) return { pooled: Float64Array.from(data), dims: t.dims[1] };
    if (t.dims.length !== 3 || t.dims[0] !== B || t.dims[1] !== S) {
      throw new Error(`onnx_encoder: output "${r.output}" has shape [${t.dims.join(', ')}], expected [${B}, ${S}, dims] or [${B}, dims]`);
    }
    const D = t.dims[2];
    const pooled = new Float64Array(B * D);
    const cls = r.contents.config.pooling === 'cls';
    for (let i = 0; i < B; i++) {
      const n = cls ? 1 : encoded[i].length;
      if (n === 0) continue;
      for (let j = 0; j < n; j++) {
        const base = (i * S + j) * D;
        for (let k = 0; k < D; k++) pooled[i * D + k] += data[base + k];
      }
      for (let k = 0; k < D; k++) pooled[i * D + k] /= n;
    }
    return { pooled, dims: D };
  }
}

defineComponent({
  role: 'feature',
  kind: 'onnx_encoder',
  description: 'Document vectors from a user-supplied ONNX text encoder (model.onnx + WordPiece vocab.txt or whitespace vocab.json), mean-pooled; needs the async pipeline path; dense output.',
  accepts: ['text'],
  nonNegativeOutput: () => false,
  params: ONNX_ENCODER_SCHEMA,
  validate: (params) => (params.modelDir === '' ? ['modelDir: required (a directory with model.onnx and vocab.txt or vocab.json)'] : []),
  create: (params) => new OnnxEncoder(params),
  load: (params, state) => OnnxEncoder.load(params, state),
});
