import { documentView, listDocuments } from '#core/use-cases/documents.ts';
import { httpRoute } from '../http-handler.ts';
import { pageBody, pageRequest } from '../paging.ts';

export const handler = httpRoute('listDocuments', async (req) => {
  const page = await listDocuments(req.deps, req.principal, req.params.campaignId!, pageRequest(req));
  return { status: 200, body: pageBody(req, page, documentView) };
});
