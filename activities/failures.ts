import { ApplicationFailure } from '@temporalio/common';
import { isUserInputError } from '../core/errors.js';

/**
 * User mistakes (bad spec, bad data, invalid parameter combination) fail without retries:
 * retrying cannot fix them. Everything else is rethrown for Temporal's retry policy.
 */
export async function failFastOnUserError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isUserInputError(e)) throw ApplicationFailure.nonRetryable(e.message, 'UserInputError');
    throw e;
  }
}
