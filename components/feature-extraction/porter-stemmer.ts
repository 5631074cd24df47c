/**
 * The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", 1980), following
 * the author's reference ANSI C implementation (tartarus.org/martin/PorterStemmer), including
 * its two documented departures from the paper (step 2 maps -bli to -ble and -logi to -log).
 *
 * Written here rather than wrapping `natural`'s PorterStemmer: importing natural loads ./.env
 * into process.env, prints to stdout and pulls in database clients (platform notes), while the
 * algorithm is ~150 lines, has no dependencies and runs on the transform hot path.
 *
 * Input is one lower-case word. Words shorter than three letters, and words with anything but
 * the letters a-z (digits, accents, other scripts), are returned unchanged: the rules are
 * about English spelling only.
 */

const ASCII_LOWER_WORD = /^[a-z]+$/;

export function porterStem(word: string): string {
  if (word.length <= 2 || !ASCII_LOWER_WORD.test(word)) return word;
  const s = new Stemmer(word);
  s.step1ab();
  if (s.k > 0) {
    s.step1c();
    s.step2();
    s.step3();
    s.step4();
    s.step5();
  }
  return s.b.slice(0, s.k + 1).join('');
}

class Stemmer {
  readonly b: string[];
  /** Index of the last character of the current word. */
  k: number;
  /** End of the stem once `ends` has matched a suffix. */
  j = 0;

  constructor(word: string) {
    this.b = word.split('');
    this.k = word.length - 1;
  }

  /** Whether b[i] is a consonant: not a vowel, and 'y' only after a vowel or at the start. */
  private cons(i: number): boolean {
    switch (this.b[i]) {
      case 'a':
      case 'e':
      case 'i':
      case 'o':
      case 'u':
        return false;
      case 'y':
        return i === 0 ? true : !this.cons(i - 1);
      default:
        return true;
    }
  }

  /** The measure m of b[0..j]: the number of vowel-consonant sequences, [C](VC)^m[V]. */
  private m(): number {
    let n = 0;
    let i = 0;
    const j = this.j;
    for (;;) {
      if (i > j) return n;
      if (!this.cons(i)) break;
      i++;
    }
    i++;
    for (;;) {
      for (;;) {
        if (i > j) return n;
        if (this.cons(i)) break;
        i++;
      }
      i++;
      n++;
      for (;;) {
        if (i > j) return n;
        if (!this.cons(i)) break;
        i++;
      }
      i++;
    }
  }

  /** Whether b[0..j] contains a vowel. */
  private vowelInStem(): boolean {
    for (let i = 0; i <= this.j; i++) if (!this.cons(i)) return true;
    return false;
  }

  /** Whether b[j-1..j] is a double consonant. */
  private doubleC(j: number): boolean {
    return j >= 1 && this.b[j] === this.b[j - 1] && this.cons(j);
  }

  /** Whether b[i-2..i] is consonant-vowel-consonant with the last not w, x or y (hop, not snow). */
  private cvc(i: number): boolean {
    if (i < 2 || !this.cons(i) || this.cons(i - 1) || !this.cons(i - 2)) return false;
    const ch = this.b[i];
    return ch !== 'w' && ch !== 'x' && ch !== 'y';
  }

  /** Whether b[0..k] ends with `s`; sets j to the end of the stem before it. */
  private ends(s: string): boolean {
    const length = s.length;
    if (s[length - 1] !== this.b[this.k]) return false;
    if (length > this.k + 1) return false;
    for (let i = 0; i < length; i++) if (this.b[this.k - length + 1 + i] !== s[i]) return false;
    this.j = this.k - length;
    return true;
  }

  /** Replaces b[j+1..k] by `s`. */
  private setTo(s: string): void {
    for (let i = 0; i < s.length; i++) this.b[this.j + 1 + i] = s[i];
    this.k = this.j + s.length;
  }

  private r(s: string): void {
    if (this.m() > 0) this.setTo(s);
  }

  /** Plurals and -ed / -ing: caresses -> caress, ponies -> poni, agreed -> agree, hopping -> hop. */
  step1ab(): void {
    if (this.b[this.k] === 's') {
      if (this.ends('sses')) this.k -= 2;
      else if (this.ends('ies')) this.setTo('i');
      else if (this.b[this.k - 1] !== 's') this.k--;
    }
    if (this.ends('eed')) {
      if (this.m() > 0) this.k--;
    } else if ((this.ends('ed') || this.ends('ing')) && this.vowelInStem()) {
      this.k = this.j;
      if (this.ends('at')) this.setTo('ate');
      else if (this.ends('bl')) this.setTo('ble');
      else if (this.ends('iz')) this.setTo('ize');
      else if (this.doubleC(this.k)) {
        this.k--;
        const ch = this.b[this.k];
        if (ch === 'l' || ch === 's' || ch === 'z') this.k++;
      } else if (this.m() === 1 && this.cvc(this.k)) {
        this.setTo('e');
      }
    }
  }

  /** Terminal y -> i when there is another vowel in the stem: happy -> happi, sky -> sky. */
  step1c(): void {
    if (this.ends('y') && this.vowelInStem()) this.b[this.k] = 'i';
  }

  /** Double suffixes to single ones when m > 0: relational -> relate, digitizer -> digitize. */
  step2(): void {
    for (const [suffix, replacement] of STEP2[this.b[this.k - 1]] ?? []) {
      if (this.ends(suffix)) {
        this.r(replacement);
        return;
      }
    }
  }

  /** -ic-, -full, -ness etc. when m > 0: triplicate -> triplic, hopeful -> hope. */
  step3(): void {
    for (const [suffix, replacement] of STEP3[this.b[this.k]] ?? []) {
      if (this.ends(suffix)) {
        this.r(replacement);
        return;
      }
    }
  }

  /** Drops -ant, -ence, -ment, ... when m > 1: revival -> reviv, adoption -> adopt. */
  step4(): void {
    const suffixes = STEP4[this.b[this.k - 1]];
    if (!suffixes) return;
    let matched = false;
    for (const suffix of suffixes) {
      if (!this.ends(suffix)) continue;
      // -ion only after s or t (adoption, but not onion).
      if (suffix === 'ion' && !(this.j >= 0 && (this.b[this.j] === 's' || this.b[this.j] === 't'))) continue;
      matched = true;
      break;
    }
    if (matched && this.m() > 1) this.k = this.j;
  }

  /** Final -e when m > 1 (or m = 1 and not *o), and -ll -> -l when m > 1: probate -> probat, controll -> control. */
  step5(): void {
    this.j = this.k;
    if (this.b[this.k] === 'e') {
      const a = this.m();
      if (a > 1 || (a === 1 && !this.cvc(this.k - 1))) this.k--;
    }
    if (this.b[this.k] === 'l' && this.doubleC(this.k) && this.m() > 1) this.k--;
  }
}

/** Keyed by the penultimate letter of the word, as in the reference implementation. */
const STEP2: Record<string, [string, string][]> = {
  a: [['ational', 'ate'], ['tional', 'tion']],
  c: [['enci', 'ence'], ['anci', 'ance']],
  e: [['izer', 'ize']],
  l: [['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous']],
  o: [['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate']],
  s: [['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous']],
  t: [['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble']],
  g: [['logi', 'log']],
};

/** Keyed by the last letter. */
const STEP3: Record<string, [string, string][]> = {
  e: [['icate', 'ic'], ['ative', ''], ['alize', 'al']],
  i: [['iciti', 'ic']],
  l: [['ical', 'ic'], ['ful', '']],
  s: [['ness', '']],
};

/** Keyed by the penultimate letter; the first suffix that matches decides. */
const STEP4: Record<string, string[]> = {
  a: ['al'],
  c: ['ance', 'ence'],
  e: ['er'],
  i: ['ic'],
  l: ['able', 'ible'],
  n: ['ant', 'ement', 'ment', 'ent'],
  o: ['ion', 'ou'],
  s: ['ism'],
  t: ['ate', 'iti'],
  u: ['ous'],
  v: ['ive'],
  z: ['ize'],
};
