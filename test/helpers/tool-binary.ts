/** Finds a test tool (fake-gcs-server, pubsub-fake) in the tools cache or on PATH. */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { toolsCacheDir } from '../../devserver/project-paths.js';

export function findToolBinary(name: string): { path?: string; tried: string[] } {
  const dirs = [toolsCacheDir(), ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)];
  const tried = dirs.map((d) => join(d, name));
  return { path: tried.find((p) => existsSync(p)), tried };
}
