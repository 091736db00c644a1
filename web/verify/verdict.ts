/**
 * The verdicts the verify page can show, and which one a comparison means: shared by the page
 * (web/verify/verify-page.ts, which holds their words) and its script (web/verify/verify.ts).
 * No imports: the script's bundle stays this small.
 */
export type VerdictId = 'checking' | 'authentic' | 'authentic-recalled' | 'not-issued' | 'not-found' | 'failed' | 'unsupported';

export type DocumentStatus = 'issued' | 'recalled';

/** A matching file of a recalled document is still the issued file, and says it is recalled. */
export function verdictOf(valid: boolean, status: DocumentStatus | undefined): VerdictId {
  if (!valid) return 'not-issued';
  return status === 'recalled' ? 'authentic-recalled' : 'authentic';
}
