import { documentView } from '#core/use-cases/documents.ts';
import { completeSignature } from '#core/use-cases/signatures.ts';
import { httpRoute } from '../http-handler.ts';
import { jsonBody } from '../request-body.ts';

/** The person's signature, second half: the signature back → 200 the document with its signatures. */
export const handler = httpRoute('completeSignature', async ({ deps, principal, params, event }) => ({
  status: 200,
  body: documentView(await completeSignature(deps, principal, params.documentId!, jsonBody(event))),
}));
