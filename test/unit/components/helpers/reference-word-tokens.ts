/**
 * The regex word tokenizer as it was before its hot loop was rewritten (components/
 * feature-extraction/text-analyzers.ts, wordTokens), kept verbatim apart from returning
 * strings: the equivalence test checks the fast version against it token for token, since
 * training and serving share the tokenizer and any difference would change predictions.
 */
const HASH_SEED = 0x811c9dc5 | 0;
const hashStep = (h: number, codeUnit: number): number => Math.imul(h ^ codeUnit, 0x01000193);

/** The tokens of `text` (`(?u)\b\w\w+\b`), each with the FNV-1a hash the word table is keyed by. */
export function referenceWordTokens(text: string): { token: string; hash: number }[] {
  const out: { token: string; hash: number }[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let width = wordCharWidth(text, i);
    if (width === 0) {
      i++;
      continue;
    }
    const start = i;
    let codePoints = 0;
    let h = HASH_SEED;
    do {
      h = hashStep(h, text.charCodeAt(i));
      if (width === 2) h = hashStep(h, text.charCodeAt(i + 1));
      codePoints++;
      i += width;
    } while (i < n && (width = wordCharWidth(text, i)) !== 0);
    if (codePoints >= 2) out.push({ token: text.slice(start, i), hash: h });
  }
  return out;
}

function wordCharWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c];
  const cp = codePointAt(text, i);
  return isWordChar(cp) ? (cp > 0xffff ? 2 : 1) : 0;
}

function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c < 0xdc00 && i + 1 < text.length ? text.codePointAt(i)! : c;
}

const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_WORD[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 ? 1 : 0;
}

const WORD_RE = /^[\p{L}\p{N}_]$/u;

function isWordChar(cp: number): boolean {
  if (cp < 128) return ASCII_WORD[cp] === 1;
  return WORD_RE.test(String.fromCodePoint(cp));
}
