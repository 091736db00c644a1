import { documentView, recallDocument } from '#core/use-cases/documents.ts';
import { httpRoute } from '../http-handler.ts';
import { jsonBody } from '../request-body.ts';

/** API Gateway cannot end a path variable with `:recall`: there the route takes the whole segment. */
const documentIdOf = (segment: string) => segment.replace(/:recall$/, '');

export const handler = httpRoute('recallDocument', async ({ deps, principal, params, event }) => ({
  status: 200,
  body: documentView(await recallDocument(deps, principal, documentIdOf(params.documentId!), jsonBody(event))),
}));
