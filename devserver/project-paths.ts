/**
 * Where AutoFlow keeps its local state. Everything embedded lives under `.autoflow/` in the
 * current directory (git-ignored); tools that are slow to obtain are cached outside the
 * checkout so a fresh clone (and CI) reuses them.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function autoflowHome(): string {
  return resolve(process.env.AUTOFLOW_HOME ?? '.autoflow');
}

export function toolsCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return process.env.AUTOFLOW_TOOLS_DIR ?? join(base, 'autoflow', 'tools');
}

/**
 * The package root (the folder with AutoFlow's package.json), from source, from dist/, or
 * from an installed copy in node_modules (which ships dist/ and bin/ but no sources).
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bin', 'autoflow.js'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot locate the AutoFlow package root');
    dir = parent;
  }
}

/** Compiled output of a source file, e.g. `activities/training/thread-entry` -> dist/activities/training/thread-entry.js. */
export function compiledPath(relativeNoExt: string): string {
  return join(packageRoot(), 'dist', `${relativeNoExt}.js`);
}
