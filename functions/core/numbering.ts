import type { DocumentSymbol, DocumentType } from './schemas.ts';

/** CONTRACT §3: each document type has its symbol and its own number series. */
export const SYMBOL_OF: Record<DocumentType, DocumentSymbol> = { report: 'BC', proposal: 'TTr', letter: 'CV' };

/** `415-BC/TU`; numbers below 10 take a leading zero (`05-BC/TU`). */
export function formatNumber(sequence: number, symbol: DocumentSymbol, issuerCode: string): string {
  return `${String(sequence).padStart(2, '0')}-${symbol}/${issuerCode}`;
}

/** The first number of a series: one past what the committee already issued on paper this term. */
export function firstNumber(lastNumbers: Partial<Record<DocumentSymbol, number>>, symbol: DocumentSymbol): number {
  return (lastNumbers[symbol] ?? 0) + 1;
}
