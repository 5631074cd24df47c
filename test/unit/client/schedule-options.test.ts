import { describe, expect, it } from 'vitest';
import { checkScheduleOptions } from '../../../client/retrain-schedules.js';

const problemsOf = (options: Parameters<typeof checkScheduleOptions>[0]): string[] => {
  try {
    checkScheduleOptions(options);
    return [];
  } catch (e) {
    return (e as { problems: string[] }).problems;
  }
};

describe('schedule options checked before any server is reached', () => {
  it('accepts cron expressions, intervals, IANA time zones and overlap policies', () => {
    expect(problemsOf({ cron: ['0 3 * * 1', '@daily'], every: ['12h'], timezone: 'Asia/Tokyo', overlap: 'buffer-one', catchupWindow: '1h' })).toEqual([]);
  });

  it('names every problem at once', () => {
    expect(problemsOf({ cron: ['bad'], every: ['7x'], timezone: 'Mars/Base', overlap: 'sometimes' as never, catchupWindow: 'soon' })).toEqual([
      '--every: expected a duration such as 30m, 12h or 7d, got "7x"',
      '--catchup-window: expected a duration such as 30m, 12h or 7d, got "soon"',
      '--overlap: expected one of skip, buffer-one, buffer-all, cancel-other, terminate-other, allow-all, got "sometimes"',
      '--timezone: unknown time zone "Mars/Base" (IANA names such as Europe/Berlin or Asia/Tokyo)',
      '--cron: "bad" is not a cron expression (minute hour day-of-month month day-of-week, e.g. "0 3 * * 1")',
    ]);
    expect(problemsOf({})).toEqual(['a schedule needs --cron EXPR or --every DURATION']);
  });
});
