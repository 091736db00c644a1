import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collationKey, sortVietnamese } from '#templates/vietnamese-collation.ts';

/** The order the documents promise: ICU's Vietnamese collation, ties broken by the raw string. */
const icu = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
const oracle = (a: string, b: string) => Math.sign(icu.compare(a, b)) || (a < b ? -1 : a > b ? 1 : 0);
/** Two strings in the order sortVietnamese puts them, and in the oracle's. */
const ours = (a: string, b: string) => sortVietnamese([a, b], (s) => s);
const theirs = (a: string, b: string) => [a, b].sort(oracle);

const VOWELS = 'aăâeêioôơuưy';
const TONED = [...VOWELS].flatMap((v) => ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'].map((t) => (v + t).normalize('NFC')));
/** What names and sentences of the documents are made of: every letter in both cases, both normal forms. */
const ORDERED = [
  ...TONED,
  ...TONED.map((c) => c.toUpperCase()),
  ...TONED.map((c) => c.normalize('NFD')),
  ...'bcdđfghjklmnpqrstvwxzBCDĐFGHJKLMNPQRSTVWXZ',
  ...'0000123456789',
  ...' _-–—,;:!?.\'‘’"“”()[]{}@*/\\&#%+<=>|~$',
];
/** Characters given no key: ICU orders them. */
const OTHERS = ['ç', 'ß', 'é\u0327', 'a\u0306\u0302', '中', '\u00a0', '…', '§', '°', '€', 'Ð', '\u0301', 'ǎ', '١'];

const text = (alphabet: string[], maxLength = 8) => fc.array(fc.constantFrom(...alphabet), { maxLength }).map((cs) => cs.join(''));

describe('Vietnamese collation', () => {
  it('gives a key to every string of Vietnamese letters, digits and common punctuation', () => {
    fc.assert(fc.property(text(ORDERED, 20), (s) => collationKey(s) !== undefined));
    for (const other of OTHERS) expect(collationKey(`Chi bộ ${other}`), other).toBeUndefined();
  });

  it('orders every pair of single characters as ICU does', () => {
    for (const a of ORDERED) for (const b of ORDERED) expect(ours(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toEqual(theirs(a, b));
  });

  it('orders numbers by value, leading zeros aside, as ICU does', () => {
    const token = fc.oneof(
      fc.nat(100_000).map(String),
      fc.tuple(fc.constantFrom('0', '00', '000'), fc.nat(999)).map(([zeros, n]) => `${zeros}${n}`),
      fc.bigInt(0n, 10n ** 40n).map(String),
      fc.constantFrom('a', 'B', 'đ', ' ', '.', ',', '-', '/'),
    );
    const numbered = fc.array(token, { maxLength: 5 }).map((ts) => ts.join(''));
    fc.assert(
      fc.property(numbered, numbered, (a, b) => {
        expect(ours(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toEqual(theirs(a, b));
      }),
      { numRuns: 20_000 },
    );
  });

  it('orders keyed strings exactly as ICU does', () => {
    fc.assert(
      fc.property(text(ORDERED), text(ORDERED), (a, b) => {
        expect(ours(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toEqual(theirs(a, b));
      }),
      { numRuns: 20_000 },
    );
  });

  it('orders strings that share a prefix, and mixed with other characters, as ICU does', () => {
    const word = text(ORDERED, 4);
    fc.assert(
      fc.property(word, word, word, fc.constantFrom(...OTHERS, ''), (prefix, a, b, other) => {
        const x = `${prefix}${a}`;
        const y = `${prefix}${other}${b}`;
        expect(ours(x, y), `${JSON.stringify(x)} vs ${JSON.stringify(y)}`).toEqual(theirs(x, y));
      }),
      { numRuns: 20_000 },
    );
  });

  it('sorts names in Vietnamese order: Ân after An, Đ after D, numbers by value', () => {
    const names = ['Chi bộ thôn 10', 'Đảng bộ xã Yên Than', 'Đảng bộ xã Ân Thi', 'Chi bộ thôn 9', 'Đảng bộ xã Dương Huy', 'Đảng bộ xã Đồng Văn', 'Đảng bộ xã An Sinh'];
    expect(sortVietnamese(names, (n) => n)).toEqual([
      'Chi bộ thôn 9',
      'Chi bộ thôn 10',
      'Đảng bộ xã An Sinh',
      'Đảng bộ xã Ân Thi',
      'Đảng bộ xã Dương Huy',
      'Đảng bộ xã Đồng Văn',
      'Đảng bộ xã Yên Than',
    ]);
  });

  it('sorts any list as ICU does, whatever its characters', () => {
    fc.assert(
      fc.property(fc.array(text([...ORDERED, ...OTHERS], 6), { maxLength: 30 }), (names) => {
        expect(sortVietnamese(names, (n) => n)).toEqual([...names].sort(oracle));
      }),
      { numRuns: 2_000 },
    );
  });
});
