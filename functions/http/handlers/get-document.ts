import { documentView, getDocument } from '#core/use-cases/documents.ts';
import { httpRoute } from '../http-handler.ts';

export const handler = httpRoute('getDocument', async ({ deps, principal, params }) => ({
  status: 200,
  body: documentView(await getDocument(deps, principal, params.documentId!)),
}));
