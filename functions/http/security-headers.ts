/**
 * The security headers of every page a browser shows (the console and the verify page), in one
 * place: the local host sends them with the console's files, the verify route with its page, and
 * the CDK stack puts the same values in CloudFront's response headers policy.
 *
 * The CSP allows only this origin: no inline script, no third-party origin, no framing.
 * `blob:` images let the console show a preview PDF it fetched; `connect-src 'self'` is the API.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const HSTS = 'max-age=63072000; includeSubDomains';

export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'strict-transport-security': HSTS,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
