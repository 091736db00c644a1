import { listCampaigns } from '#core/use-cases/campaigns.ts';
import { httpRoute } from '../http-handler.ts';
import { pageBody, pageRequest } from '../paging.ts';

export const handler = httpRoute('listCampaigns', async (req) => {
  const page = await listCampaigns(req.deps, req.principal, pageRequest(req));
  return { status: 200, body: pageBody(req, page, (campaign) => campaign) };
});
