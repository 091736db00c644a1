import { getSubmission } from '#core/use-cases/submissions.ts';
import { httpRoute } from '../http-handler.ts';
import { submissionView } from '../views.ts';

export const handler = httpRoute('getSubmission', async ({ deps, principal, params }) => ({
  status: 200,
  body: submissionView(await getSubmission(deps, principal, params.submissionId!)),
}));
