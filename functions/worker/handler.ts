import type { ScheduledEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { count, log, loggable, metrics, milliseconds } from '#adapters/telemetry.ts';
import { kmsSignatureKeyFromEnv } from '#adapters/kms-signature-key.ts';
import { getDeps } from '#adapters/runtime-deps.ts';
import { processRenderJob } from '#core/use-cases/render-job.ts';
import { redeliverStrandedDocuments } from '#core/use-cases/stranded-documents.ts';
import { renderPdf } from '#templates/render.ts';

/**
 * The organization's KMS key, made here: only the worker holds it (the stack sets its variables
 * and grants on this function alone), so the HTTP bundles carry no KMS client.
 */
const signatureKey = kmsSignatureKeyFromEnv();

/**
 * The render queue's consumer in AWS. Each message is one document; a failed one is reported in
 * `batchItemFailures` so SQS redelivers only it, and after maxReceiveCount moves it to the
 * dead-letter queue. The receive count tells the use case when the last attempt has come.
 * Called by its schedule instead (infra/constructs/document-worker.ts), it sends again the jobs
 * of documents stranded without one.
 */
export function handler(event: SQSEvent): Promise<SQSBatchResponse>;
export function handler(event: ScheduledEvent): Promise<{ redelivered: number }>;
export async function handler(event: SQSEvent | ScheduledEvent): Promise<SQSBatchResponse | { redelivered: number }> {
  const deps = { ...(await getDeps()), signatureKey };
  if (!('Records' in event)) {
    const redelivered = await redeliverStrandedDocuments(deps);
    if (redelivered.length) log.warn('render jobs sent again', { documentIds: redelivered });
    count('RenderJobsRedelivered', redelivered.length);
    metrics.publishStoredMetrics();
    return { redelivered: redelivered.length };
  }
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const { documentId } = JSON.parse(record.body) as { documentId: string };
      const attempt = Number(record.attributes.ApproximateReceiveCount ?? 1);
      const started = performance.now();
      if ((await processRenderJob(deps, renderPdf, { documentId, attempt })) === 'rendered') {
        count('DocumentsRendered');
        milliseconds('RenderTime', performance.now() - started);
      }
    } catch (error) {
      log.error('render failed', { messageId: record.messageId, error: loggable(error) });
      count('RenderFailures');
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  return { batchItemFailures };
}
