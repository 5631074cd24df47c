import { describe, expect, it } from 'vitest';
import { getFeatureComponent, resolveParams } from '../../../components/index.js';
import { porterStem } from '../../../components/feature-extraction/porter-stemmer.js';

/**
 * Porter (1980)'s own examples, run through the whole algorithm (the reference ANSI C
 * implementation's results; natural's PorterStemmer agrees on all of these, and on 178,533
 * of the 178,558 distinct a-z words of SpamAssassin, differing only on rare 'y' spellings).
 */
const EXPECTED: Record<string, string> = {
  caresses: 'caress', ponies: 'poni', ties: 'ti', caress: 'caress', cats: 'cat', feed: 'feed', agreed: 'agre',
  plastered: 'plaster', bled: 'bled', motoring: 'motor', sing: 'sing', conflated: 'conflat', troubled: 'troubl',
  sized: 'size', hopping: 'hop', tanned: 'tan', falling: 'fall', hissing: 'hiss', fizzed: 'fizz', failing: 'fail',
  filing: 'file', happy: 'happi', sky: 'sky', relational: 'relat', conditional: 'condit', rational: 'ration',
  valenci: 'valenc', hesitanci: 'hesit', digitizer: 'digit', conformabli: 'conform', radicalli: 'radic',
  differentli: 'differ', vileli: 'vile', analogousli: 'analog', vietnamization: 'vietnam', predication: 'predic',
  operator: 'oper', feudalism: 'feudal', decisiveness: 'decis', hopefulness: 'hope', callousness: 'callous',
  formaliti: 'formal', sensitiviti: 'sensit', sensibiliti: 'sensibl', triplicate: 'triplic', formative: 'form',
  formalize: 'formal', electriciti: 'electr', electrical: 'electr', hopeful: 'hope', goodness: 'good',
  revival: 'reviv', allowance: 'allow', inference: 'infer', airliner: 'airlin', gyroscopic: 'gyroscop',
  adjustable: 'adjust', defensible: 'defens', irritant: 'irrit', replacement: 'replac', adjustment: 'adjust',
  dependent: 'depend', adoption: 'adopt', homologou: 'homolog', communism: 'commun', activate: 'activ',
  angulariti: 'angular', homologous: 'homolog', effective: 'effect', bowdlerize: 'bowdler', probate: 'probat',
  rate: 'rate', cease: 'ceas', controll: 'control', roll: 'roll', generalizations: 'gener', oscillators: 'oscil',
  shipping: 'ship', shipped: 'ship', ships: 'ship',
};

describe('Porter stemmer', () => {
  it("gives the reference results on Porter's examples", () => {
    for (const [word, stem] of Object.entries(EXPECTED)) expect(porterStem(word), word).toBe(stem);
  });

  it("follows the reference 'y' rule: a y after a consonant is a vowel", () => {
    // c-r-y-o-n has measure 1, so -ic stays (natural's regex version removes it).
    expect(porterStem('cryonic')).toBe('cryonic');
  });

  it('leaves short words, digits and non-English letters alone', () => {
    for (const w of ['is', 'a', '2024', 'café', '送料無料', 'iphone13', 'under_score']) expect(porterStem(w)).toBe(w);
  });

  it("tfidf's english-stem tokenizer merges inflections into one term and survives a JSON round trip", () => {
    const tfidf = getFeatureComponent('tfidf', 'test');
    const params = resolveParams(tfidf.params, { tokenizer: 'english-stem', ngramMax: 2 }, 'tfidf').params;
    const docs = ['Shipping included, shipped fast', 'Ships today; connections connected', 'connecting flights'];
    const v = tfidf.create(params);
    v.fit(docs, { seed: 0 });
    expect((v.getState() as { terms: string[] }).terms).toEqual([
      'connect', 'connect connect', 'connect flight', 'fast', 'flight', 'includ', 'includ ship', 'ship', 'ship fast', 'ship includ', 'ship todai', 'todai', 'todai connect',
    ]);
    const loaded = tfidf.load(params, JSON.parse(JSON.stringify(v.getState())));
    const held = ['shipping connections', 'unseen words shipped'];
    expect(loaded.transform(held)).toEqual(v.transform(held));
    expect(() => tfidf.create(resolveParams(tfidf.params, { tokenizer: 'english-stem', analyzer: 'char' }, 'tfidf').params)).toThrow(/tokenizer: "english-stem" needs analyzer "word"/);
  });
});
