import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { Pipeline, type PipelineSpec, type Table } from '../../../components/index.js';
import { decideLabels, type DecisionRule } from '../../../components/core/decision-rule.js';
import { exportPipelineToOnnx, onnxInputs } from '../../../components/export/pipeline-to-onnx.js';
import { createRng } from '../../../core/random.js';

const WORDS: Record<string, string[]> = {
  a: ['alpha', 'apple', 'amber', 'arch'],
  b: ['beta', 'bread', 'blue', 'bridge'],
  c: ['gamma', 'grape', 'green', 'gate'],
};

/** Noisy text rows: each word comes from the row's class 55% of the time, else from any class. */
function corpus(n: number, seed: number, classes: string[]): { table: Table; labels: string[] } {
  const rng = createRng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rng() * xs.length)];
  const text: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const label = rng() < 0.7 ? classes[0] : pick(classes.slice(1));
    text.push(Array.from({ length: 5 }, () => pick(WORDS[rng() < 0.55 ? label : pick(classes)])).join(' '));
    labels.push(label);
  }
  return { table: { nRows: n, columns: { text } }, labels };
}

const spec: PipelineSpec = { features: { text: { kind: 'tfidf' } }, classifier: { kind: 'logreg' } };
const basis = { objective: 'f1' as const, validation: { value: 0.9, argmaxValue: 0.8, rows: 50 } };

async function onnxLabels(pipeline: Pipeline, table: Table): Promise<string[]> {
  const session = await ort.InferenceSession.create(exportPipelineToOnnx(pipeline)!);
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of onnxInputs(pipeline)) feeds[input.name] = new ort.Tensor('string', table.columns[input.name].map(String), [table.nRows]);
  const out = await session.run(feeds);
  await session.release();
  return Array.from(out.label.data as string[]);
}

describe('Pipeline with a decision rule', () => {
  const binary = corpus(300, 1, ['a', 'b']);
  const fitted = Pipeline.create(spec).fit(binary.table, binary.labels);
  // A threshold below most b probabilities: many rows argmax labels a become b.
  const rule: DecisionRule = { kind: 'threshold', class: 'b', threshold: 0.2, ...basis };

  it('predict labels by the rule, and the rule survives toJSON/fromJSON', () => {
    const argmax = fitted.predict(binary.table);
    const withRule = Pipeline.fromJSON(fitted.toJSON()).setDecisionRule(rule);
    const labels = withRule.predict(binary.table);
    const changed = labels.filter((l, i) => l !== argmax[i]).length;
    expect(changed).toBeGreaterThan(10);
    expect(labels).toEqual(decideLabels(withRule.predictProba(binary.table), withRule.classes, rule));
    const json = JSON.parse(JSON.stringify(withRule.toJSON()));
    expect(json.decision).toEqual(rule);
    const loaded = Pipeline.fromJSON(json);
    expect(loaded.decisionRule).toEqual(rule);
    expect(loaded.predict(binary.table)).toEqual(labels);
    // Probabilities do not change with the rule.
    expect(Array.from(loaded.predictProba(binary.table))).toEqual(Array.from(fitted.predictProba(binary.table)));
  });

  it('a pipeline saved without a rule (older bundles) keeps argmax', () => {
    const json = fitted.toJSON();
    expect('decision' in json).toBe(false);
    const loaded = Pipeline.fromJSON(json);
    expect(loaded.decisionRule).toBeUndefined();
    expect(loaded.predict(binary.table)).toEqual(decideLabels(fitted.predictProba(binary.table), fitted.classes));
  });

  it('a rule naming a class the model does not have is rejected, on set and on load', () => {
    expect(() => Pipeline.fromJSON(fitted.toJSON()).setDecisionRule({ ...rule, class: 'fraud' })).toThrow(/decision.class: "fraud" is not a class of the model \(a, b\)/);
    expect(() => Pipeline.fromJSON({ ...fitted.toJSON(), decision: { ...rule, class: 'fraud' } })).toThrow(/not a class of the model/);
  });

  it('the ONNX label output follows a threshold rule', async () => {
    const withRule = Pipeline.fromJSON(fitted.toJSON()).setDecisionRule(rule);
    expect(await onnxLabels(withRule, binary.table)).toEqual(withRule.predict(binary.table));
    expect(await onnxLabels(fitted, binary.table)).toEqual(fitted.predict(binary.table));
  });

  it('an ensemble carries the rule too: predict, JSON round trip and ONNX labels', async () => {
    const other = Pipeline.create({ ...spec, classifier: { kind: 'logreg', C: 10 } }).fit(binary.table, binary.labels);
    const ensemble = Pipeline.ensembleOf([
      { weight: 0.7, pipeline: fitted },
      { weight: 0.3, pipeline: other },
    ]).setDecisionRule(rule);
    const labels = ensemble.predict(binary.table);
    expect(labels).toEqual(decideLabels(ensemble.predictProba(binary.table), ensemble.classes, rule));
    const loaded = Pipeline.fromJSON(JSON.parse(JSON.stringify(ensemble.toJSON())));
    expect(loaded.decisionRule).toEqual(rule);
    expect(loaded.predict(binary.table)).toEqual(labels);
    expect(await onnxLabels(loaded, binary.table)).toEqual(labels);
  });

  it('the ONNX label output follows class weights and multi-class thresholds', async () => {
    const three = corpus(300, 2, ['a', 'b', 'c']);
    const model = Pipeline.create(spec).fit(three.table, three.labels);
    const argmax = model.predict(three.table);
    for (const r of [
      { kind: 'class_weights', weights: { a: 0.5, b: 1.6, c: 2.2 }, ...basis },
      { kind: 'threshold', class: 'c', threshold: 0.25, ...basis },
      { kind: 'threshold', class: 'a', threshold: 0.8, ...basis },
    ] as DecisionRule[]) {
      const withRule = Pipeline.fromJSON(model.toJSON()).setDecisionRule(r);
      const labels = withRule.predict(three.table);
      expect(labels.filter((l, i) => l !== argmax[i]).length).toBeGreaterThan(5);
      expect(await onnxLabels(withRule, three.table)).toEqual(labels);
    }
  });
});
