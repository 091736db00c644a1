/** CONTRACT §3 (Document): numbers per symbol, `01` below 10, or `lastNumbers[symbol] + 1`. */
import { describe, expect, it } from 'vitest';
import { firstNumber, formatNumber, SYMBOL_OF } from '../../../functions/core/numbering.ts';

describe('formatNumber', () => {
  it.each([
    [5, 'BC', 'TU', '05-BC/TU'],
    [1, 'BC', 'TU', '01-BC/TU'],
    [9, 'CV', 'TU', '09-CV/TU'],
    [10, 'TTr', 'HU', '10-TTr/HU'],
    [99, 'TTr', 'HU', '99-TTr/HU'],
    [415, 'BC', 'TU', '415-BC/TU'],
    [2311, 'CV', 'TU', '2311-CV/TU'],
    [121, 'TTr', 'ĐU', '121-TTr/ĐU'],
  ] as const)('%i %s %s → %s', (n, symbol, code, expected) => {
    expect(formatNumber(n, symbol, code)).toBe(expected);
  });
});

describe('firstNumber', () => {
  it('starts at 1 (printed 01) without lastNumbers', () => {
    expect(firstNumber({}, 'BC')).toBe(1);
    expect(firstNumber({}, 'TTr')).toBe(1);
    expect(firstNumber({}, 'CV')).toBe(1);
    expect(formatNumber(firstNumber({}, 'BC'), 'BC', 'TU')).toBe('01-BC/TU');
  });

  it('continues a paper series: lastNumbers[symbol] + 1, each symbol on its own', () => {
    const last = { BC: 414, TTr: 120, CV: 2310 };
    expect(firstNumber(last, 'BC')).toBe(415);
    expect(firstNumber(last, 'TTr')).toBe(121);
    expect(firstNumber(last, 'CV')).toBe(2311);
    expect(formatNumber(firstNumber(last, SYMBOL_OF.report), SYMBOL_OF.report, 'TU')).toBe('415-BC/TU');
  });

  it('a symbol absent from lastNumbers starts at 1; lastNumbers 0 also gives 1', () => {
    expect(firstNumber({ BC: 414 }, 'TTr')).toBe(1);
    expect(firstNumber({ CV: 0 }, 'CV')).toBe(1);
    expect(firstNumber({ BC: 8 }, 'BC')).toBe(9);
    expect(formatNumber(firstNumber({ BC: 8 }, 'BC'), 'BC', 'TU')).toBe('09-BC/TU');
  });
});

describe('SYMBOL_OF', () => {
  it('maps each type to its symbol', () => {
    expect(SYMBOL_OF).toEqual({ report: 'BC', proposal: 'TTr', letter: 'CV' });
  });
});
