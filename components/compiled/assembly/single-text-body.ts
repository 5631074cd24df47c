/**
 * AssemblyScript (compiled into the column table's kernel by `npm run build`): the text of a
 * prediction request of the usual shape, read straight from the body's bytes, so that the
 * server's most common request skips JSON.parse, the request's validation and the text's
 * copy into this memory (~1.5 us of a 1.2 KB request; bench/serving).
 *
 * The shape is exactly one record with exactly one field, a string of ASCII characters:
 *
 *   {"records": [{"KEY": "STRING"}]}     (JSON whitespace allowed between the tokens)
 *
 * Anything else answers -1 and the caller takes the general path (JSON.parse, validation),
 * so this decides nothing about a body that path would reject or read otherwise: a body it
 * accepts is valid JSON whose parse is that record, and the bytes written are the string's
 * characters, one per byte. It answers -1 for a key spelled with escapes, a string holding
 * a character past ASCII (as a byte or as \u escape), a raw control character (invalid
 * JSON), an unknown escape, and anything before the end of the body after the last brace.
 */

const QUOTE: u32 = 0x22;
const BACKSLASH: u32 = 0x5c;
/** pastToken's answer when the token is not next. */
const MISSING: usize = usize.MAX_VALUE;

/** Whether `c` is JSON whitespace: space, tab, line feed, carriage return. */
// @ts-ignore: decorator
@inline
function isSpace(c: u32): bool {
  return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d;
}

/** The value of a hexadecimal digit, or -1. */
// @ts-ignore: decorator
@inline
function hexValue(c: u32): i32 {
  if (c - 0x30 < 10) return <i32>(c - 0x30);
  const lower = c | 0x20;
  if (lower - 0x61 < 6) return <i32>(lower - 0x61 + 10);
  return -1;
}

/**
 * The STRING of the body's `n` bytes at `body` decoded to `out` (one byte per character;
 * `out` has room for n bytes and may not overlap `body`), when the body has the shape above
 * and its KEY is the `keyLength` bytes at `key` (spelled without escapes); its length, else -1.
 */
export function singleTextOfBody(body: usize, n: i32, key: usize, keyLength: i32, out: usize): i32 {
  const end = body + <usize>n;
  let at = pastToken(body, end, 0x7b); // {
  if (at == MISSING) return -1;
  at = skipSpace(at, end);
  // "records"
  if (end - at < 9 || load<u64>(at) != 0x7364726f63657222 || load<u8>(at + 8) != QUOTE) return -1;
  at = pastToken(at + 9, end, 0x3a); // :
  if (at != MISSING) at = pastToken(at, end, 0x5b); // [
  if (at != MISSING) at = pastToken(at, end, 0x7b); // {
  if (at == MISSING) return -1;
  at = skipSpace(at, end);
  // "KEY"
  if (end - at < <usize>keyLength + 2 || load<u8>(at) != QUOTE || load<u8>(at + 1 + <usize>keyLength) != QUOTE) return -1;
  if (memory.compare(at + 1, key, <usize>keyLength) != 0) return -1;
  at = pastToken(at + 2 + <usize>keyLength, end, 0x3a); // :
  if (at != MISSING) at = pastToken(at, end, QUOTE);
  if (at == MISSING) return -1;
  // STRING: printable ASCII as is, escapes decoded; ends at the first unescaped quote.
  let written = out;
  while (true) {
    // Sixteen bytes at a time up to the next quote, backslash, control character or byte past
    // ASCII (a byte at a time took ~1.1 ns a byte). All sixteen are stored: the bytes from the
    // special one on are written again. The store stays inside out's n bytes, as `written`
    // trails `at` (an escape is longer than its character).
    if (end - at >= 16) {
      const x = v128.load(at);
      // Signed, a byte past ASCII is negative: "below 0x20" covers both.
      const special = v128.or(i8x16.lt_s(x, i8x16.splat(0x20)), v128.or(i8x16.eq(x, i8x16.splat(<i8>QUOTE)), i8x16.eq(x, i8x16.splat(<i8>BACKSLASH))));
      v128.store(written, x);
      const found = i8x16.bitmask(special);
      if (found == 0) {
        written += 16;
        at += 16;
        continue;
      }
      const plain = <usize>ctz(found);
      written += plain;
      at += plain;
    } else if (at >= end) return -1;
    const c = <u32>load<u8>(at);
    if (c == QUOTE) break;
    if (c < 0x20 || c >= 0x80) return -1;
    if (c != BACKSLASH) {
      store<u8>(written++, <u8>c);
      at++;
      continue;
    }
    if (end - at < 2) return -1;
    const e = <u32>load<u8>(at + 1);
    let decoded: u32;
    if (e == 0x6e) decoded = 0x0a; // \n, the usual one
    else if (e == QUOTE || e == BACKSLASH || e == 0x2f) decoded = e;
    else if (e == 0x74) decoded = 0x09; // \t
    else if (e == 0x72) decoded = 0x0d; // \r
    else if (e == 0x62) decoded = 0x08; // \b
    else if (e == 0x66) decoded = 0x0c; // \f
    else if (e == 0x75) {
      // \uXXXX below 0x80 only: anything else is not ASCII.
      if (end - at < 6) return -1;
      const d0 = hexValue(load<u8>(at + 2));
      const d1 = hexValue(load<u8>(at + 3));
      const d2 = hexValue(load<u8>(at + 4));
      const d3 = hexValue(load<u8>(at + 5));
      if ((d0 | d1 | d2 | d3) < 0) return -1;
      const code = <u32>((d0 << 12) | (d1 << 8) | (d2 << 4) | d3);
      if (code >= 0x80) return -1;
      store<u8>(written++, <u8>code);
      at += 6;
      continue;
    } else return -1;
    store<u8>(written++, <u8>decoded);
    at += 2;
  }
  at = pastToken(at + 1, end, 0x7d); // }
  if (at != MISSING) at = pastToken(at, end, 0x5d); // ]
  if (at != MISSING) at = pastToken(at, end, 0x7d); // }
  if (at == MISSING || skipSpace(at, end) != end) return -1;
  return <i32>(written - out);
}

/** The position just past byte `token` when it comes next after optional whitespace from `at`, else MISSING. */
function pastToken(at: usize, end: usize, token: u32): usize {
  at = skipSpace(at, end);
  return at < end && <u32>load<u8>(at) == token ? at + 1 : MISSING;
}

/** The first position from `at` that is not JSON whitespace (`end` if none). */
function skipSpace(at: usize, end: usize): usize {
  while (at < end && isSpace(load<u8>(at))) at++;
  return at;
}
