/**
 * Text normalisation shared by the text components (tfidf, hashing, word_vectors), applied
 * to each cell before tokenizing, in this order:
 *
 * 1. Unicode NFKC (`normalize: 'nfkc'`): full-width ASCII and half-width katakana, common in
 *    Japanese listings, become their ordinary forms ('ＡＢＣ１２３' -> 'ABC123', 'ｶﾀｶﾅ' ->
 *    'カタカナ', '￥' -> '¥', '①' -> '1').
 * 2. Pattern masking (`maskPatterns: true`): e-mail addresses, URLs, phone numbers and
 *    prices become the placeholder tokens ` __email__ `, ` __url__ `, ` __phone__ `,
 *    ` __price__ `. Off-platform contact details are a classic marketplace-fraud signal, and
 *    the concrete address or number is noise that never repeats. The placeholders are made of
 *    word characters, so every tokenizer keeps each one as a single token.
 * 3. Lower-casing (`lowercase`), JavaScript's full Unicode mapping (as Python's str.lower).
 *
 * With the defaults (no NFKC, no masking) the text is unchanged apart from lower-casing, which
 * keeps tfidf equivalent to scikit-learn's TfidfVectorizer.
 */
import type { CellValue } from '../core/types.js';

export type Normalization = 'none' | 'nfkc';

export interface TextPrepOptions {
  lowercase: boolean;
  normalize: Normalization;
  maskPatterns: boolean;
}

export const PLACEHOLDERS = ['__email__', '__url__', '__phone__', '__price__'] as const;

/** The text a component sees for one cell: '' for missing values, numbers as strings. */
export function prepareText(value: CellValue | undefined, options: TextPrepOptions): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : String(value);
  if (options.normalize === 'nfkc') text = text.normalize('NFKC');
  if (options.maskPatterns) text = maskContactPatterns(text);
  return options.lowercase ? text.toLowerCase() : text;
}

// ---- masking -------------------------------------------------------------------------------
// Run in this order: an e-mail holds a domain (so before URLs), a URL may hold digits (so
// before phones), and a phone number must not be read as a price.

/** Word characters of addresses, any script (Japanese local parts exist). */
const W = String.raw`[\p{L}\p{N}_]`;

/** name@host.tld, also the obfuscated "name (at) host (dot) com" and "name＠host" forms. */
const EMAIL = new RegExp(
  String.raw`${W}(?:[\p{L}\p{N}_.%+-]*${W})?\s*(?:@|＠|\(at\)|\[at\]|\{at\})\s*${W}[\p{L}\p{N}_-]*(?:\s*(?:\.|\(dot\)|\[dot\])\s*${W}[\p{L}\p{N}_-]*)*\s*(?:\.|\(dot\)|\[dot\])\s*\p{L}{2,}`,
  'giu',
);

/** Top-level domains that make a bare "word.tld" a link rather than a version or a file. */
const TLDS = 'com|net|org|info|biz|io|co|me|ly|app|xyz|top|site|online|shop|link|page|jp|us|uk|de|fr|cn|kr|ru|tk|gl|gg';

/** Scheme or www. links, and bare domains with a common TLD (bit.ly/x, line.me/ti/p/...). */
const URL_PATTERN = new RegExp(
  String.raw`(?:\b(?:https?|ftp):\/\/|\bwww\.)[^\s<>"'()（）「」【】、。]+` +
    String.raw`|\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?:${TLDS})\b(?:\/[^\s<>"'()（）「」【】、。]*)?`,
  'giu',
);

/**
 * Digits with phone-style separators: +81 90-1234-5678, 090-1234-5678, (555) 123-4567, or a
 * bare 0 + 9..13 digits. Boundaries are ASCII letters and digits only: Japanese text has no
 * spaces, so '09012345678に電話' must still match. Digits are ASCII: use NFKC for full-width.
 */
const PHONE = /(?<![\dA-Za-z_])\+?(?:\(\d{1,5}\)|\d{1,5})(?:[ .\-‐‑‒–—―−ー]{1,2}(?:\(\d{1,5}\)|\d{1,5})){1,5}(?![\dA-Za-z_])|(?<![\dA-Za-z_])\+?0\d{8,12}(?![\dA-Za-z_])/gu;

/** Currency symbol then amount, or amount then unit: ¥12,000 / $12.99 / 3000円 / 5万円 / 20 usd. */
const PRICE = new RegExp(
  String.raw`(?:US\$|[¥$€£₩])\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:万|千)?円)?` +
    String.raw`|(?<![\dA-Za-z_.])\d[\d,]*(?:\.\d+)?\s?(?:万円|千円|円|(?:yen|jpy|usd|eur|gbp|dollars?|euros?)(?![\p{L}\p{N}_]))`,
  'giu',
);

function isPhone(match: string): boolean {
  const digits = match.replace(/\D/g, '').length;
  if (digits < 9 || digits > 15) return false;
  // Plain digit groups separated by spaces ("2019 2020 2021") are not a phone number unless
  // they look like one: an international prefix, a trunk 0, a bracketed area code or dashes/dots.
  return /^[+0(]/.test(match) || /[.\-‐‑‒–—―−ー]/.test(match);
}

/** Replaces e-mail addresses, URLs, phone numbers and prices by placeholder tokens. */
export function maskContactPatterns(text: string): string {
  // Cheap guards first: most texts have no '@', no '.', few digits.
  let out = text;
  if (/[@＠]|\(at\)|\[at\]|\{at\}/i.test(out)) out = out.replace(EMAIL, ' __email__ ');
  if (out.includes('.') || out.includes(':')) out = out.replace(URL_PATTERN, ' __url__ ');
  if (/\d/.test(out)) {
    out = out.replace(PHONE, (m) => (isPhone(m) ? ' __phone__ ' : m));
    out = out.replace(PRICE, ' __price__ ');
  }
  return out;
}
