/**
 * Japanese morphological tokenization with kuromoji (IPADIC dictionary).
 *
 * The dictionary takes ~1 s and ~0.4-0.5 GiB to load, so it is loaded at most once per
 * process (one JavaScript realm: each worker thread has its own), through one module-level
 * promise that every component shares, and never per document. Loading is asynchronous;
 * components call `loadKuromoji()` from their `prepare()` hook, which the Pipeline's async
 * paths (`prepare`, `fitAsync`, `predictProbaAsync`) await. After that, tokenization is
 * synchronous (~0.2 ms per short listing), so the synchronous `fit`/`transform` work.
 *
 * Tokens are surface forms with two merges that suit listings: a noun prefix joins the next
 * token (未 + 使用 -> 未使用) and a noun suffix joins the previous one (美 + 品 -> 美品,
 * 正規 + 品 -> 正規品). Symbols and spaces (part of speech 記号) are dropped. The masking
 * placeholders (__url__, ...) are cut out before kuromoji sees the text and kept whole.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface KuromojiToken {
  surface_form: string;
  pos: string;
  pos_detail_1: string;
}

interface KuromojiTokenizer {
  tokenize(text: string): KuromojiToken[];
}

let loading: Promise<KuromojiTokenizer> | undefined;
let loaded: KuromojiTokenizer | undefined;

/** Loads the dictionary once per process; later calls return the same promise. */
export function loadKuromoji(): Promise<void> {
  loading ??= (async () => {
    const kuromoji = (await import('kuromoji')).default;
    const require = createRequire(import.meta.url);
    const dicPath = join(dirname(require.resolve('kuromoji/package.json')), 'dict');
    const tokenizer = await new Promise<KuromojiTokenizer>((resolve, reject) => {
      kuromoji.builder({ dicPath }).build((err: Error | null, t: KuromojiTokenizer) => (err ? reject(err) : resolve(t)));
    });
    loaded = tokenizer;
    return tokenizer;
  })();
  // A failed load may be retried (e.g. after fixing a broken install).
  loading.catch(() => (loading = undefined));
  return loading.then(() => undefined);
}

export function kuromojiLoaded(): boolean {
  return loaded !== undefined;
}

export class KuromojiNotLoadedError extends Error {
  constructor() {
    super(
      'tokenizer "kuromoji": the Japanese dictionary is not loaded in this process yet; ' +
        'use the async path (await pipeline.prepare(), pipeline.fitAsync(...) or pipeline.predictProbaAsync(...)) ' +
        'or await loadKuromoji() before the synchronous fit/transform',
    );
    this.name = 'KuromojiNotLoadedError';
  }
}

const PLACEHOLDER_SPLIT = /(__(?:url|email|phone|price)__)/;
const WHITESPACE = /\s+/u;

/** Japanese (and mixed) text -> tokens; synchronous once `loadKuromoji()` has resolved. */
export function japaneseTokens(text: string, out: string[] = []): string[] {
  if (!loaded) throw new KuromojiNotLoadedError();
  out.length = 0;
  const parts = text.includes('__') ? text.split(PLACEHOLDER_SPLIT) : [text];
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    if (p % 2 === 1) {
      out.push(part);
      continue;
    }
    if (part.trim() === '') continue;
    let pendingPrefix = '';
    let previousIsNoun = false;
    for (const t of loaded.tokenize(part)) {
      if (t.pos === '記号') {
        if (pendingPrefix) out.push(pendingPrefix);
        pendingPrefix = '';
        previousIsNoun = false;
        continue;
      }
      const surface = t.surface_form;
      if (WHITESPACE.test(surface)) {
        // Never happens with IPADIC's space handling, but a term must not hold a space
        // (n-grams are joined by one).
        for (const piece of surface.split(WHITESPACE)) if (piece) out.push(piece);
        pendingPrefix = '';
        previousIsNoun = false;
        continue;
      }
      if (t.pos === '接頭詞') {
        pendingPrefix += surface;
        continue;
      }
      const isNoun = t.pos === '名詞';
      if (isNoun && t.pos_detail_1 === '接尾' && previousIsNoun && !pendingPrefix && out.length > 0) {
        out[out.length - 1] += surface;
        continue;
      }
      out.push(pendingPrefix + surface);
      pendingPrefix = '';
      previousIsNoun = isNoun;
    }
    if (pendingPrefix) out.push(pendingPrefix);
  }
  return out;
}
