/**
 * The kernel's reader of a single-record request body (components/compiled/assembly/single-text-body.ts),
 * called straight on a WebAssembly memory: whatever it accepts must be exactly what JSON.parse
 * reads from that body ({"records": [{KEY: text}]}, text in ASCII), character for character;
 * the canonical bodies (JSON.stringify of such a record, with or without whitespace) must be
 * accepted; anything else must be refused (-1), so the server parses it as before.
 */
import { describe, expect, it } from 'vitest';
import { columnTableKernel, columnTableKernelAvailable, kernelMemory } from '../../../components/compiled/column-table-kernel.js';
import { mulberry32 } from '../../../core/random.js';

const BODY_AT = 1024;
const KEY_AT = 256;
const OUT_AT = 96 * 1024;
const memory = kernelMemory(256 * 1024);
const kernel = memory && columnTableKernel(memory);

/** The text the kernel reads from `body` for `key`, or undefined when it refuses the body. */
function read(body: string | Uint8Array, key = 'text'): string | undefined {
  if (!kernel || !memory) throw new Error('no kernel');
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const view = new Uint8Array(memory.buffer);
  view.fill(0xee, OUT_AT, OUT_AT + bytes.length + 64);
  view.set(bytes, BODY_AT);
  const keyBytes = Buffer.from(key, 'latin1');
  view.set(keyBytes, KEY_AT);
  const n = kernel.singleTextOfBody(BODY_AT, bytes.length, KEY_AT, keyBytes.length, OUT_AT);
  if (n < 0) return undefined;
  // The decoded text never runs past the body's length (the kernel's region is that long).
  expect(n).toBeLessThanOrEqual(bytes.length);
  return Buffer.from(view.subarray(OUT_AT, OUT_AT + n)).toString('latin1');
}

/** What the general path reads: the text when the body parses to exactly {records: [{[key]: ASCII string}]}. */
function parsedText(body: string | Uint8Array, key = 'text'): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
  } catch {
    return undefined;
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(value) || Object.keys(value).join() !== 'records' || !Array.isArray(value.records) || value.records.length !== 1) return undefined;
  const [record] = value.records as unknown[];
  if (!isObject(record) || Object.keys(record).length !== 1 || typeof record[key] !== 'string') return undefined;
  const text = record[key] as string;
  return /^[\0-\x7f]*$/.test(text) ? text : undefined;
}

const body = (text: string, key = 'text') => JSON.stringify({ records: [{ [key]: text }] });

/** A random ASCII string of up to `max` characters, heavy in what needs escaping. */
function asciiText(rand: () => number, max: number): string {
  const special = ['"', '\\', '\n', '\t', '\r', '\b', '\f', '\u0000', '\u001f', '/', '\u007f'];
  let s = '';
  const n = Math.floor(rand() * max);
  for (let i = 0; i < n; i++) s += rand() < 0.15 ? special[Math.floor(rand() * special.length)] : String.fromCharCode(0x20 + Math.floor(rand() * 95));
  return s;
}

describe.runIf(columnTableKernelAvailable())('singleTextOfBody', () => {
  it('reads the text of a canonical body: plain, escaped, empty, at every length around its 16-byte steps', () => {
    expect(read(body('free money now'))).toBe('free money now');
    expect(read(body(''))).toBe('');
    expect(read(body('line one\nline "two"\\ \t tab / slash \r\b\f'))).toBe('line one\nline "two"\\ \t tab / slash \r\b\f');
    const rand = mulberry32(7);
    for (let length = 0; length <= 70; length++) {
      for (let trial = 0; trial < 6; trial++) {
        const text = asciiText(rand, length + 1).slice(0, length);
        expect(read(body(text))).toBe(text);
      }
    }
  });

  it('reads \\u escapes below 0x80 (either case of hex digits) and refuses those above', () => {
    expect(read('{"records":[{"text":"a\\u0041\\u007e\\u007F\\u0000b"}]}')).toBe('aA~\u007f\u0000b');
    expect(read('{"records":[{"text":"caf\\u00e9"}]}')).toBeUndefined();
    expect(read('{"records":[{"text":"\\ud83d\\ude00"}]}')).toBeUndefined();
    expect(read('{"records":[{"text":"\\u00"}]}')).toBeUndefined();
    expect(read('{"records":[{"text":"\\u00g1"}]}')).toBeUndefined();
  });

  it('takes JSON whitespace between every token, and nothing else there', () => {
    const spaced = ' \n{ "records" :\t[ {\r\n"text"  :  "hi there" } ] }\n ';
    expect(parsedText(spaced)).toBe('hi there');
    expect(read(spaced)).toBe('hi there');
    expect(read('{"records":[{"text":"hi"}]}\u00a0')).toBeUndefined();
    expect(read('{"records":[{"text":"hi"}]} x')).toBeUndefined();
    expect(read('\ufeff{"records":[{"text":"hi"}]}')).toBeUndefined();
  });

  it('refuses every other shape, so the server parses and checks it as before', () => {
    const refused = [
      '',
      '{}',
      '{"records":[]}',
      '{"records":[{"text":"a"},{"text":"b"}]}',
      '{"records":[{"text":"a","other":1}]}',
      '{"records":[{"other":1,"text":"a"}]}',
      '{"records":[{"text":"a"}],"id":1}',
      '{"id":1,"records":[{"text":"a"}]}',
      '{"records":[{"text":null}]}',
      '{"records":[{"text":12}]}',
      '{"records":[{"text":["a"]}]}',
      '{"records":[{"txt":"a"}]}',
      '{"records":[{"texts":"a"}]}',
      '{"records":[{"t\\u0065xt":"a"}]}',
      '{"records":{"text":"a"}}',
      '{"record":[{"text":"a"}]}',
      '{"records":[{"text":"a"}]',
      '{"records":[{"text":"a"',
      '{"records":[{"text":"a}]}',
      '{"records":[{"text":"a\\"}]}',
      '{"records":[{"text":"a\\x"}]}',
      '{"records":[{"text":"tab\there"}]}',
      '{"records":[{"text":"new\nline"}]}',
      '{"records":[{"text":"caf\u00e9"}]}',
      '{"records":[{"text":"a"}]}}',
      '[{"records":[{"text":"a"}]}]',
    ];
    for (const b of refused) expect([b, read(b)]).toEqual([b, undefined]);
    // A byte that is no UTF-8 (the general path reads it as U+FFFD, past ASCII).
    expect(read(Buffer.concat([Buffer.from('{"records":[{"text":"a'), Buffer.from([0xff]), Buffer.from('"}]}')]))).toBeUndefined();
  });

  it('matches the key exactly, for any key a body spells without escapes', () => {
    expect(read(body('x', 'message body'), 'message body')).toBe('x');
    expect(read(body('x', 'message body'), 'message')).toBeUndefined();
    expect(read(body('x', 'a'), 'a')).toBe('x');
    expect(read(body('x', ''), '')).toBe('x');
  });

  it('agrees with JSON.parse on random bodies and their random corruptions', () => {
    const rand = mulberry32(11);
    const alphabet = ['"', '\\', '{', '}', '[', ']', ':', ',', ' ', '\n', 'u', '0', 'a', 'e', 't', '\u0001', '\u00e9', 'r'];
    let accepted = 0;
    for (let trial = 0; trial < 4000; trial++) {
      const text = asciiText(rand, 60);
      // Canonical, or with JSON whitespace around the tokens.
      const ws = () => (rand() < 0.5 ? '' : [' ', '\n', '\t', '\r', '  '][Math.floor(rand() * 5)]);
      let b = rand() < 0.5 ? body(text) : `${ws()}{${ws()}"records"${ws()}:${ws()}[${ws()}{${ws()}"text"${ws()}:${ws()}${JSON.stringify(text)}${ws()}}${ws()}]${ws()}}${ws()}`;
      const mutations = Math.floor(rand() * 3);
      for (let m = 0; m < mutations; m++) {
        const at = Math.floor(rand() * (b.length + 1));
        const op = rand();
        const c = alphabet[Math.floor(rand() * alphabet.length)];
        b = op < 0.4 ? b.slice(0, at) + c + b.slice(at) : op < 0.7 ? b.slice(0, at) + b.slice(at + 1) : b.slice(0, at) + c + b.slice(at + 1);
      }
      const expected = parsedText(b);
      const got = read(b);
      // Sound always; complete on the unmutated bodies.
      if (got !== undefined) expect([b, got]).toEqual([b, expected]);
      if (mutations === 0) expect([b, got]).toEqual([b, text]);
      if (got !== undefined) accepted++;
    }
    expect(accepted).toBeGreaterThan(1000);
  });
});
