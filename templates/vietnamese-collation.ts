/**
 * The order of Vietnamese names in the documents: `Intl.Collator('vi', { sensitivity: 'base',
 * numeric: true })` (`Â` after `A`, `Đ` after `D`, tones and case ignored, numbers by value),
 * ties broken by the raw string so the order is total.
 *
 * ICU takes 7–10 ms to make that collator, on every fresh process: a CLI render or a Lambda's
 * first document paid it for the ~20 district names of a report. So the strings documents are
 * made of (Vietnamese letters with their marks, digits, spaces, common punctuation) get a key of
 * primary weights computed here; a string with any other character is compared by ICU, made on
 * first need. test/templates/vietnamese-collation.test.ts checks the keys against ICU itself.
 */

/** Punctuation in ICU's root order; characters of one group are equal at base strength. */
const PUNCTUATION = [' ', '_', '-', '–', '—', ',', ';', ':', '!', '?', '.', '\'‘’', '"“”', '(', ')', '[', ']', '{', '}', '@', '*', '/', '\\', '&', '#', '%', '+', '<', '=', '>', '|', '~', '$'];

/** The alphabet with the foreign letters (f, j, w, z) where the Latin order puts them. */
const LETTERS = ['a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z'];

/** Weights: punctuation < numbers < letters, as in ICU's root collation. */
const NUMBER = 100;
const FIRST_LETTER = 200;

const WEIGHT = new Map<string, number>();
PUNCTUATION.forEach((group, i) => {
  for (const c of group) WEIGHT.set(c, i + 1);
});
LETTERS.forEach((letter, i) => {
  WEIGHT.set(letter, FIRST_LETTER + i);
  WEIGHT.set(letter.toUpperCase(), FIRST_LETTER + i);
});

/** The tones (grave, acute, tilde, hook above, dot below): ignored at base strength. */
const TONES = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);

/** Breve, circumflex and horn make letters of their own (NFD order: the horn before the dot below). */
const MODIFIED: Record<string, string> = { 'a\u0306': 'ă', 'a\u0302': 'â', 'e\u0302': 'ê', 'o\u0302': 'ô', 'o\u031B': 'ơ', 'u\u031B': 'ư' };

/** Longest run of digits given a key here (ICU splits longer numbers; those go to ICU). */
const LONGEST_NUMBER = 200;

const isDigit = (code: number) => code >= 48 && code <= 57;
const isMark = (code: number) => code >= 0x300 && code <= 0x36f;

/**
 * The primary weights of `text`, or undefined when it holds a character this module does not
 * order (ICU compares it). A number is its weight, its length without leading zeros, and its
 * digits: a longer number is larger, numbers of one length compare digit by digit.
 */
export function collationKey(text: string): number[] | undefined {
  const s = text.normalize('NFD');
  const key: number[] = [];
  for (let i = 0; i < s.length; ) {
    const code = s.charCodeAt(i);
    if (isDigit(code)) {
      let end = i;
      while (end < s.length && isDigit(s.charCodeAt(end))) end++;
      let digits = i;
      while (digits < end && s.charCodeAt(digits) === 48) digits++; // leading zeros: "0" and "00" have no digits
      if (end - digits > LONGEST_NUMBER) return undefined;
      key.push(NUMBER, end - digits);
      for (let d = digits; d < end; d++) key.push(s.charCodeAt(d) - 48);
      i = end;
      continue;
    }
    let letter = s[i]!;
    i++;
    let modified = false;
    while (i < s.length && isMark(s.charCodeAt(i))) {
      const mark = s[i]!;
      i++;
      if (TONES.has(mark) && (WEIGHT.get(letter) ?? 0) >= FIRST_LETTER) continue;
      const made = modified ? undefined : MODIFIED[letter.toLowerCase() + mark];
      if (!made) return undefined;
      letter = made;
      modified = true;
    }
    const weight = WEIGHT.get(letter);
    if (weight === undefined) return undefined;
    key.push(weight);
  }
  return key;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

let icu: Intl.Collator | undefined;

/** Vietnamese order at base strength (0 for strings that differ only in tones, case or form). */
function compareBase(a: string, ka: number[] | undefined, b: string, kb: number[] | undefined): number {
  if (ka && kb) return compareKeys(ka, kb);
  icu ??= new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
  return Math.sign(icu.compare(a, b));
}

const raw = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted copy by a Vietnamese key (each item's key computed once), ties broken by the raw string. */
export function sortVietnamese<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keyed = items.map((item) => {
    const text = key(item);
    return { item, text, weights: collationKey(text) };
  });
  keyed.sort((x, y) => compareBase(x.text, x.weights, y.text, y.weights) || raw(x.text, y.text));
  return keyed.map((k) => k.item);
}
