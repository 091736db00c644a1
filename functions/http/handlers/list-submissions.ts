import { listSubmissions } from '#core/use-cases/submissions.ts';
import { httpRoute } from '../http-handler.ts';
import { pageBody, pageRequest } from '../paging.ts';
import { submissionView } from '../views.ts';

export const handler = httpRoute('listSubmissions', async (req) => {
  const page = await listSubmissions(req.deps, req.principal, req.params.campaignId!, pageRequest(req), req.query.organizationId);
  return { status: 200, body: pageBody(req, page, submissionView) };
});
