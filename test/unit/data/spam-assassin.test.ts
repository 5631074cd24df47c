import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from '../../../core/splits.js';
import { getBuiltinDataset, listBuiltinDatasets, loadTable, profileTable } from '../../../data/index.js';
import { stripMailHeaders } from '../../../data/builtin/index.js';

describe('builtin:spam-assassin', () => {
  it('has 6046 rows, 1896 of them spam, and only text and label columns', async () => {
    const { table, columnNames, format, uri, sha256, bytes } = await loadTable('builtin:spam-assassin');
    expect(format).toBe('builtin');
    expect(uri).toBe('builtin:spam-assassin');
    expect(columnNames).toEqual(['text', 'label']);
    expect(Object.keys(table.columns)).toEqual(['text', 'label']);
    expect(table.nRows).toBe(6046);
    expect(table.columns.label.filter((l) => l === 'spam')).toHaveLength(1896);
    expect(table.columns.label.filter((l) => l === 'ham')).toHaveLength(4150);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(bytes).toBeGreaterThan(10_000_000);
  });

  it('strips headers: no relay or list header lines in any text', async () => {
    const { table } = await loadTable('builtin:spam-assassin');
    const leaks = [/^Received:/m, /^Return-Path:/m, /^Delivered-To:/m, /^X-Spam-/m, /^List-(Id|Unsubscribe|Post):/m];
    const offending = table.columns.text.filter((t) => typeof t !== 'string' || leaks.some((re) => re.test(t)));
    expect(offending).toHaveLength(0);
    expect(table.columns.text.every((t) => typeof t === 'string' && !t.startsWith('From '))).toBe(true);
  });

  it('is deterministic: same hash and content on every load; loads give independent arrays', async () => {
    const a = await loadTable('builtin:spam-assassin');
    const b = await loadTable('builtin:spam-assassin');
    expect(b.sha256).toBe(a.sha256);
    expect(b.table.columns.text[100]).toBe(a.table.columns.text[100]);
    a.table.columns.label[0] = 'mutated';
    expect(b.table.columns.label[0]).not.toBe('mutated');
    expect((await loadTable('builtin:spam-assassin')).table.columns.label[0]).not.toBe('mutated');
  });

  it('supports column selection and profiles and splits cleanly', async () => {
    const { table } = await loadTable('builtin:spam-assassin', { columns: ['label', 'text'] });
    expect(Object.keys(table.columns)).toEqual(['label', 'text']);
    const profile = profileTable(table, { target: 'label', columnTypes: getBuiltinDataset('spam-assassin').columnTypes });
    expect(profile.target.classes).toEqual([
      { label: 'ham', count: 4150 },
      { label: 'spam', count: 1896 },
    ]);
    expect(profile.columns.map((c) => [c.name, c.type])).toEqual([['text', 'text']]);
    expect(JSON.stringify(profile).length).toBeLessThan(2_000);
    const split = stratifiedSplit(table.columns.label as string[], { validation: 0.15, test: 0.15, seed: 1 });
    expect(split.train.length + split.validation.length + split.test.length).toBe(6046);
  });

  it('is listed in the builtin registry', () => {
    expect(listBuiltinDatasets().map((d) => d.name)).toContain('spam-assassin');
    expect(getBuiltinDataset('spam-assassin').target).toBe('label');
  });
});

describe('stripMailHeaders', () => {
  it('drops everything up to the first empty line', () => {
    expect(stripMailHeaders('From a@b  Mon\nSubject: hi\nReceived: x\n  by y\n\nBody line\n\nmore\n')).toBe('Body line\n\nmore\n');
    expect(stripMailHeaders('Subject: only headers\n')).toBe('');
    expect(stripMailHeaders('Subject: crlf\r\n\r\nbody\r\n')).toBe('body\r\n');
  });

  it('drops header blocks embedded in the body (bounces, forwarded messages)', () => {
    const raw = [
      'Subject: bounce',
      '',
      'Your message could not be delivered:',
      '',
      'Return-Path: <list-admin@example.org>',
      'Delivered-To: someone@example.org',
      'Received: from a.example.org',
      '\tby b.example.org',
      'Subject: original',
      '',
      'original body',
    ].join('\n');
    expect(stripMailHeaders(raw)).toBe(['Your message could not be delivered:', '', '', 'original body'].join('\n'));
  });
});
