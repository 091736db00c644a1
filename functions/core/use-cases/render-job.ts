import type { Deps } from '../deps.ts';
import { renderDocument, type Renderer } from './documents.ts';
import { applyOrganizationSignature } from './signatures.ts';

/**
 * One delivery of a render job (SQS in AWS, the in-process queue locally): render the document
 * if it is not ready yet (it is then marked as awaiting its first signature), then apply the
 * organization's signature when that is the next step (Đ.33: after the person's, when the
 * campaign asks for a person's). A job sent again after the person signed (completeSignature
 * queues one) lands here too. Every step is idempotent: a redelivery changes nothing.
 */
export async function processRenderJob(
  deps: Deps,
  render: Renderer,
  job: { documentId: string; attempt: number },
): Promise<'rendered' | 'skipped'> {
  const outcome = await renderDocument(deps, render, job);
  await applyOrganizationSignature(deps, { id: job.documentId });
  return outcome;
}
