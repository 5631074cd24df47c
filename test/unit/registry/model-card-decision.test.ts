import { describe, expect, it } from 'vitest';
import { renderModelCard } from '../../../registry/model-card.js';
import type { ModelVersion } from '../../../registry/model-registry.js';

const version = {
  name: 'fraud',
  version: 2,
  createdAt: '2025-01-02T03:04:05.000Z',
  uri: 'file:///reg/fraud/versions/2',
  files: [],
  metrics: { test_f1: 0.81, decision_threshold: 0.31, decision_validation_recall: 0.64 },
  lineage: { dataSha256: 'cd'.repeat(32), dataUri: 'file:///d.csv', seed: 1, codeVersion: 'v1' },
  tags: { team: 'ml', decision: '"fraud" when its probability >= 0.31, else the most probable other class; chosen for max recall at precision >= 0.95 on 400 validation rows (recall 0.64 vs 0.4 by argmax, at precision 0.95)' },
  aliases: [],
} as ModelVersion;

describe('the model card shows the decision rule', () => {
  it('in its own section, with the threshold, the target and the validation values; the tag is not repeated', () => {
    const card = renderModelCard(version);
    expect(card).toContain('## Decision rule\n\n"fraud" when its probability >= 0.31, else the most probable other class; chosen for max recall at precision >= 0.95 on 400 validation rows (recall 0.64 vs 0.4 by argmax, at precision 0.95)\n');
    expect(card).toContain('| decision_threshold | 0.31 |');
    expect(card).toContain('| team | ml |');
    expect(card).not.toContain('| decision |');
  });

  it('versions registered before decision rules have no such section', () => {
    expect(renderModelCard({ ...version, tags: { team: 'ml' } })).not.toContain('Decision rule');
  });
});
