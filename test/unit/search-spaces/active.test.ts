import { describe, expect, it } from 'vitest';
import { activeParams, paramsKey, projectActive } from '../../../search-spaces/index.js';
import { conditionalSpace } from './helpers.js';

const always = ['features__body__minDf', 'features__body__maxFeatures', 'features__body__ngramMax', 'features__body__sublinear', 'combine__weights__body'];

describe('activeParams', () => {
  it('follows the condition chain', () => {
    expect(activeParams(conditionalSpace, { classifier: 'logreg' })).toEqual(['classifier', 'classifier__C', ...always]);
    expect(activeParams(conditionalSpace, { classifier: 'svm', classifier__kernel: 'rbf' })).toEqual(['classifier', 'classifier__C', 'classifier__kernel', 'classifier__gamma', ...always]);
    expect(activeParams(conditionalSpace, { classifier: 'svm', classifier__kernel: 'linear' })).toEqual(['classifier', 'classifier__C', 'classifier__kernel', ...always]);
    expect(activeParams(conditionalSpace, { classifier: 'nb' })).toEqual(['classifier', 'classifier__alpha', ...always]);
  });

  it('a child of an inactive parent is inactive even when its own condition value is present', () => {
    expect(activeParams(conditionalSpace, { classifier: 'logreg', classifier__kernel: 'rbf' })).not.toContain('classifier__gamma');
  });

  it('projectActive and paramsKey ignore inactive and unknown keys', () => {
    const a = { classifier: 'nb', classifier__alpha: 0.3, classifier__C: 3, junk: 1 };
    expect(projectActive(conditionalSpace, a)).toEqual({ classifier: 'nb', classifier__alpha: 0.3 });
    expect(paramsKey(conditionalSpace, a)).toBe(paramsKey(conditionalSpace, { classifier: 'nb', classifier__alpha: 0.3 }));
    expect(paramsKey(conditionalSpace, a)).not.toBe(paramsKey(conditionalSpace, { classifier: 'nb', classifier__alpha: 0.4 }));
  });
});
