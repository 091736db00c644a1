import { getStats } from '#core/use-cases/stats.ts';
import { httpRoute } from '../http-handler.ts';

export const handler = httpRoute('getStats', async ({ deps, principal, params, query }) => ({
  status: 200,
  body: await getStats(deps, principal, params.campaignId!, query),
}));
