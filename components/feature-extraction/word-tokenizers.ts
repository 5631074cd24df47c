/**
 * Word tokenizers for the text components (`tokenizer` parameter):
 *
 * - regex:        scikit-learn's default token pattern `(?u)\b\w\w+\b` (runs of two or more
 *                 Unicode letters, digits or underscores). The default, and the fast path.
 * - english-stem: the same tokens, each reduced by the Porter stemmer (./porter-stemmer.ts),
 *                 so 'shipping', 'shipped' and 'ships' are one feature.
 * - kuromoji:     Japanese morphemes (./kuromoji-tokenizer.ts); needs the async `prepare()`.
 *
 * Character n-grams (analyzer 'char' / 'char_wb') are the language-agnostic alternative and
 * do not use a word tokenizer.
 */
import { japaneseTokens, loadKuromoji } from './kuromoji-tokenizer.js';
import { porterStem } from './porter-stemmer.js';
import { TokenBuffer, wordTokens } from './text-analyzers.js';
import { hashOf, WordTable } from './word-table.js';

export type WordTokenizerName = 'regex' | 'english-stem' | 'kuromoji';

export const WORD_TOKENIZERS: WordTokenizerName[] = ['regex', 'english-stem', 'kuromoji'];

/** Loads what a tokenizer needs (the kuromoji dictionary); resolves at once for the others. */
export async function prepareWordTokenizer(name: WordTokenizerName): Promise<void> {
  if (name === 'kuromoji') await loadKuromoji();
}

const REGEX_TOKEN = /[\p{L}\p{N}_]{2,}/gu;

/** The tokens of an already prepared (normalised, lower-cased) text, as strings. */
export function wordTokenStrings(text: string, name: WordTokenizerName): string[] {
  switch (name) {
    case 'regex':
      return text.match(REGEX_TOKEN) ?? [];
    case 'english-stem':
      return (text.match(REGEX_TOKEN) ?? []).map(porterStem);
    case 'kuromoji':
      return japaneseTokens(text);
  }
}

/**
 * Writes the word-id tokens of a text into a TokenBuffer segment, like the regex fast path in
 * text-analyzers.ts does for the default tokenizer. Words missing from `words` are added when
 * `addWords`, otherwise they become -1 (which no n-gram crosses).
 */
export interface WordSource {
  tokens(text: string, words: WordTable, addWords: boolean, out: TokenBuffer): void;
}

/** The id-token source for a tokenizer; undefined for 'regex', which analyze() handles itself. */
export function createWordSource(name: WordTokenizerName): WordSource | undefined {
  switch (name) {
    case 'regex':
      return undefined;
    case 'english-stem':
      return new StemmingWordSource();
    case 'kuromoji':
      return new StringWordSource((text, scratch) => japaneseTokens(text, scratch));
  }
}

/** Tokens given as strings (kuromoji), looked up one by one. */
class StringWordSource implements WordSource {
  private readonly scratch: string[] = [];

  constructor(private readonly split: (text: string, scratch: string[]) => string[]) {}

  tokens(text: string, words: WordTable, addWords: boolean, out: TokenBuffer): void {
    out.clear();
    for (const token of this.split(text, this.scratch)) {
      const h = hashOf(token);
      out.tokens.push(addWords ? words.findOrAdd(token, 0, token.length, h) : words.find(token, 0, token.length, h));
    }
    out.segmentEnds.push(out.tokens.length);
  }
}

/** Raw words in this many distinct forms at most are cached with their stems; then the cache restarts. */
const STEM_CACHE_LIMIT = 200_000;

/**
 * The regex tokens, stemmed. Each distinct raw word is stemmed once: a private table maps raw
 * words to their stem (and its hash), so the hot loop stays free of string building.
 */
class StemmingWordSource implements WordSource {
  private raw = new WordTable();
  private readonly rawTokens = new TokenBuffer();
  private stems: string[] = [];
  private stemHashes: number[] = [];

  tokens(text: string, words: WordTable, addWords: boolean, out: TokenBuffer): void {
    if (this.raw.size > STEM_CACHE_LIMIT) {
      // Bounded memory in a long-running server that keeps seeing new words.
      this.raw = new WordTable();
      this.stems = [];
      this.stemHashes = [];
    }
    this.rawTokens.clear();
    wordTokens(text, this.raw, true, this.rawTokens);
    out.clear();
    const raw = this.rawTokens.tokens;
    for (let k = 0; k < raw.length; k++) {
      const id = raw.data[k];
      let stem = this.stems[id];
      if (stem === undefined) {
        stem = porterStem(this.raw.wordOf(id));
        this.stems[id] = stem;
        this.stemHashes[id] = hashOf(stem);
      }
      const h = this.stemHashes[id];
      out.tokens.push(addWords ? words.findOrAdd(stem, 0, stem.length, h) : words.find(stem, 0, stem.length, h));
    }
    out.segmentEnds.push(out.tokens.length);
  }
}
