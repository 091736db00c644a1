import { NotFound } from '#core/errors.ts';
import { documentView, recallDocument } from '#core/use-cases/documents.ts';
import { httpRoute } from '../http-handler.ts';
import { jsonBody } from '../request-body.ts';

/**
 * API Gateway cannot end a path variable with `:recall`: there the route is `POST
 * /documents/{documentId}` and the segment arrives whole. Only a path that does end in `:recall`
 * recalls; a plain `POST /documents/{id}` is no route of the API.
 */
function documentIdOf(path: string, segment: string): string {
  if (!path.endsWith(':recall')) throw new NotFound(`The route POST ${path}`);
  return segment.replace(/:recall$/, '');
}

export const handler = httpRoute('recallDocument', async ({ deps, principal, params, event }) => ({
  status: 200,
  body: documentView(await recallDocument(deps, principal, documentIdOf(event.rawPath, params.documentId!), jsonBody(event))),
}));
