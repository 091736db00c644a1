import { createSubmission } from '#core/use-cases/submissions.ts';
import { count } from '#adapters/telemetry.ts';
import { httpRoute } from '../http-handler.ts';
import { jsonBody } from '../request-body.ts';
import { submissionView } from '../views.ts';

export const handler = httpRoute('createSubmission', async ({ deps, principal, params, event }) => {
  const submission = await createSubmission(deps, principal, params.campaignId!, jsonBody(event));
  count('SubmissionsAccepted');
  return { status: 201, body: submissionView(submission), headers: { location: `/submissions/${submission.id}` } };
});
