import type { OrganizationAnswer, SubmissionAnswer } from '#core/answers.ts';
import type { Submission } from '#core/model.ts';
import type { OrganizationWithState } from '#core/use-cases/organizations.ts';

/** What a client sees of a submission: the contract's fields, not who keyed it in. */
export function submissionView({ submittedBy: _by, ...submission }: Submission): SubmissionAnswer {
  return submission;
}

/** What a client sees of an organization in a list: its state, not the campaign it is listed under. */
export function organizationView({ campaignId: _c, ...organization }: OrganizationWithState): OrganizationAnswer {
  return organization;
}
