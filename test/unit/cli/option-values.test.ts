import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseHostPort, parsePort, parsePositiveInt, parsePositiveNumber, parseShare } from '../../../cli/option-values.js';

describe('option values', () => {
  it('HOST:PORT as the temporal CLI takes it', () => {
    for (const ok of ['localhost:7233', '127.0.0.1:7233', 'temporal.example.com:443', '[::1]:7233']) expect(parseHostPort(ok)).toBe(ok);
    for (const bad of ['localhost', ':7233', 'host:0', 'host:70000', 'host:72x', 'a b:1']) expect(() => parseHostPort(bad)).toThrow(InvalidArgumentError);
  });

  it('whole numbers and ports', () => {
    expect(parsePositiveInt('20')).toBe(20);
    for (const bad of ['0', '-1', '1.5', 'many', '']) expect(() => parsePositiveInt(bad)).toThrow(InvalidArgumentError);
    expect(parsePort('0')).toBe(0);
    expect(() => parsePort('65536')).toThrow(InvalidArgumentError);
  });

  it('positive numbers and shares (deploy budgets)', () => {
    expect(parsePositiveNumber('2.5')).toBe(2.5);
    for (const bad of ['0', '-3', 'fast', '', 'Infinity']) expect(() => parsePositiveNumber(bad)).toThrow(InvalidArgumentError);
    expect(parseShare('0')).toBe(0);
    expect(parseShare('0.05')).toBe(0.05);
    expect(parseShare('1')).toBe(1);
    for (const bad of ['5%', '1.5', '-0.1', 'half']) expect(() => parseShare(bad)).toThrow(/expected a share from 0 to 1/);
  });
});
