import { importSubmissions } from '#core/use-cases/import-submissions.ts';
import { count } from '#adapters/telemetry.ts';
import { httpRoute } from '../http-handler.ts';
import { csvBody } from '../request-body.ts';

export const handler = httpRoute('importSubmissions', async ({ deps, principal, params, event }) => {
  const results = await importSubmissions(deps, principal, params.campaignId!, csvBody(event), event.heldClaim?.scope);
  count('SubmissionsAccepted', results.filter((r) => r.id).length);
  return { status: 200, body: { results } };
});
