/** The installed AutoFlow's version, read from its package.json at run time (no copy to keep in sync). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../devserver/project-paths.js';

export function packageVersion(): string {
  // packageRoot() finds package.json from cli/ (sources), dist/cli/ and an installed copy alike.
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
