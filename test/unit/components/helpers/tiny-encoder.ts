/**
 * A tiny ONNX "sentence encoder" built by the tests themselves (no encoder ships on npm):
 * token embedding lookup (Gather) masked by attention_mask, output last_hidden_state
 * [batch, tokens, dims]. Mean pooling of it is then the mean of the tokens' embedding rows,
 * easy to check by hand.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataType, OnnxGraphBuilder, attr } from '../../../../components/export/onnx-builder.js';

export const TINY_VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'free', 'cash', 'prize', 'meeting', 'project', 'report', '##s', 'click', 'now'];
export const TINY_DIMS = 3;

/** Row i of the embedding table: [i, 1, (i % 3) - 1], so every token's vector is distinct and known. */
export function tinyEmbedding(id: number): number[] {
  return [id, 1, (id % 3) - 1];
}

export function tinyEncoderModel(vocabSize = TINY_VOCAB.length, withMask = true): Uint8Array {
  const g = new OnnxGraphBuilder('tiny_encoder');
  const ids = g.input('input_ids', DataType.INT64, ['batch', 'tokens']);
  const table = g.constant('embeddings', 'float', [vocabSize, TINY_DIMS], Array.from({ length: vocabSize }, (_, i) => tinyEmbedding(i)).flat());
  if (!withMask) {
    g.nodeNamed('Gather', [table, ids], ['last_hidden_state'], [attr.int('axis', 0)]);
  } else {
    const mask = g.input('attention_mask', DataType.INT64, ['batch', 'tokens']);
    const [rows] = g.node('Gather', [table, ids], ['rows'], [attr.int('axis', 0)]);
    const [maskF] = g.node('Cast', [mask], ['mask_f'], [attr.int('to', DataType.FLOAT)]);
    const [mask3] = g.node('Unsqueeze', [maskF, g.constant('axis2', 'int64', [1], [2])], ['mask3']);
    g.nodeNamed('Mul', [rows, mask3], ['last_hidden_state']);
  }
  g.output('last_hidden_state', DataType.FLOAT, ['batch', 'tokens', TINY_DIMS]);
  return g.toBytes({ producerName: 'autoflow-tests' });
}

/** Writes a model directory: model.onnx + vocab.txt (WordPiece) or vocab.json (whitespace). */
export async function writeTinyEncoder(dir: string, vocab: 'wordpiece' | 'whitespace' = 'wordpiece'): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'model.onnx'), tinyEncoderModel());
  if (vocab === 'wordpiece') await writeFile(join(dir, 'vocab.txt'), TINY_VOCAB.join('\n') + '\n');
  else await writeFile(join(dir, 'vocab.json'), JSON.stringify({ tokens: TINY_VOCAB, bos: '[CLS]', eos: '[SEP]' }));
  return dir;
}
