/**
 * Which build of AutoFlow the bench judges. Other people rebuild dist/ in a shared checkout,
 * and a run of half an hour that loads dist/ afresh in every `autoflow` command would mix
 * builds, or catch one half written. So run.mjs copies bin/, dist/ and package.json once, at
 * the start, into the work folder (node_modules linked), and every module of the bench loads
 * the product from that copy: one build for all cases and sides.
 */
import { cp, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let root = repo;

/** Copies the current build into `dir` and makes it the one the bench uses. */
export async function snapshotProduct(dir) {
  await mkdir(dir, { recursive: true });
  for (const p of ['bin', 'dist', 'package.json']) await cp(path.join(repo, p), path.join(dir, p), { recursive: true });
  await symlink(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  root = dir;
}

/** A module of the product's build, as an import() URL. */
export const distUrl = (p) => pathToFileURL(path.join(root, 'dist', p)).href;

/** The CLI entry point of the build in use. */
export const cliPath = () => path.join(root, 'bin', 'autoflow.js');
