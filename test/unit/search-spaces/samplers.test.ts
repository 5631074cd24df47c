/**
 * The sampler registry: names, lookups and option schemas. Every sampler's behaviour is in
 * sampler-conformance.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { getSampler, SAMPLER_NAMES } from '../../../search-spaces/index.js';
import { checkOption } from '../../../search-spaces/registry.js';
import { SAMPLERS } from '../../../search-spaces/samplers.js';

describe('getSampler', () => {
  it('knows the names and rejects others naming the known ones, with a suggestion', () => {
    expect(SAMPLER_NAMES).toEqual(['random', 'grid', 'qmc', 'tpe', 'motpe']);
    for (const n of SAMPLER_NAMES) expect(getSampler(n).name).toBe(n);
    expect(() => getSampler('cmaes')).toThrow('unknown sampler "cmaes"; known samplers: random, grid, qmc, tpe');
    expect(() => getSampler('rnadom')).toThrow('unknown sampler "rnadom" (did you mean "random"?)');
    expect(() => getSampler('tpe', { nEiCandidate: 3 })).toThrow('sampler tpe: unknown option "nEiCandidate" (did you mean "nEiCandidates"?)');
    expect(() => getSampler('tpe', { name: 'grid' })).toThrow('sampler tpe: option name "grid" does not match');
  });
});

describe('sampler table', () => {
  it('every entry has a description, and every option a description and a default that fits its own schema', () => {
    for (const entry of SAMPLERS.entries) {
      expect(entry.description.length, entry.name).toBeGreaterThan(20);
      expect(Object.keys(entry.options)).toContain('enqueue');
      for (const [key, schema] of Object.entries(entry.options)) {
        expect(schema.description.length, `${entry.name}.${key}`).toBeGreaterThan(10);
        if ('default' in schema && schema.default !== undefined) expect(checkOption(schema, schema.default), `${entry.name}.${key}`).toBeUndefined();
        else expect(schema.type === 'configurations' || schema.defaultText !== undefined, `${entry.name}.${key} has no default to show`).toBe(true);
      }
    }
  });

  it('checks bounds, types and choices', () => {
    const tpe = SAMPLERS.find('tpe')!.options;
    expect(checkOption(tpe.gamma, 0)).toBe('must be > 0, got 0');
    expect(checkOption(tpe.gamma, 1)).toBeUndefined();
    expect(checkOption(tpe.nStartupTrials, -1)).toBe('must be >= 0, got -1');
    expect(checkOption(tpe.nStartupTrials, '3')).toBe('must be an integer, got "3"');
    expect(checkOption(tpe.startup, 'sobol')).toBe('must be one of "qmc", "random", got "sobol"');
    expect(checkOption(tpe.enqueue, [{ a: 1 }, []])).toBe('must be a list of { param: value } objects');
    expect(checkOption(tpe.enqueue, [{ a: 1 }])).toBeUndefined();
  });
});
