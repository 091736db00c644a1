import { listKeys } from '#core/use-cases/keys.ts';
import { httpRoute } from '../http-handler.ts';
import { pageBody, pageRequest } from '../paging.ts';

export const handler = httpRoute('listKeys', async (req) => {
  const page = await listKeys(req.deps, req.principal, pageRequest(req));
  return { status: 200, body: pageBody(req, page, (k) => k) };
});
