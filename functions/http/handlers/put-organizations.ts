import { upsertOrganizations } from '#core/use-cases/organizations.ts';
import { httpRoute } from '../http-handler.ts';
import { jsonBody } from '../request-body.ts';

export const handler = httpRoute('putOrganizations', async ({ deps, principal, params, event }) => ({
  status: 200,
  body: await upsertOrganizations(deps, principal, params.campaignId!, jsonBody(event)),
}));
