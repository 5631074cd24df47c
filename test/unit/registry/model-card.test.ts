import { describe, expect, it } from 'vitest';
import { renderModelCard } from '../../../registry/model-card.js';
import type { ModelVersion } from '../../../registry/model-registry.js';

const version: ModelVersion = {
  name: 'spam',
  version: 3,
  createdAt: '2025-01-02T03:04:05.000Z',
  uri: 'file:///reg/spam/versions/3',
  files: [{ path: 'pipeline.json', sha256: 'ab'.repeat(32), bytes: 1234 }],
  metrics: { f1: 0.912345, accuracy: 0.95, n_test: 200 },
  lineage: {
    dataSha256: 'cd'.repeat(32),
    dataUri: 'file:///data/train.csv',
    seed: 42,
    codeVersion: 'v0.1.0',
    searchId: 'search-7',
    trialNumber: 17,
    params: { classifier__C: 3.2, 'features__title__kind': 'tfidf' },
    spec: { target: 'label' },
  },
  description: 'Spam filter | weekly retrain',
  tags: { team: 'ml' },
  aliases: ['production', 'staging'],
};

describe('renderModelCard', () => {
  it('renders metrics, lineage, aliases and files as markdown', () => {
    const card = renderModelCard(version);
    expect(card).toMatch(/^# spam — version 3\n/);
    expect(card).toContain('| Aliases | `spam@production`, `spam@staging` |');
    expect(card).toContain('| f1 | 0.9123 |');
    expect(card).toContain('| n_test | 200 |');
    expect(card).toContain('| Data sha256 | `' + 'cd'.repeat(32) + '` |');
    expect(card).toContain('| Seed | 42 |');
    expect(card).toContain('| Trial | 17 |');
    expect(card).toContain('| `classifier__C` | `3.2` |');
    expect(card).toContain('"target": "label"');
    expect(card).toContain('| team | ml |');
    expect(card).toContain('| `pipeline.json` | 1234 | `' + 'ab'.repeat(32) + '` |');
  });

  it('says so when there are no aliases or metrics', () => {
    const card = renderModelCard({ ...version, aliases: [], metrics: {} });
    expect(card).toContain('| Aliases | none |');
    expect(card).toContain('No metrics recorded.');
  });
});
