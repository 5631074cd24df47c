import { describe, expect, it } from 'vitest';
import type { DriftSummary } from '../../../retraining/types.js';
import { searchChoice } from '../../../workflows/retrain-search-when.js';

const drift = (level: DriftSummary['level'], performanceLevel: DriftSummary['performanceLevel'] = 'stable'): DriftSummary => ({
  referenceRows: 10, currentRows: 10, level, performanceLevel, columns: [], classes: [], segments: [], performance: [], tooSmall: [],
  findings: level === 'stable' ? [] : [{ level, kind: 'class', class: 'fraud', column: 'title', excess: 0.2, text: 'class fraud, column title: ...' }],
});

describe('searchChoice (retrain.searchWhen)', () => {
  it('always searches by default', () => {
    expect(searchChoice(undefined, true, drift('stable')).searched).toBe(true);
  });

  it('drift: searches at warning or above, skips a stable batch', () => {
    expect(searchChoice('drift', true, drift('stable'))).toEqual({ searched: false, reason: 'search skipped: searchWhen is drift and the drift report is stable' });
    const d = searchChoice('drift', true, drift('warning'));
    expect(d.searched).toBe(true);
    expect(d.reason).toContain('class fraud, column title');
  });

  it('never: skips, except when the champion\'s performance drifted or there is no champion', () => {
    expect(searchChoice('never', true, drift('drift')).searched).toBe(false);
    const forced = searchChoice('never', true, drift('drift', 'drift'));
    expect(forced.searched).toBe(true);
    expect(forced.reason).toContain('overridden');
    expect(searchChoice('drift', true, drift('warning', 'warning')).searched).toBe(true);
    expect(searchChoice('never', true, drift('warning', 'warning')).searched).toBe(false);
    expect(searchChoice('never', false, undefined).searched).toBe(true);
  });
});
