import { describe, expect, it } from 'vitest';
import { renderSearchReport } from '../../../report/render-search-report.js';
import { describeDecisionRule, type DecisionRule } from '../../../components/core/decision-rule.js';
import { reportFixture } from './fixture.js';

const rule: DecisionRule = { kind: 'threshold', class: 'spam', threshold: 0.05, objective: 'precision', target: 0.9, validation: { value: 0.7, argmaxValue: 0.5, rows: 200, precision: 0.91, recall: 0.7 } };

function confusionSvg(html: string): string {
  const m = html.match(/<svg [^>]*data-chart="confusion"[\s\S]*?<\/svg>/);
  expect(m).not.toBeNull();
  return m![0];
}

describe('the report shows the decision rule', () => {
  const base = reportFixture();

  it('a Decision rule section with the threshold, the metric optimised and its validation values', () => {
    const html = renderSearchReport({ ...base, decision: { rule, description: describeDecisionRule(rule), warnings: [] } });
    const section = html.match(/<section id="decision"[\s\S]*?<\/section>/)![0];
    expect(section).toContain('P(spam) &gt;= 0.05');
    expect(section).toContain('max recall of spam at precision &gt;= 0.9');
    expect(section).toMatch(/validation recall \(rule\)<\/dt><dd>0\.7</);
    expect(section).toMatch(/validation recall \(argmax\)<\/dt><dd>0\.5</);
    expect(html).toContain('href="#decision"');
  });

  it('the confusion matrix follows the rule', () => {
    const plain = renderSearchReport(base);
    const ruled = renderSearchReport({ ...base, decision: { rule, description: describeDecisionRule(rule), warnings: [] } });
    expect(confusionSvg(ruled)).not.toEqual(confusionSvg(plain));
    expect(ruled).toContain('stored decision rule (P(spam) &gt;= 0.05)');
  });

  it('shows a warning, such as an unreachable precision target', () => {
    const warning = 'decision: no threshold on "spam" reaches precision 0.99 on the 200 validation rows (the highest is 0.9); keeping the default rule (best F1)';
    const html = renderSearchReport({ ...base, decision: { description: describeDecisionRule(undefined), warnings: [warning] } });
    expect(html).toContain('no threshold on &quot;spam&quot; reaches precision 0.99');
    expect(html).not.toContain('data-chart="decision"');
  });

  it('reports made before decision rules have no section', () => {
    expect(renderSearchReport(base)).not.toContain('id="decision"');
  });
});
