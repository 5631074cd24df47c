import { describe, expect, it } from 'vitest';
import { summaryJson, summaryText } from '../../../cli/search-output.js';
import { searchResult } from '../../helpers/search-result.js';

const base = searchResult({ metric: 'f1', direction: 'maximize', bestValue: 0.8, testMetrics: { f1: 0.8 } });

describe('search summary', () => {
  it('names the stored decision rule and prints its warnings', () => {
    const decision = { description: 'argmax (the most probable class)', warnings: ['decision: no threshold on "fraud" reaches precision 0.99 on the 80 validation rows (the highest is 0.9); keeping the default rule (best F1)'] };
    const text = summaryText({ ...base, decision });
    expect(text).toContain('Labels: argmax (the most probable class)');
    expect(text).toContain('warning: decision: no threshold on "fraud" reaches precision 0.99');
    expect(summaryJson({ ...base, decision }, 1).decision).toEqual(decision);
    expect(summaryText(base)).not.toContain('Labels:');
    expect(summaryJson(base, 1).decision).toBeNull();
  });
});
