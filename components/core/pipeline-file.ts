/**
 * Saving a fitted pipeline to one JSON file and loading it back, for using the component
 * library on its own (the registry stores the same JSON inside a checksummed bundle).
 * The write is atomic: a crash mid-save leaves the old file, never half of a new one.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserInputError } from '../../core/errors.js';
import { Pipeline, type FittedPipelineJSON } from './pipeline.js';

export async function savePipeline(pipeline: Pipeline, path: string): Promise<void> {
  const target = resolve(path);
  const temp = `${target}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(pipeline.toJSON()));
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

export async function loadPipeline(path: string): Promise<Pipeline> {
  const source = resolve(path);
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserInputError(code === 'ENOENT' ? `pipeline file not found: ${source}` : `cannot read pipeline file ${source}: ${(e as Error).message}`);
  }
  let json: FittedPipelineJSON;
  try {
    json = JSON.parse(text) as FittedPipelineJSON;
  } catch (e) {
    throw new UserInputError(`${source}: not valid JSON: ${(e as Error).message}`);
  }
  try {
    return Pipeline.fromJSON(json);
  } catch (e) {
    if (e instanceof UserInputError) throw new UserInputError(`${source}: ${e.message}`);
    throw e;
  }
}
