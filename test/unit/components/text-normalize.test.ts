import { describe, expect, it } from 'vitest';
import { getFeatureComponent, resolveParams, type CsrMatrix } from '../../../components/index.js';
import { maskContactPatterns, prepareText } from '../../../components/feature-extraction/text-normalize.js';

const all = { lowercase: true, normalize: 'nfkc', maskPatterns: true } as const;

describe('text normalisation', () => {
  it('NFKC folds full-width and half-width forms, then lower-cases', () => {
    expect(prepareText('ＡＢＣ１２３', { lowercase: true, normalize: 'nfkc', maskPatterns: false })).toBe('abc123');
    expect(prepareText('ｶﾀｶﾅ ｱｲﾌｫﾝ', { lowercase: true, normalize: 'nfkc', maskPatterns: false })).toBe('カタカナ アイフォン');
    expect(prepareText('￥１，０００　①', { lowercase: false, normalize: 'nfkc', maskPatterns: false })).toBe('¥1,000 1');
    // Without NFKC nothing but the case changes.
    expect(prepareText('ＡＢＣ１２３', { lowercase: true, normalize: 'none', maskPatterns: false })).toBe('ａｂｃ１２３');
    expect(prepareText(null, all)).toBe('');
    expect(prepareText(42, all)).toBe('42');
  });

  it('masks contact details in realistic fraud messages', () => {
    expect(prepareText('LINEで連絡 090-1234-5678', all)).toBe('lineで連絡  __phone__ ');
    expect(prepareText('contact me at joe@example.com', all)).toBe('contact me at  __email__ ');
    expect(prepareText('pay outside: http://bit.ly/3xYz?ref=a and save', all)).toBe('pay outside:  __url__  and save');
    expect(prepareText('詳細は https://example.jp/item/123 まで', all)).toBe('詳細は  __url__  まで');
    expect(prepareText('add me line.me/ti/p/abc or www.cheap-deals.shop', all)).toBe('add me  __url__  or  __url__ ');
    expect(prepareText('mail joe (at) example (dot) com', all)).toBe('mail  __email__ ');
    expect(prepareText('ｍａｉｌ：ｊｏｅ＠ｅｘａｍｐｌｅ．ｃｏｍ', all)).toBe('mail: __email__ ');
    expect(prepareText('call +81 90 1234 5678 or (555) 123-4567', all)).toBe('call  __phone__  or  __phone__ ');
    expect(prepareText('０９０－１２３４－５６７８に電話', all)).toBe(' __phone__ に電話');
    expect(prepareText('09012345678まで', all)).toBe(' __phone__ まで');
    expect(prepareText('即決5万円 送料込み ¥12,000 or $99.99', all)).toBe('即決 __price__  送料込み  __price__  or  __price__ ');
    expect(prepareText('only 3000円! 20 usd', all)).toBe('only  __price__ !  __price__ ');
  });

  it('leaves ordinary listing text alone', () => {
    for (const text of ['iphone 13 pro 256gb 美品 送料無料', 'version 1.2.3 of node.js', 'years 2019 2020 2021', 'model a1234 serial 12345', 'size 26.5cm']) {
      expect(maskContactPatterns(text)).toBe(text);
    }
  });

  it('tfidf takes normalize and maskPatterns as parameters; the defaults keep scikit-learn behaviour', () => {
    const tfidf = getFeatureComponent('tfidf', 'test');
    const docs = ['Call ０９０－１２３４－５６７８ now', 'mail joe@example.com now', 'ＬＩＮＥ me at http://line.me/x', 'plain text'];
    const fit = (raw: Record<string, unknown>) => {
      const v = tfidf.create(resolveParams(tfidf.params, raw, 'tfidf').params);
      v.fit(docs, { seed: 0 });
      return { terms: (v.getState() as { terms: string[] }).terms, X: v.transform(docs) as CsrMatrix };
    };
    expect(fit({ normalize: 'nfkc', maskPatterns: true }).terms).toEqual(['__email__', '__phone__', '__url__', 'at', 'call', 'line', 'mail', 'me', 'now', 'plain', 'text']);
    // Defaults: no NFKC, no masking; explicit 'none' / false is the same configuration.
    const plain = fit({});
    expect(plain.terms).toContain('ｌｉｎｅ');
    expect(plain.terms).toContain('example');
    expect(fit({ normalize: 'none', maskPatterns: false })).toEqual(plain);
  });
});
