import { revokeKey } from '#core/use-cases/keys.ts';
import { httpRoute } from '../http-handler.ts';

export const handler = httpRoute('revokeKey', async ({ deps, principal, params }) => ({
  status: 200,
  body: await revokeKey(deps, principal, params.keyId!),
}));
