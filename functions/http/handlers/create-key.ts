import { createKey } from '#core/use-cases/keys.ts';
import { httpRoute } from '../http-handler.ts';
import { jsonBody } from '../request-body.ts';

export const handler = httpRoute('createKey', async ({ deps, principal, event }) => {
  const key = await createKey(deps, principal, jsonBody(event));
  return { status: 201, body: key, headers: { 'cache-control': 'no-store' } };
});
