import { describe, expect, it } from 'vitest';
import { formatParams } from '../../../cli/search-output.js';

describe('trial parameters on one line', () => {
  it('puts the classifier first, shortens paths and numbers', () => {
    expect(formatParams({ features__title__ngramMax: 2, classifier: 'logreg', classifier__C: 12.3456 })).toBe('classifier=logreg C=12.3 title__ngramMax=2');
  });

  it('shows at most a dozen and counts the rest', () => {
    const wide = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`features__f${i}__transform`, 'log1p']));
    const line = formatParams({ ...wide, classifier: 'gbt', classifier__gbt__learningRate: 0.05 });
    expect(line.startsWith('classifier=gbt gbt__learningRate=0.05 f0__transform=log1p')).toBe(true);
    expect(line.endsWith('(+290 more)')).toBe(true);
    expect(line.split(' ').length).toBe(12 + 2);
  });
});
