/**
 * Tokenizers for onnx_encoder model directories (format in ./README.md):
 *
 * - vocab.txt:  BERT WordPiece. One token per line, id = line number. BERT's basic
 *   tokenization (control characters dropped, CJK ideographs split one per token, optional
 *   lower-casing with accent stripping, punctuation split off), then greedy longest-match-first
 *   word pieces with the '##' continuation prefix; [CLS] ... [SEP] around, truncated to
 *   maxLength.
 * - vocab.json: a whitespace vocabulary, `{ "tokens": ["[PAD]", "[UNK]", "hello", ...] }`
 *   (id = index) with optional "lowercase" (default true), "unk" (default "[UNK]"), "pad"
 *   (default "[PAD]"), "bos" / "eos" (added around each text when given).
 */

export interface EncoderTokenizer {
  readonly padId: number;
  encode(text: string, maxLength: number): number[];
}

export class WordPieceTokenizer implements EncoderTokenizer {
  private readonly vocab: Map<string, number>;
  readonly padId: number;
  private readonly unkId: number;
  private readonly clsId: number | undefined;
  private readonly sepId: number | undefined;

  constructor(tokens: readonly string[], private readonly lowercase: boolean) {
    this.vocab = new Map();
    tokens.forEach((t, i) => {
      if (!this.vocab.has(t)) this.vocab.set(t, i);
    });
    const need = (t: string) => {
      const id = this.vocab.get(t);
      if (id === undefined) throw new Error(`vocab.txt has no ${t} token`);
      return id;
    };
    this.unkId = need('[UNK]');
    this.padId = this.vocab.get('[PAD]') ?? 0;
    this.clsId = this.vocab.get('[CLS]');
    this.sepId = this.vocab.get('[SEP]');
  }

  static fromVocabTxt(text: string, lowercase: boolean): WordPieceTokenizer {
    const lines = text.split(/\r?\n/);
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return new WordPieceTokenizer(lines, lowercase);
  }

  encode(text: string, maxLength: number): number[] {
    const special = (this.clsId !== undefined ? 1 : 0) + (this.sepId !== undefined ? 1 : 0);
    const budget = Math.max(0, maxLength - special);
    const ids: number[] = [];
    if (this.clsId !== undefined) ids.push(this.clsId);
    outer: for (const word of basicTokens(text, this.lowercase)) {
      for (const id of this.wordPieces(word)) {
        if (ids.length - (this.clsId !== undefined ? 1 : 0) >= budget) break outer;
        ids.push(id);
      }
    }
    if (this.sepId !== undefined) ids.push(this.sepId);
    return ids;
  }

  /** Greedy longest-match-first; a word that cannot be covered is one [UNK]. */
  wordPieces(word: string): number[] {
    const chars = Array.from(word);
    if (chars.length > 100) return [this.unkId];
    const out: number[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found: number | undefined;
      while (start < end) {
        const piece = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
        found = this.vocab.get(piece);
        if (found !== undefined) break;
        end--;
      }
      if (found === undefined) return [this.unkId];
      out.push(found);
      start = end;
    }
    return out;
  }
}

/** BERT's BasicTokenizer: clean, split CJK ideographs, lower-case + strip accents, split punctuation. */
export function basicTokens(text: string, lowercase: boolean): string[] {
  let cleaned = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0 || cp === 0xfffd || isControl(ch)) continue;
    if (isCjk(cp)) cleaned += ` ${ch} `;
    else cleaned += /\s/u.test(ch) ? ' ' : ch;
  }
  const out: string[] = [];
  for (let word of cleaned.split(' ')) {
    if (!word) continue;
    if (lowercase) word = word.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '');
    let current = '';
    for (const ch of word) {
      if (isPunctuation(ch)) {
        if (current) out.push(current);
        out.push(ch);
        current = '';
      } else {
        current += ch;
      }
    }
    if (current) out.push(current);
  }
  return out;
}

function isControl(ch: string): boolean {
  if (ch === '\t' || ch === '\n' || ch === '\r') return false;
  return /^[\p{Cc}\p{Cf}]$/u.test(ch);
}

function isPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
  return /^\p{P}$/u.test(ch);
}

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) || (cp >= 0x2b740 && cp <= 0x2b81f) || (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

export interface WhitespaceVocabJson {
  tokens: string[];
  lowercase?: boolean;
  unk?: string;
  pad?: string;
  bos?: string;
  eos?: string;
}

export class WhitespaceTokenizer implements EncoderTokenizer {
  private readonly vocab = new Map<string, number>();
  readonly padId: number;
  private readonly unkId: number;
  private readonly bosId: number | undefined;
  private readonly eosId: number | undefined;
  private readonly lowercase: boolean;

  constructor(json: WhitespaceVocabJson) {
    if (!Array.isArray(json?.tokens) || json.tokens.some((t) => typeof t !== 'string')) throw new Error('vocab.json needs "tokens": an array of strings (id = index)');
    json.tokens.forEach((t, i) => {
      if (!this.vocab.has(t)) this.vocab.set(t, i);
    });
    const id = (t: string | undefined, what: string, required: boolean): number | undefined => {
      if (t === undefined) return undefined;
      const found = this.vocab.get(t);
      if (found === undefined && required) throw new Error(`vocab.json: the ${what} token ${JSON.stringify(t)} is not in "tokens"`);
      return found;
    };
    this.lowercase = json.lowercase ?? true;
    this.unkId = id(json.unk ?? '[UNK]', 'unk', true)!;
    this.padId = id(json.pad ?? '[PAD]', 'pad', false) ?? 0;
    this.bosId = id(json.bos, 'bos', true);
    this.eosId = id(json.eos, 'eos', true);
  }

  encode(text: string, maxLength: number): number[] {
    const words = (this.lowercase ? text.toLowerCase() : text).split(/\s+/u).filter((w) => w.length > 0);
    const ids: number[] = [];
    if (this.bosId !== undefined) ids.push(this.bosId);
    const budget = maxLength - (this.eosId !== undefined ? 1 : 0);
    for (const w of words) {
      if (ids.length >= budget) break;
      ids.push(this.vocab.get(w) ?? this.unkId);
    }
    if (this.eosId !== undefined) ids.push(this.eosId);
    return ids;
  }
}
