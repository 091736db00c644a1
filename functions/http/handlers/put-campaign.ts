import { putCampaign } from '#core/use-cases/campaigns.ts';
import { httpRoute } from '../http-handler.ts';
import { jsonBody } from '../request-body.ts';

export const handler = httpRoute('putCampaign', async ({ deps, principal, params, event }) => {
  const { campaign, created } = await putCampaign(deps, principal, params.campaignId!, jsonBody(event));
  return { status: created ? 201 : 200, body: campaign };
});
