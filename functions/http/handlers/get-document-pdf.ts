import { documentPdfUrl } from '#core/use-cases/documents.ts';
import { httpRoute } from '../http-handler.ts';

/**
 * 302 to the presigned URL, or with `?as=link` the URL itself as JSON: a page cannot follow a
 * redirect to another origin with fetch (its CSP allows only this one), so the console asks for
 * the link and opens it.
 */
export const handler = httpRoute('getDocumentPdf', async ({ deps, principal, params, query }) => {
  const url = await documentPdfUrl(deps, principal, params.documentId!);
  return query.as === 'link'
    ? { status: 200, body: { url }, headers: { 'cache-control': 'no-store' } }
    : { status: 302, headers: { location: url, 'cache-control': 'no-store' } };
});
