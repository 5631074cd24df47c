/**
 * Every spec shipped in examples/ parses and resolves against its data, so a change to the
 * checks cannot silently break what the README tells users to run.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpecFile } from '../../../experiment-spec/parse-spec-file.js';
import { resolveExperiment } from '../../../experiment-spec/resolve-experiment.js';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples');
const files = readdirSync(examples).filter((f) => /\.(ya?ml|json)$/.test(f));

describe('example specs', () => {
  it('exist', () => expect(files.length).toBeGreaterThanOrEqual(2));
  for (const file of files) {
    it(`${file} resolves against its data`, async () => {
      const path = join(examples, file);
      const spec = await parseSpecFile(path);
      const experiment = await resolveExperiment(spec, examples);
      expect(experiment.space.params.length).toBeGreaterThan(0);
      expect(experiment.budget.maxTrials).toBeGreaterThan(0);
    }, 60_000);
  }
});
