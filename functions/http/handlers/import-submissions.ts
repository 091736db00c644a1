import { importSubmissions } from '#core/use-cases/import-submissions.ts';
import { httpRoute } from '../http-handler.ts';
import { csvBody } from '../request-body.ts';

export const handler = httpRoute('importSubmissions', async ({ deps, principal, params, event }) => ({
  status: 200,
  body: { results: await importSubmissions(deps, principal, params.campaignId!, csvBody(event)) },
}));
