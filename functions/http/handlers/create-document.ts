import type { DocumentRecord } from '#core/model.ts';
import { createDocument, documentView } from '#core/use-cases/documents.ts';
import { httpRoute } from '../http-handler.ts';
import { jsonBody } from '../request-body.ts';

const accepted = (doc: DocumentRecord) => ({ status: 202, body: documentView(doc), headers: { location: `/documents/${doc.id}` } });

export const handler = httpRoute('createDocument', async ({ deps, principal, params, event, completeWith }) =>
  accepted(await createDocument(deps, principal, params.campaignId!, jsonBody(event), completeWith(accepted))),
);
