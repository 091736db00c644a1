import { listOrganizationVersions } from '#core/use-cases/submissions.ts';
import { httpRoute } from '../http-handler.ts';
import { submissionView } from '../views.ts';

export const handler = httpRoute('listOrganizationSubmissions', async ({ deps, principal, params }) => {
  const versions = await listOrganizationVersions(deps, principal, params.campaignId!, params.organizationId!);
  return { status: 200, body: { items: versions.map(submissionView) } };
});
