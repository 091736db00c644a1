import { documentPdfUrl } from '#core/use-cases/documents.ts';
import { httpRoute } from '../http-handler.ts';

export const handler = httpRoute('getDocumentPdf', async ({ deps, principal, params }) => ({
  status: 302,
  headers: { location: await documentPdfUrl(deps, principal, params.documentId!), 'cache-control': 'no-store' },
}));
