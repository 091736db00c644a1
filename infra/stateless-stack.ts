import { CfnOutput, Fn, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { OperationalAlarms } from './constructs/alarms.ts';
import { TABLE_DESIGN } from '../functions/adapters/table-design.ts';
import { routes } from '../functions/http/routes.ts';
import { ConsoleSite } from './constructs/console-site.ts';
import { DocumentObjects } from './constructs/data-store.ts';
import { DocumentWorker } from './constructs/document-worker.ts';
import { CongressApi } from './constructs/http-api.ts';
import type { Settings } from './settings.ts';
import { dataExportNames, type StatefulStack } from './stateful-stack.ts';

export type StatelessStackProps = StackProps & {
  /** The data stack: its exports name the table and the bucket. */
  readonly data: StatefulStack;
  readonly settings: Settings;
};

/**
 * Everything that can be rebuilt from the repository: the API and its functions, the render
 * queue and worker, the web console on CloudFront, the cursor secret and the alarms. Deleting
 * this stack loses nothing but in-flight render jobs, outstanding list cursors and signing
 * sessions prepared but not completed.
 */
export class StatelessStack extends Stack {
  readonly api: CongressApi;
  readonly documentWorker: DocumentWorker;
  readonly console: ConsoleSite;
  /** The base of every link the functions build: the publicBaseUrl context, else the console's domain. */
  readonly publicBaseUrl: string;
  readonly cursorSecret: secretsmanager.Secret;
  readonly alarms: OperationalAlarms;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings } = props;

    // The table and bucket, imported by their exported names (see dataExportNames).
    this.addStackDependency(props.data);
    const exportNames = dataExportNames(props.data.stackName);
    const table = dynamodb.Table.fromTableAttributes(this, 'Table', {
      tableName: Fn.importValue(exportNames.tableName),
      globalIndexes: [TABLE_DESIGN.index.name],
    });
    const documents = new DocumentObjects(s3.Bucket.fromBucketName(this, 'PdfBucket', Fn.importValue(exportNames.bucketName)));
    const signing = {
      keyArn: Fn.importValue(exportNames.signingKeyArn),
      certificateSecretArn: settings.signingCertificateSecretArn || Fn.importValue(exportNames.signingCertificateSecretArn),
    };
    const shared = { serviceName: settings.serviceName, logRetention: settings.logRetention };

    // The key that signs list cursors (tamper-evident, CONTRACT.md section 2) and seals the
    // person's signing sessions (prepare, then complete). Generated here, never seen by anyone;
    // losing it only invalidates cursors and sessions in flight.
    this.cursorSecret = new secretsmanager.Secret(this, 'CursorSecret', {
      description: 'congress-docs: HMAC key that signs list cursors (64 alphanumeric characters)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.cursorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The cursor key protects only the integrity of paging cursors and signing sessions that live minutes; rotating it would need a rotation function for no gain, and a redeploy of this stack can replace it.',
    });

    this.documentWorker = new DocumentWorker(this, 'Documents', { ...shared, table, documents, signing });

    this.api = new CongressApi(this, 'Api', {
      ...shared,
      table,
      documents,
      renderQueue: this.documentWorker.queue,
      cursorSecret: this.cursorSecret,
      throttle: settings.throttle,
    });

    this.console = new ConsoleSite(this, 'Console', {
      httpApi: this.api.httpApi,
      routes,
      consoleDir: settings.consoleDir,
      logRetention: settings.logRetention,
    });

    // QR codes and links point at the console's domain, where a phone gets the verify page and
    // its script from one origin. No cycle: the distribution needs only the API itself (its id),
    // never the functions, so the functions can name the distribution's domain.
    this.publicBaseUrl = settings.publicBaseUrl || this.console.url;
    this.api.usePublicBaseUrl(this.publicBaseUrl);
    this.documentWorker.usePublicBaseUrl(this.publicBaseUrl);

    this.alarms = new OperationalAlarms(this, 'Alarms', {
      httpApi: this.api.httpApi,
      worker: this.documentWorker.worker.function,
      authorizer: this.api.authorizerFunction.function,
      deadLetterQueue: this.documentWorker.deadLetterQueue,
      ...(settings.alarmTopicArn ? { alarmTopicArn: settings.alarmTopicArn } : {}),
    });

    new CfnOutput(this, 'ConsoleUrl', {
      description: 'The web console, and the API on the same domain (the base of the verification links unless publicBaseUrl is set)',
      value: this.console.url,
    });
    new CfnOutput(this, 'ApiUrl', { description: "The API Gateway's own URL (the same API without CloudFront)", value: this.api.url });
  }
}
