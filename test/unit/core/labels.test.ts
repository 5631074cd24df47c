import { describe, expect, it } from 'vitest';
import { classOrder, encodeLabels, labelKey, positiveClassIndex, requireTwoClasses } from '../../../core/labels.js';
import { thrownUserInputError as thrown } from '../../helpers/user-input-error.js';

describe('labelKey', () => {
  it('numbers and their text are one class; text is trimmed; case is kept', () => {
    expect(labelKey(1)).toBe('1');
    expect(labelKey('1')).toBe('1');
    expect(labelKey(1.0)).toBe('1');
    expect(labelKey(' spam\t')).toBe('spam');
    expect(labelKey('Spam')).toBe('Spam');
    expect(labelKey(0.5)).toBe('0.5');
  });

  it('null, undefined, blank text and non-finite numbers are missing', () => {
    for (const v of [null, undefined, '', '   ', Number.NaN, Number.POSITIVE_INFINITY]) expect(labelKey(v), String(v)).toBeNull();
  });
});

describe('class order', () => {
  it('is the code-unit order of the label text, numbers included (what fitted pipelines store)', () => {
    expect(classOrder(['spam', 'ham', 'spam'])).toEqual(['ham', 'spam']);
    expect(classOrder(['9', '10', '2'])).toEqual(['10', '2', '9']);
    // Upper case sorts before lower case; no locale is consulted.
    expect(classOrder(['b', 'B', 'a', 'é'])).toEqual(['B', 'a', 'b', 'é']);
  });
});

describe('encodeLabels', () => {
  it('indexes mixed numbers and text through one key', () => {
    const { classes, y } = encodeLabels([2, '10', ' 2 ', 10, 'x', '2']);
    expect(classes).toEqual(['10', '2', 'x']);
    expect(Array.from(y)).toEqual([1, 0, 1, 0, 2, 1]);
  });

  it('names the rows without a label', () => {
    const message = thrown(() => encodeLabels(['a', null, 'b', ' ', 'a', Number.NaN, 'b', null, null, null], 'training labels')).message;
    expect(message).toBe('training labels: 6 of 10 rows have no label: rows 2, 4, 6, 8, 9 and 1 more (rows counted from 1)');
    expect(thrown(() => encodeLabels(['a', undefined])).message).toBe('labels: 1 of 2 rows have no label: row 2 (rows counted from 1)');
  });

  it('requireTwoClasses says how many classes there are', () => {
    expect(thrown(() => requireTwoClasses(['spam'])).message).toBe('label column has 1 class(es) (spam): need at least 2');
    expect(() => requireTwoClasses(['ham', 'spam'])).not.toThrow();
  });
});

describe('positiveClassIndex', () => {
  it('defaults to the last class in class order', () => {
    expect(positiveClassIndex(['ham', 'spam'])).toBe(1);
    expect(positiveClassIndex(['fraud', 'ok', 'spam'])).toBe(2);
    // Numeric labels follow their text: of 10 and 9, '9' is last.
    expect(positiveClassIndex(classOrder(['10', '9']))).toBe(1);
  });

  it('takes positiveLabel through the same key (trimmed; a number matches its text)', () => {
    expect(positiveClassIndex(['fraud', 'ok', 'spam'], 'ok')).toBe(1);
    expect(positiveClassIndex(['fraud', 'ok', 'spam'], ' fraud ')).toBe(0);
    expect(positiveClassIndex(['0', '1'], 0)).toBe(0);
  });

  it('a positiveLabel that is no class is a UserInputError naming the field and the classes', () => {
    expect(thrown(() => positiveClassIndex(['ham', 'spam'], 'Spam')).message).toBe('positiveLabel: "Spam" is not a label; labels: ham, spam');
    expect(thrown(() => positiveClassIndex(['ham', 'spam'], '  ', 'options.positiveLabel')).message).toBe('options.positiveLabel: "  " is not a label; labels: ham, spam');
  });
});
