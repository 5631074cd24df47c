/** For tests of user-facing checks: runs `fn`, expects it to throw a UserInputError, returns it. */
import { expect } from 'vitest';
import { isUserInputError } from '../../core/errors.js';

export function thrownUserInputError(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    expect(isUserInputError(e)).toBe(true);
    return e as Error;
  }
  throw new Error('expected a UserInputError, nothing was thrown');
}
