import { documentPdfUrl } from '#core/use-cases/documents.ts';
import { httpRoute } from '../http-handler.ts';
import type { HttpResult } from '../http-types.ts';

/**
 * 302 to the presigned URL, or with `?as=link` the URL itself as JSON: a page cannot follow a
 * redirect to another origin with fetch (its CSP allows only this one), so the console asks for
 * the link and opens it.
 */
export const handler = httpRoute('getDocumentPdf', async ({ deps, principal, params, query }): Promise<HttpResult> => {
  const url = await documentPdfUrl(deps, principal, params.documentId!);
  if (query.as === 'link') return { status: 200, body: { url }, headers: { 'cache-control': 'no-store' } };
  return { status: 302, headers: { location: url, 'cache-control': 'no-store' } };
});
