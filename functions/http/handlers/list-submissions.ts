import { ValidationError } from '#core/errors.ts';
import { ID_PATTERN } from '#core/text.ts';
import { listSubmissions } from '#core/use-cases/submissions.ts';
import { httpRoute } from '../http-handler.ts';
import { pageBody, pageRequest } from '../paging.ts';
import { submissionView } from '../views.ts';

export const handler = httpRoute('listSubmissions', async (req) => {
  const { organizationId } = req.query;
  if (organizationId !== undefined && !ID_PATTERN.test(organizationId)) {
    throw new ValidationError([{ path: '/query/organizationId', code: 'invalid_format', message: 'must match ^[a-z0-9][a-z0-9-]{1,62}$' }]);
  }
  const page = await listSubmissions(req.deps, req.principal, req.params.campaignId!, pageRequest(req), req.query.organizationId);
  return { status: 200, body: pageBody(req, page, submissionView) };
});
