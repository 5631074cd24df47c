/**
 * Parsers for option values. They throw commander's InvalidArgumentError, so a bad value is a
 * usage error (exit 2, the option named) instead of a NaN travelling into the command.
 */
import { InvalidArgumentError } from 'commander';

/** A parser of numbers that `fits`, saying what was `expected` otherwise. */
function numberOption(fits: (n: number) => boolean, expected: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!fits(n)) throw new InvalidArgumentError(expected);
    return n;
  };
}

export const parsePositiveInt = numberOption((n) => Number.isInteger(n) && n >= 1, 'expected a whole number >= 1');

export const parsePort = numberOption((n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'expected a port number from 0 to 65535');

/** HOST:PORT as the `temporal` CLI takes it (IPv6 hosts in brackets). */
export function parseHostPort(value: string): string {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d+)$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw new InvalidArgumentError('expected HOST:PORT, e.g. localhost:7233');
  return value;
}

export const parsePositiveNumber = numberOption((n) => Number.isFinite(n) && n > 0, 'expected a number > 0');

/** A share from 0 to 1 (0.05 = 5%). */
export const parseShare = numberOption((n) => Number.isFinite(n) && n >= 0 && n <= 1, 'expected a share from 0 to 1, e.g. 0.05 for 5%');

export const parseSeconds = numberOption((n) => Number.isFinite(n) && n >= 0, 'expected a number of seconds >= 0');

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2 };

/** A size like 1048576, 512kb or 4mb. */
export function parseByteSize(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? BYTE_UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined || Number(match[1]) * unit < 1) throw new InvalidArgumentError('expected a size like 1048576, 512kb or 4mb');
  return Math.floor(Number(match[1]) * unit);
}
