/** Writes docs/components.md from the component, sampler and pruner tables: `npm run docs:components`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../devserver/project-paths.js';
import { componentsMarkdown } from '../cli/components-markdown.js';

const path = join(packageRoot(), 'docs', 'components.md');
writeFileSync(path, componentsMarkdown());
process.stdout.write(`wrote ${path}\n`);
