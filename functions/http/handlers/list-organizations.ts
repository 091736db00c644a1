import { organizationsQuerySchema } from '#core/schemas.ts';
import { listOrganizations } from '#core/use-cases/organizations.ts';
import { parseOrThrow } from '#core/validation.ts';
import { httpRoute } from '../http-handler.ts';
import { pageBody, pageRequest } from '../paging.ts';
import { organizationView } from '../views.ts';

export const handler = httpRoute('listOrganizations', async (req) => {
  const filter = parseOrThrow(organizationsQuerySchema, { level: req.query.level, state: req.query.state }, '/query');
  const page = await listOrganizations(req.deps, req.principal, req.params.campaignId!, pageRequest(req), filter);
  return { status: 200, body: pageBody(req, page, organizationView) };
});
