import { prepareSignature } from '#core/use-cases/signatures.ts';
import { httpRoute } from '../http-handler.ts';
import { jsonBody } from '../request-body.ts';

/** The person's signature, first half: what their token is to sign (see functions/core/use-cases/signatures.ts). */
export const handler = httpRoute('prepareSignature', async ({ deps, principal, params, event }) => ({
  status: 200,
  body: await prepareSignature(deps, principal, params.documentId!, jsonBody(event)),
  headers: { 'cache-control': 'no-store' },
}));
