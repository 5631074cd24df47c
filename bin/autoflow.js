#!/usr/bin/env node
// The CLI runs from the compiled output (npm install builds it through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('autoflow is not built yet: run `npm install` (or `npm run build`) in the project folder\n');
  process.exit(1);
}
await import(main.href);
