import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambdaEvents from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { workerGrants } from '../route-grants.ts';
import type { DocumentObjects } from './data-store.ts';
import { RENDERER_FILES } from './renderer-files.ts';
import { ServiceFunction, type SigningKeyRef } from './service-function.ts';

const WORKER_TIMEOUT_SECONDS = 60;
/** Receives before a message goes to the dead-letter queue. */
const MAX_RECEIVE_COUNT = 3;
const REDELIVER_EVERY_MINUTES = 10;

export type DocumentWorkerProps = {
  readonly table: dynamodb.ITable;
  readonly documents: DocumentObjects;
  /** The organization's key: the worker applies the organization's signature (Đ.33, after the person's). */
  readonly signing: SigningKeyRef;
  readonly serviceName: string;
  readonly logRetention: logs.RetentionDays;
};

/**
 * The render queue, its dead-letter queue and the worker that turns a queued document into a
 * PDF from its frozen inputs and signs it for the organization. A message that fails three times
 * is parked in the dead-letter queue (kept 14 days, with an alarm on it) instead of being retried
 * forever. On a schedule, the worker also sends again the job of any document left without one.
 */
export class DocumentWorker extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly worker: ServiceFunction;

  constructor(scope: Construct, id: string, props: DocumentWorkerProps) {
    super(scope, id);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.queue = new sqs.Queue(this, 'RenderQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's rule for Lambda consumers: at least six times the function timeout, so a batch
      // that is retried inside the function is not handed to a second worker meanwhile.
      visibilityTimeout: Duration.seconds(6 * WORKER_TIMEOUT_SECONDS),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    this.worker = new ServiceFunction(this, 'Worker', {
      entry: 'functions/worker/handler.ts',
      description: 'congress-docs document worker: renders a queued document to PDF and signs it for the organization',
      // pdfmake lays out in memory and CPU scales with memory: 1,536 MB renders a multi-page
      // report in well under the timeout.
      memorySize: 1536,
      timeout: Duration.seconds(WORKER_TIMEOUT_SECONDS),
      serviceName: props.serviceName,
      logRetention: props.logRetention,
      // RENDER_ATTEMPTS: the worker marks a document failed on the last receive before the DLQ.
      environment: { ...RENDERER_FILES.environment, RENDER_ATTEMPTS: String(MAX_RECEIVE_COUNT) },
      afterBundling: RENDERER_FILES.afterBundling,
      nodeOptions: RENDERER_FILES.nodeOptions,
    });
    // What infra/route-grants.ts says the worker may touch (the tests run it with exactly that).
    this.worker
      .bindTable(props.table, workerGrants.table)
      .bindDocuments(props.documents, { pdfs: workerGrants.documents, inputs: workerGrants.inputs, prepared: workerGrants.prepared });
    if (workerGrants.signingKey) this.worker.bindSigningKey(props.signing);
    if (workerGrants.renderQueue === 'send') this.worker.bindRenderQueue(this.queue);

    // Every 10 minutes the worker looks for documents ordered whose job never reached the queue.
    new events.Rule(this, 'RedeliverStranded', {
      description: 'congress-docs: send again the render jobs of documents stranded without one',
      schedule: events.Schedule.rate(Duration.minutes(REDELIVER_EVERY_MINUTES)),
      targets: [new targets.LambdaFunction(this.worker.function, { retryAttempts: 0 })],
    });

    this.worker.function.addEventSource(
      new lambdaEvents.SqsEventSource(this.queue, {
        // Small batches: one render is seconds of CPU, and a failed message is reported on its
        // own (reportBatchItemFailures) so the rest of its batch is not rendered again.
        batchSize: 5,
        reportBatchItemFailures: true,
        // A rush of orders fans out to at most ten workers, not the account's whole concurrency.
        maxConcurrency: 10,
      }),
    );
  }

  /**
   * PUBLIC_BASE_URL: the base of the verification link printed in each document. The worker has
   * no request to take a host from, so it always gets one (the console's domain by default).
   */
  usePublicBaseUrl(url: string): void {
    this.worker.function.addEnvironment('PUBLIC_BASE_URL', url);
  }
}
