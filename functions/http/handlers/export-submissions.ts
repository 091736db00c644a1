import { exportSubmissions } from '#core/use-cases/submissions.ts';
import { httpRoute } from '../http-handler.ts';

export const handler = httpRoute('exportSubmissions', async ({ deps, principal, params }) => ({
  status: 200,
  body: await exportSubmissions(deps, principal, params.campaignId!),
  headers: {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${params.campaignId}-submissions.csv"`,
    'cache-control': 'no-store',
  },
}));
