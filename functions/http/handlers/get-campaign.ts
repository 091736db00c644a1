import { getCampaign } from '#core/use-cases/campaigns.ts';
import { httpRoute } from '../http-handler.ts';

export const handler = httpRoute('getCampaign', async ({ deps, principal, params }) => ({
  status: 200,
  body: await getCampaign(deps, principal, params.campaignId!),
}));
