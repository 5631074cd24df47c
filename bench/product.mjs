/**
 * Which build of AutoFlow a bench judges. Other people rebuild dist/ in a shared checkout,
 * and a run of half an hour that loads dist/ afresh in every `autoflow` command would mix
 * builds, or catch one half written. So a bench copies bin/, dist/ and package.json once, at
 * the start, into its work folder (node_modules linked), and every module of the bench loads
 * the product from that copy: one build for all cases and sides.
 */
import { cp, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
let root = repo;

/**
 * Copies a build into `dir` and makes it the one the bench uses: this checkout's by default,
 * or another checkout's (`source`, e.g. an older build to compare against).
 */
export async function snapshotProduct(dir, source = repo) {
  await mkdir(dir, { recursive: true });
  for (const p of ['bin', 'dist', 'package.json']) await cp(path.join(source, p), path.join(dir, p), { recursive: true });
  await symlink(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  root = dir;
}

/** A module of the product's build, as an import() URL. */
export const distUrl = (p) => pathToFileURL(path.join(root, 'dist', p)).href;

/** The CLI entry point of the build in use. */
export const cliPath = () => path.join(root, 'bin', 'autoflow.js');

/** A file of the build in use (to check whether an older build has a module at all). */
export const productPath = (...parts) => path.join(root, ...parts);
