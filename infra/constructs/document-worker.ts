import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambdaEvents from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PdfObjects } from './data-store.ts';
import { ServiceFunction } from './service-function.ts';

/** The four faces of Noto Serif that the templates use, copied next to the worker's bundle. */
const FONT_FILES = [
  '400Regular/NotoSerif_400Regular.ttf',
  '400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
  '700Bold/NotoSerif_700Bold.ttf',
  '700Bold_Italic/NotoSerif_700Bold_Italic.ttf',
].map((file) => `node_modules/@expo-google-fonts/noto-serif/${file}`);

/** Where the fonts are inside the function (the bundle is unpacked in /var/task). */
export const WORKER_FONT_DIR = '/var/task/fonts';

const WORKER_TIMEOUT_SECONDS = 60;
/** Receives before a message goes to the dead-letter queue. */
const MAX_RECEIVE_COUNT = 3;

export type DocumentWorkerProps = {
  readonly table: dynamodb.ITable;
  readonly pdfs: PdfObjects;
  readonly serviceName: string;
  readonly logRetention: logs.RetentionDays;
};

/**
 * The render queue, its dead-letter queue and the worker that turns a queued document into a
 * PDF. A message that fails three times is parked in the dead-letter queue (kept 14 days, with
 * an alarm on it) instead of being retried forever.
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
      description: 'congress-docs document worker: renders a queued document to PDF',
      // pdfmake lays out in memory and CPU scales with memory: 1,536 MB renders a multi-page
      // report in well under the timeout.
      memorySize: 1536,
      timeout: Duration.seconds(WORKER_TIMEOUT_SECONDS),
      serviceName: props.serviceName,
      logRetention: props.logRetention,
      // RENDER_ATTEMPTS: the worker marks a document failed on the last receive before the DLQ.
      environment: { FONT_DIR: WORKER_FONT_DIR, RENDER_ATTEMPTS: String(MAX_RECEIVE_COUNT) },
      afterBundling: (inputDir, outputDir) => [
        `mkdir -p "${outputDir}/fonts"`,
        ...FONT_FILES.map((file) => `cp "${inputDir}/${file}" "${outputDir}/fonts/"`),
        // pdfkit reads its standard-font metrics and sRGB profile from `${__dirname}/data` (only
        // if a document names a PDF standard font or asks for PDF/A); with the banner's
        // __dirname that is /var/task/data. 640 KB of insurance.
        `cp -R "${inputDir}/node_modules/pdfkit/js/data" "${outputDir}/data"`,
      ],
    });
    this.worker.bindTable(props.table, 'write').bindDocuments(props.pdfs, 'write');

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
   * no request to take a host from, so it always gets one (the API's own URL at the least).
   */
  usePublicBaseUrl(url: string): void {
    this.worker.function.addEnvironment('PUBLIC_BASE_URL', url);
  }
}
