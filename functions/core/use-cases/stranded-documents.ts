import type { Deps } from '../deps.ts';

/**
 * A document can be ordered (its number taken, its record `queued`) and its render job still be
 * lost: the process died, or the queue refused the message, between the numbering transaction
 * and the send. Or a worker can die on the job's last delivery, leaving it `rendering` with no
 * message left. The queue would never bring either again, so they are looked for and their job
 * sent again: in AWS every few minutes (the worker's schedule), locally when the process starts
 * (its in-process queue forgets its messages).
 *
 * Half an hour: longer than SQS takes to give up on a job (3 receives, 6 minutes of visibility
 * each), so a job still on its way is not sent twice, except under a backlog of that length; and
 * a second delivery changes nothing (renderDocument and the signature steps are idempotent).
 */
export const STRANDED_AFTER_MS = 30 * 60_000;

/** Sends the job again of every document stranded for `olderThanMs`; returns their ids. */
export async function redeliverStrandedDocuments(deps: Deps, { olderThanMs = STRANDED_AFTER_MS } = {}): Promise<string[]> {
  const cutoff = deps.clock().getTime() - olderThanMs;
  const sent: string[] = [];
  for (const id of await deps.repo.pendingDocumentIds()) {
    const doc = await deps.repo.getDocument(id);
    const since = doc?.status === 'queued' ? doc.createdAt : doc?.status === 'rendering' ? (doc.renderingSince ?? doc.createdAt) : undefined;
    if (since === undefined || Date.parse(since) > cutoff) continue;
    await deps.queue.send({ documentId: id });
    sent.push(id);
  }
  return sent;
}
