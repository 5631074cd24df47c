import { describe, expect, it } from 'vitest';
import { assertValidSearchSpace, SearchSpaceError, validateSearchSpace, type ParamSpace, type SearchSpace } from '../../../search-spaces/index.js';
import { conditionalSpace } from './helpers.js';

const one = (...params: ParamSpace[]): SearchSpace => ({ params });
const problems = (...params: ParamSpace[]) => validateSearchSpace(one(...params));

describe('validateSearchSpace', () => {
  it('accepts a good conditional space', () => {
    expect(validateSearchSpace(conditionalSpace)).toEqual([]);
    expect(problems({ name: 'x', dist: { type: 'float', low: 1, high: 1 } })).toEqual([]);
    expect(problems({ name: 'n', dist: { type: 'int', low: 1, high: 64, log: true } })).toEqual([]);
    expect(problems({ name: 'f', dist: { type: 'float', low: 0.1, high: 0.9, step: 0.1 } })).toEqual([]);
  });

  it('inverted range', () => {
    expect(problems({ name: 'a', dist: { type: 'float', low: 2, high: 1 } })).toEqual([expect.stringMatching(/^a: .*low 2 > high 1/)]);
    expect(problems({ name: 'b', dist: { type: 'int', low: 5, high: 4 } })[0]).toMatch(/^b: /);
  });

  it('log scale with low <= 0', () => {
    expect(problems({ name: 'C', dist: { type: 'float', low: 0, high: 1, log: true } })).toEqual([expect.stringMatching(/^C: log scale needs low > 0/)]);
    expect(problems({ name: 'n', dist: { type: 'int', low: -1, high: 10, log: true } })[0]).toMatch(/^n: log scale/);
  });

  it('bad steps', () => {
    expect(problems({ name: 's', dist: { type: 'int', low: 0, high: 10, step: 0 } })[0]).toMatch(/^s: step must be > 0/);
    expect(problems({ name: 's', dist: { type: 'float', low: 0, high: 1, step: -0.5 } })[0]).toMatch(/^s: step must be > 0/);
    expect(problems({ name: 's', dist: { type: 'int', low: 0, high: 10, step: 3 } })[0]).toMatch(/^s: step 3 does not divide/);
    expect(problems({ name: 's', dist: { type: 'float', low: 0.1, high: 1, step: 0.2 } })[0]).toMatch(/^s: step 0.2 does not divide/);
    expect(problems({ name: 's', dist: { type: 'int', low: 0, high: 10, step: 2.5 } })[0]).toMatch(/^s: int step must be an integer/);
    expect(problems({ name: 's', dist: { type: 'float', low: 1, high: 10, step: 1, log: true } })[0]).toMatch(/^s: log scale cannot be combined with a step/);
  });

  it('int bounds must be integers; numbers must be finite', () => {
    expect(problems({ name: 'i', dist: { type: 'int', low: 0.5, high: 3 } })[0]).toMatch(/^i: int low must be an integer/);
    expect(problems({ name: 'x', dist: { type: 'float', low: 0, high: Infinity } })[0]).toMatch(/^x: high must be a finite number/);
    expect(problems({ name: 'x', dist: { type: 'float', low: NaN, high: 1 } })[0]).toMatch(/^x: low must be a finite number/);
    expect(problems({ name: 'c', dist: { type: 'categorical', choices: ['a', NaN] } })[0]).toMatch(/^c: choice NaN/);
  });

  it('empty and duplicate choices', () => {
    expect(problems({ name: 'c', dist: { type: 'categorical', choices: [] } })).toEqual(['c: empty choices']);
    expect(problems({ name: 'c', dist: { type: 'categorical', choices: ['a', 'a'] } })[0]).toMatch(/^c: duplicate choice "a"/);
  });

  it('names: non-empty and unique', () => {
    expect(problems({ name: '', dist: { type: 'categorical', choices: [1] } })[0]).toMatch(/^params\[0\]: name must be a non-empty string/);
    const dup = problems({ name: 'a', dist: { type: 'categorical', choices: [1] } }, { name: 'a', dist: { type: 'categorical', choices: [2] } });
    expect(dup).toEqual([expect.stringMatching(/^a: duplicate parameter name/)]);
  });

  it('conditions on unknown, later or self parameters', () => {
    const cat = { type: 'categorical' as const, choices: ['x', 'y'] };
    expect(problems({ name: 'a', dist: cat, condition: { param: 'nope', in: ['x'] } })[0]).toMatch(/^a: condition refers to unknown parameter "nope"/);
    expect(problems({ name: 'a', dist: cat, condition: { param: 'b', in: ['x'] } }, { name: 'b', dist: cat })[0]).toMatch(/^a: condition refers to "b", which is declared after it/);
    expect(problems({ name: 'a', dist: cat, condition: { param: 'a', in: ['x'] } })[0]).toMatch(/^a: condition refers to itself/);
  });

  it('conditions on values the parent can never take', () => {
    const parent: ParamSpace = { name: 'clf', dist: { type: 'categorical', choices: ['lr', 'svm'] } };
    expect(problems(parent, { name: 'C', dist: { type: 'float', low: 0, high: 1 }, condition: { param: 'clf', in: ['lr', 'rf'] } })).toEqual([
      expect.stringMatching(/^C: condition value "rf" can never be taken by "clf" \(not one of its choices/),
    ]);
    const n: ParamSpace = { name: 'layers', dist: { type: 'int', low: 1, high: 3 } };
    expect(problems(n, { name: 'w2', dist: { type: 'int', low: 1, high: 3 }, condition: { param: 'layers', in: [2, 3, 4, 2.5] } })).toHaveLength(2);
    expect(problems(parent, { name: 'C', dist: { type: 'float', low: 0, high: 1 }, condition: { param: 'clf', in: [] } })[0]).toMatch(/^C: condition on "clf" lists no values/);
  });

  it('assertValidSearchSpace throws a SearchSpaceError with the problems', () => {
    try {
      assertValidSearchSpace(one({ name: 'c', dist: { type: 'categorical', choices: [] } }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SearchSpaceError);
      expect((e as SearchSpaceError).problems).toEqual(['c: empty choices']);
    }
  });
});
