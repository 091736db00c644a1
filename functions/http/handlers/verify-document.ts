import { ValidationError } from '#core/errors.ts';
import { verifyDocument } from '#core/use-cases/documents.ts';
import { DIGEST_FIELD, verifyErrorPage, verifyNotFoundPage, verifyPage, type DigestCheck } from '#web/verify/verify-page.ts';
import { httpRoute, toResponse, type HttpRequest, type HttpResult } from '../http-handler.ts';
import { problemFromError } from '../middleware/problem-errors.ts';
import { PAGE_SECURITY_HEADERS } from '../security-headers.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * GET /verify/{documentId}: a browser (a phone opening the QR code) gets the Vietnamese page,
 * every other client JSON as before. Both answers vary by Accept, so a cache keeps them apart.
 */
export const handler = httpRoute('verifyDocument', (req) => (prefersHtml(req.event.headers?.accept) ? htmlAnswer(req) : jsonAnswer(req)), {
  // A malformed id in the address is refused before the function: a phone still gets the page.
  errorPage: (err, event, requestId) => (prefersHtml(event.headers?.accept) ? toResponse(errorPage(err, requestId)) : undefined),
});

async function jsonAnswer({ deps, params, query }: HttpRequest): Promise<HttpResult> {
  const sha256 = query.sha256;
  if (sha256 !== undefined && !SHA256_HEX.test(sha256)) {
    throw new ValidationError([{ path: '/query/sha256', code: 'invalid_format', message: 'must be the SHA-256 of the PDF, 64 hex digits' }]);
  }
  return { status: 200, body: await verifyDocument(deps, params.documentId!, sha256), headers: { vary: 'accept' } };
}

/** The page, with the verdict when a digest came in the address (the no-script form). */
async function htmlAnswer({ deps, params, query, requestId }: HttpRequest): Promise<HttpResult> {
  const id = params.documentId!;
  try {
    const facts = await verifyDocument(deps, id);
    // Without a digest the use case answers the facts alone; this narrows its type to them.
    if ('valid' in facts) throw new Error('verifyDocument without a digest answered a check');
    const sha256 = query[DIGEST_FIELD]?.trim();
    if (sha256 === undefined) return page(200, verifyPage(id, facts));
    if (!SHA256_HEX.test(sha256)) return page(400, verifyPage(id, facts, { sha256, result: 'malformed' }));
    const answer = await verifyDocument(deps, id, sha256);
    const check: DigestCheck = { sha256, result: 'valid' in answer && answer.valid ? 'valid' : 'not-valid' };
    return page(200, verifyPage(id, facts, check));
  } catch (err) {
    return errorPage(err, requestId);
  }
}

/** A failure as a page: the problem's status, the request id of a 500, no JSON in a phone's browser. */
function errorPage(err: unknown, requestId: string): HttpResult {
  const { statusCode } = problemFromError(err, requestId);
  return page(statusCode, statusCode === 404 ? verifyNotFoundPage() : verifyErrorPage(requestId));
}

function page(status: number, body: string): HttpResult {
  return {
    status,
    body,
    headers: {
      ...PAGE_SECURITY_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      // A document can be recalled at any time: never show a stale status.
      'cache-control': 'no-store',
      vary: 'accept',
    },
  };
}

/**
 * Whether the client ranks text/html above application/json (RFC 9110 §12.5.1: each type takes
 * the quality of the most specific range that matches it). A browser's navigation does; a bare
 * wildcard (curl, fetch) ranks both equally, and a tie stays JSON, the answer every API client
 * had before. Hand-written because `negotiator` is only a transitive dependency here.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.split(',').map((part) => {
    const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return { range, quality: Number.isFinite(quality) ? quality : 0 };
  });
  const qualityOf = (type: string) => {
    const [major] = type.split('/');
    const match = ranges.find((r) => r.range === type) ?? ranges.find((r) => r.range === `${major}/*`) ?? ranges.find((r) => r.range === '*/*');
    return match?.quality ?? 0;
  };
  return qualityOf('text/html') > qualityOf('application/json');
}
