import { describe, expect, it } from 'vitest';
import type { PipelineSpec } from '../../../components/core/pipeline.js';
import { applyParams } from '../../../search-spaces/index.js';

const template: PipelineSpec = {
  features: {
    title: { kind: 'tfidf', analyzer: 'char_wb', ngram: [2, 4], minDf: 2 },
    body: { kind: 'tfidf', column: 'description', minDf: 1 },
    price: { kind: 'numeric', transform: 'log1p' },
  },
  combine: { kind: 'concat', weights: { title: 1 } },
  classifier: { kind: 'logreg', C: 3.2, classWeight: 'balanced' },
};

describe('applyParams', () => {
  it('sets classifier and block params without touching the template', () => {
    const before = JSON.stringify(template);
    const spec = applyParams(template, { classifier__C: 10, features__title__minDf: 5, combine__weights__body: 0.5 });
    expect(spec.classifier).toEqual({ kind: 'logreg', C: 10, classWeight: 'balanced' });
    expect(spec.features.title).toEqual({ kind: 'tfidf', analyzer: 'char_wb', ngram: [2, 4], minDf: 5 });
    expect(spec.combine).toEqual({ kind: 'concat', weights: { title: 1, body: 0.5 } });
    expect(JSON.stringify(template)).toBe(before);
    expect(spec.features.title.ngram).not.toBe(template.features.title.ngram);
  });

  it('a classifier kind change drops the template classifier params, whatever the key order', () => {
    expect(applyParams(template, { classifier__alpha: 0.1, classifier: 'nb' }).classifier).toEqual({ kind: 'nb', alpha: 0.1 });
    expect(applyParams(template, { classifier: 'logreg', classifier__C: 1 }).classifier).toEqual({ kind: 'logreg', C: 1, classWeight: 'balanced' });
    expect(applyParams(template, { classifier__kind: 'svm' }).classifier).toEqual({ kind: 'svm' });
  });

  it('a block kind change drops block params but keeps column', () => {
    const spec = applyParams(template, { features__body: 'hashing', features__body__nFeatures: 1024, features__price: 'numeric' });
    expect(spec.features.body).toEqual({ kind: 'hashing', column: 'description', nFeatures: 1024 });
    expect(spec.features.price).toEqual({ kind: 'numeric', transform: 'log1p' });
    expect(applyParams(template, { features__extra: 'onehot' }).features.extra).toEqual({ kind: 'onehot' });
  });

  it('creates combine when the template has none', () => {
    const { combine: _c, ...noCombine } = template;
    expect(applyParams(noCombine, { combine__weights__title: 2 }).combine).toEqual({ kind: 'concat', weights: { title: 2 } });
  });

  it('applies a kind-qualified parameter only to its kind', () => {
    const mlp = applyParams(template, { classifier: 'mlp', classifier__mlp__learningRate: 0.001, classifier__gbt__learningRate: 0.2 });
    expect(mlp.classifier).toEqual({ kind: 'mlp', learningRate: 0.001 });
    const block = applyParams(template, { features__title__tfidf__minDf: 3, features__title__hashing__minDf: 9 });
    expect(block.features.title.minDf).toBe(3);
  });

  it('throws naming the path on unknown shapes and blocks', () => {
    for (const bad of ['model__C', 'classifier__a__b__c', 'features', 'features__title__tfidf__ngram__0', 'combine__title', 'combine__weights', 'classifier__', '']) {
      expect(() => applyParams(template, { [bad]: 1 }), bad).toThrow(new RegExp(`"${bad}"`));
    }
    expect(() => applyParams(template, { features__nope__minDf: 1 })).toThrow(/"features__nope__minDf": no feature block named "nope"/);
    expect(() => applyParams(template, { combine__weights__nope: 1 })).toThrow(/"combine__weights__nope"/);
    expect(() => applyParams(template, { classifier: 3 })).toThrow(/"classifier"/);
    expect(() => applyParams(template, { combine__weights__title: 'x' })).toThrow(/"combine__weights__title"/);
  });
});
