import { describe, expect, it } from 'vitest';
import { isUserInputError } from '../../../core/errors.js';
import {
  aliasNameProblem,
  formatModelReference,
  modelNameProblem,
  parseModelReference,
  validateAliasName,
  validateModelName,
} from '../../../registry/model-names.js';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('model names', () => {
  it.each(['spam', 'Spam-2', 'a', '0', 'spam_v1.2', 'x'.repeat(64)])('accepts %j', (name) => {
    expect(validateModelName(name)).toBe(name);
  });

  it.each([
    ['../x', /must not contain "\/"/],
    ['a/b', /must not contain "\/"/],
    ['', /model name is empty/],
    ['x'.repeat(65), /is 65 characters long; the limit is 64/],
    ['a..b', /must not contain "\.\."/],
    ['..', /must not contain "\.\."/],
    ['.hidden', /start.* with a letter or digit/],
    ['-x', /start.* with a letter or digit/],
    ['a b', /use letters, digits/],
    ['a@b', /use letters, digits/],
    ['a\\b', /must not contain/],
  ])('rejects %j', (name, message) => {
    const err = thrown(() => validateModelName(name));
    expect(isUserInputError(err)).toBe(true);
    expect(err.message).toMatch(message);
    expect(modelNameProblem(name)).toBeDefined();
  });

  it('rejects non-strings', () => {
    expect(modelNameProblem(undefined)).toMatch(/must be a string/);
    expect(modelNameProblem(7)).toMatch(/must be a string/);
  });
});

describe('alias names', () => {
  it('accepts ordinary aliases', () => {
    expect(validateAliasName('production')).toBe('production');
    expect(aliasNameProblem('champion-2')).toBeUndefined();
  });

  it('reserves latest and rejects all-digit and unsafe aliases', () => {
    expect(thrown(() => validateAliasName('latest')).message).toMatch(/reserved/);
    expect(thrown(() => validateAliasName('LATEST')).message).toMatch(/reserved/);
    expect(thrown(() => validateAliasName('7')).message).toMatch(/all digits/);
    expect(isUserInputError(thrown(() => validateAliasName('../prod')))).toBe(true);
    expect(aliasNameProblem('')).toMatch(/alias is empty/);
  });
});

describe('model references', () => {
  it('parses every form', () => {
    expect(parseModelReference('spam')).toEqual({ name: 'spam', kind: 'latest' });
    expect(parseModelReference('spam@latest')).toEqual({ name: 'spam', kind: 'latest' });
    expect(parseModelReference('spam@production')).toEqual({ name: 'spam', kind: 'alias', alias: 'production' });
    expect(parseModelReference('spam/7')).toEqual({ name: 'spam', kind: 'version', version: 7 });
    expect(parseModelReference('spam.v2/12')).toEqual({ name: 'spam.v2', kind: 'version', version: 12 });
  });

  it.each([
    ['', /is empty/],
    ['spam/0', /version "0" is not a whole number >= 1/],
    ['spam/07', /version "07"/],
    ['spam/x', /version "x"/],
    ['spam/', /version ""/],
    ['spam/1/2', /version "1\/2"/],
    ['spam@', /alias is empty/],
    ['@prod', /model name is empty/],
    ['spam@prod/1', /not both/],
    ['../spam', /model name/],
    ['a/b/c', /version "b\/c"/],
    ['spam@a@b', /alias "a@b"/],
  ])('rejects %j with a clear message', (reference, message) => {
    const err = thrown(() => parseModelReference(reference));
    expect(isUserInputError(err)).toBe(true);
    expect(err.message).toMatch(message);
    if (reference) expect(err.message).toContain(`model reference ${JSON.stringify(reference)}`);
  });

  it('formats references back', () => {
    for (const ref of ['spam@latest', 'spam@production', 'spam/7']) expect(formatModelReference(parseModelReference(ref))).toBe(ref);
  });
});
