import type { Submission } from '#core/model.ts';
import { createSubmission } from '#core/use-cases/submissions.ts';
import { count } from '#adapters/telemetry.ts';
import { httpRoute } from '../http-handler.ts';
import { jsonBody } from '../request-body.ts';
import { submissionView } from '../views.ts';

const created = (s: Submission) => ({ status: 201, body: submissionView(s), headers: { location: `/submissions/${s.id}` } });

export const handler = httpRoute('createSubmission', async ({ deps, principal, params, event, completeWith }) => {
  const submission = await createSubmission(deps, principal, params.campaignId!, jsonBody(event), completeWith(created));
  count('SubmissionsAccepted');
  return created(submission);
});
