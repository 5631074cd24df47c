import { describe, expect, it } from 'vitest';
import { Pipeline, getFeatureComponent, resolveParams, type FittedPipelineJSON } from '../../../components/index.js';
import { KuromojiNotLoadedError, japaneseTokens, kuromojiLoaded, loadKuromoji } from '../../../components/feature-extraction/kuromoji-tokenizer.js';

const tfidf = getFeatureComponent('tfidf', 'test');
const kuromojiParams = (raw: Record<string, unknown> = {}) => resolveParams(tfidf.params, { tokenizer: 'kuromoji', ...raw }, 'tfidf').params;

const LISTINGS = [
  'iPhone 13 Pro 256GB 美品 送料無料',
  '未使用に近い ブランドバッグ 正規品です。',
  'ＬＩＮＥで連絡ください ０９０－１２３４－５６７８',
  '新品未開封 ゲーム機 即購入OK',
  '中古 ノートパソコン 動作確認済み',
  '美品 腕時計 正規品 箱付き',
];
const LABELS = ['ok', 'ok', 'fraud', 'ok', 'ok', 'fraud'];

describe('kuromoji tokenizer (loaded once per process)', () => {
  // These run in order in one process: the first one sees the dictionary unloaded.
  it('the synchronous path refuses to run before the dictionary is loaded, naming the async path', () => {
    expect(kuromojiLoaded()).toBe(false);
    expect(() => japaneseTokens('美品')).toThrow(KuromojiNotLoadedError);
    const v = tfidf.create(kuromojiParams());
    expect(() => v.fit(LISTINGS, { seed: 0 })).toThrow(/await pipeline.prepare\(\)/);
  });

  it('loads once: concurrent and repeated loads share one dictionary', async () => {
    await Promise.all([loadKuromoji(), loadKuromoji(), tfidf.create(kuromojiParams()).prepare!()]);
    expect(kuromojiLoaded()).toBe(true);
  });

  it('cuts Japanese listings into sensible morphemes', () => {
    const tokens = japaneseTokens('iphone 13 pro 256gb 美品 送料無料');
    expect(tokens).toEqual(['iphone', '13', 'pro', '256', 'gb', '美品', '送料', '無料']);
    // A noun prefix and a noun suffix join their noun; punctuation and spaces are dropped.
    expect(japaneseTokens('未使用に近い ブランドバッグ 正規品です。')).toEqual(['未使用', 'に', '近い', 'ブランド', 'バッグ', '正規品', 'です']);
    // Masking placeholders stay whole.
    expect(japaneseTokens('lineで連絡  __phone__  まで')).toEqual(['line', 'で', '連絡', '__phone__', 'まで']);
  });

  it('tfidf with tokenizer kuromoji: terms are morphemes, n-grams join them with a space, state reloads identically', () => {
    const params = kuromojiParams({ ngramMax: 2, normalize: 'nfkc', maskPatterns: true });
    const v = tfidf.create(params);
    v.fit(LISTINGS, { seed: 0 });
    const terms = (v.getState() as { terms: string[] }).terms;
    expect(terms).toEqual(expect.arrayContaining(['美品', '送料', '無料', '送料 無料', '正規品', '__phone__', 'line', '連絡']));
    const loaded = tfidf.load(params, JSON.parse(JSON.stringify(v.getState())));
    const held = ['美品 送料無料 iPhone', '連絡は ０９０－９９９９－８８８８ へ'];
    expect(loaded.transform(held)).toEqual(v.transform(held));
  });

  it('a pipeline with a kuromoji block fits through fitAsync and predicts after prepare()', async () => {
    const spec = { features: { title: { kind: 'tfidf', tokenizer: 'kuromoji', normalize: 'nfkc', maskPatterns: true } }, classifier: { kind: 'logreg', C: 10 } };
    const table = { nRows: LISTINGS.length, columns: { title: LISTINGS } };
    const pipeline = await Pipeline.create(spec).fitAsync(table, LABELS, { seed: 0 });
    const restored = await Pipeline.fromJSON(JSON.parse(JSON.stringify(pipeline.toJSON())) as FittedPipelineJSON).prepare();
    expect(restored.requiresAsyncTransform).toBe(false);
    expect(restored.predictProba(table)).toEqual(pipeline.predictProba(table));
    expect(await restored.predictProbaAsync(table)).toEqual(pipeline.predictProba(table));
  });
});
