import { createDocument, documentView } from '#core/use-cases/documents.ts';
import { httpRoute } from '../http-handler.ts';
import { jsonBody } from '../request-body.ts';

export const handler = httpRoute('createDocument', async ({ deps, principal, params, event }) => {
  const doc = await createDocument(deps, principal, params.campaignId!, jsonBody(event));
  return { status: 202, body: documentView(doc), headers: { location: `/documents/${doc.id}` } };
});
