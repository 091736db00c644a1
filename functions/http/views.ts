import type { SubmissionAnswer } from '#core/answers.ts';
import type { Submission } from '#core/model.ts';

/** What a client sees of a submission: the contract's fields, not who keyed it in. */
export function submissionView({ submittedBy: _by, ...submission }: Submission): SubmissionAnswer {
  return submission;
}
