import { listOrganizations } from '#core/use-cases/organizations.ts';
import { httpRoute } from '../http-handler.ts';
import { pageBody, pageRequest } from '../paging.ts';

export const handler = httpRoute('listOrganizations', async (req) => {
  const page = await listOrganizations(req.deps, req.principal, req.params.campaignId!, pageRequest(req));
  return { status: 200, body: pageBody(req, page, ({ campaignId: _c, ...org }) => org) };
});
