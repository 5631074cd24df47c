import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listComponents } from '../../../components/index.js';
import { PRUNERS } from '../../../search-spaces/pruners/index.js';
import { SAMPLERS } from '../../../search-spaces/samplers.js';
import { componentsMarkdown, rangeText } from '../../../cli/components-markdown.js';

describe('docs/components.md', () => {
  const text = componentsMarkdown();

  it('is the generated text (run `npm run docs:components` after changing a component, sampler or pruner)', () => {
    const committed = readFileSync(join(import.meta.dirname, '../../../docs/components.md'), 'utf8');
    if (committed !== text) expect.fail('docs/components.md is out of date with the component, sampler and pruner tables: run `npm run docs:components` and commit the result');
  });

  it('lists every component, sampler and pruner with each of its parameters or options', () => {
    for (const c of listComponents()) {
      expect(text).toContain(`### \`${c.kind}\` (${c.role}`);
      for (const p of Object.keys(c.params)) expect(text).toContain(`| \`${p}\` |`);
    }
    for (const registry of [SAMPLERS, PRUNERS]) {
      for (const e of registry.entries) {
        expect(text).toContain(`### \`${e.name}\``);
        expect(text).toContain(e.description);
        for (const o of Object.keys(e.options)) expect(text).toContain(`| \`${o}\` |`);
      }
    }
    expect(text).toContain('### `successive-halving` (also `asha`)');
  });

  it('writes ranges in interval notation', () => {
    expect(rangeText({ type: 'float', default: 0.5, min: 0, max: 1, exclusiveMin: true, description: '' })).toBe('(0, 1]');
    expect(rangeText({ type: 'int', default: 1, min: 1, description: '' })).toBe('[1, ∞)');
    expect(rangeText({ type: 'float', min: 0, max: 1, exclusiveMin: true, exclusiveMax: true, description: '' })).toBe('(0, 1)');
    expect(rangeText({ type: 'enum', default: 'a', choices: ['a', 'b'], description: '' })).toBe('a, b');
    expect(rangeText({ type: 'bool', default: true, description: '' })).toBe('');
  });
});
