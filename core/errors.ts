/**
 * Errors caused by the user's configuration or data rather than by a bug.
 * The CLI prints their message without a stack trace; activities turn them into
 * non-retryable failures (retrying a bad config never helps).
 */
export class UserInputError extends Error {
  /** Each problem names its file, row, field or parameter. */
  readonly problems: string[];

  constructor(problems: string[] | string, summary?: string) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(summary ? `${summary}:\n  - ${list.join('\n  - ')}` : list.length === 1 ? list[0] : `${list.length} problems:\n  - ${list.join('\n  - ')}`);
    this.name = 'UserInputError';
    this.problems = list;
  }
}

export function isUserInputError(e: unknown): e is UserInputError {
  return e instanceof Error && e.name === 'UserInputError';
}
