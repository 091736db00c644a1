import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TableAccess } from '../route-grants.ts';
import type { DocumentObjectKind, DocumentObjects, ObjectAccess } from './data-store.ts';
import { wildcardResourceFinding } from './nag-findings.ts';
import { SIGNING_KEY_ACTIONS } from './signing-key.ts';

/** The repository root: esbuild resolves `#core/*` and friends from its package.json. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The newest Node.js runtime this aws-cdk-lib offers. Pinned rather than NODEJS_LATEST so that
 * an upgrade of aws-cdk-lib never changes the runtime behind our back.
 */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * The bundle is ESM (`index.mjs`), but some dependencies (pdfkit, parts of the SDK) are CommonJS
 * and call `require` or read `__dirname`. This banner gives them both; `define` below points
 * `__dirname`/`__filename` at the banner's own names, so a module that declares its own
 * `__dirname` cannot collide with it.
 */
export const ESM_BANNER = [
  "import { createRequire as __cdCreateRequire } from 'node:module';",
  "import { fileURLToPath as __cdFileURLToPath } from 'node:url';",
  "import { dirname as __cdDirnameOf } from 'node:path';",
  'const require = __cdCreateRequire(import.meta.url);',
  'const __cdFilename = __cdFileURLToPath(import.meta.url);',
  'const __cdDirname = __cdDirnameOf(__cdFilename);',
].join(' ');
export const ESM_DEFINE = { __dirname: '__cdDirname', __filename: '__cdFilename' };

/** Per kind of object in the documents bucket, what a function may do with it (absent: nothing). */
export type DocumentsAccess = Partial<Readonly<Record<DocumentObjectKind, ObjectAccess>>>;

/** What each kind of object is, for the reason a wildcard resource is acknowledged. */
const OBJECT_KINDS: Readonly<Record<DocumentObjectKind, string>> = {
  pdfs: 'files (documents/*/*.pdf, pdfObjectKey)',
  inputs: 'frozen inputs (documents/*/inputs.json, inputsObjectKey)',
  prepared: 'files prepared for the person\'s signature (prepared/*/*.pdf, preparedObjectKey)',
};

/** The organization's signing key and the secret with its certificate chain, by ARN. */
export type SigningKeyRef = { readonly keyArn: string; readonly certificateSecretArn: string };

export type ServiceFunctionProps = {
  /** Path of the entry file, relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Value of POWERTOOLS_SERVICE_NAME: one name for the whole service, so traces join up. */
  readonly serviceName: string;
  readonly logRetention: logs.RetentionDays;
  readonly environment?: Record<string, string>;
  /** Node options beside `--enable-source-maps` (NODE_OPTIONS), e.g. the renderer's heap flags. */
  readonly nodeOptions?: readonly string[];
  /** Extra esbuild command hooks, e.g. to copy fonts next to the bundle. */
  readonly afterBundling?: (inputDir: string, outputDir: string) => string[];
};

/**
 * A Lambda function with the house defaults, in one place: the newest Node.js runtime, ARM64,
 * an ESM bundle made by the local esbuild (never Docker) with the AWS SDK v3 inside it
 * (tree-shaken; the runtime's copy is not the version we test against), source maps, its own
 * log group with a retention, JSON logs, active X-Ray tracing, and a role that holds nothing but
 * what the `bind*` methods add. Each `bind*` method sets the environment variable that names a
 * resource together with the narrowest grant on it, so the two never drift apart.
 */
export class ServiceFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);

    // Logs are diagnostics, not records: they go with the stack.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of the default one, which carries the AWS-managed
    // AWSLambdaBasicExecutionRole (logs on every log group of the account).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      // The node path, not the function's description: IAM accepts only Latin-1 there.
      description: `Role of the congress-docs function ${this.node.path}`,
    });
    this.logGroup.grantWrite(this.role);
    // Active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords to this role;
    // X-Ray supports no resource-level permissions, so they are granted on "*".
    // test/infra proves that no other action is ever granted on "*".
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray trace upload (xray:PutTraceSegments, xray:PutTelemetryRecords) has no resource-level permissions; nothing else is granted on "*" (test/infra checks).',
    });

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: `${REPO_ROOT}${props.entry}`,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      description: props.description.slice(0, 256), // Lambda's limit
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        NODE_OPTIONS: ['--enable-source-maps', ...(props.nodeOptions ?? [])].join(' '),
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        // Prefer the ES module builds (SDK v3 ships them): esbuild can tree-shake those.
        mainFields: ['module', 'main'],
        // Bundle the SDK: the default would leave @aws-sdk/* to the runtime's copy.
        externalModules: [],
        minify: true,
        // Without this esbuild prints a size report for every function on every synth.
        logLevel: nodejs.LogLevel.WARNING,
        sourceMap: true,
        // Mappings are enough for stack traces; embedding the unminified sources of every bundled
        // package would more than double the asset.
        sourcesContent: false,
        banner: ESM_BANNER,
        define: ESM_DEFINE,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: props.afterBundling ?? (() => []),
        },
      },
    });
  }

  /**
   * TABLE_NAME with read access (`read`), read and write access (`write`), or no access at all
   * (`none`: the shared runtime wiring names the table in every function, but a route such as
   * /health never touches it, so it gets no permission on it).
   */
  bindTable(table: dynamodb.ITable, access: TableAccess): this {
    this.function.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'none') return this;
    if (access === 'read') table.grantReadData(this.function);
    else table.grantReadWriteData(this.function);
    // The grant covers `<table>/index/*`: the table's one index, gsi1, whose name the grant
    // helpers do not narrow to.
    Validations.of(this.role).acknowledge({
      id: wildcardResourceFinding(this, `${table.tableArn}/index/*`),
      reason: 'Queries on the table\'s index (gsi1: documents by campaign, keys); the table has no other index.',
    });
    return this;
  }

  /**
   * BUCKET_NAME and, on the documents bucket, exactly the access given per kind of object: the
   * PDFs (`documents/<id>/<sha256>.pdf`, every file version of a document), the frozen inputs
   * (`documents/<id>/inputs.json`) and the files prepared for a person's signature
   * (`prepared/<id>/<sha256>.pdf`). None listed: the name only (a health check adds HeadBucket).
   */
  bindDocuments(objects: DocumentObjects, access: DocumentsAccess): this {
    this.function.addEnvironment('BUCKET_NAME', objects.bucket.bucketName);
    for (const kind of Object.keys(OBJECT_KINDS) as DocumentObjectKind[]) {
      const granted = access[kind];
      if (!granted) continue;
      objects.grant(this.function, kind, granted);
      Validations.of(this.role).acknowledge({
        id: wildcardResourceFinding(this, objects.arnOf(kind)),
        reason: `Any document's ${OBJECT_KINDS[kind]}: document ids are not known in advance.`,
      });
    }
    return this;
  }

  /**
   * What GET /health's cheap checks need and nothing more: dynamodb:DescribeTable on the table
   * and s3:ListBucket on the documents bucket (HeadBucket), with BUCKET_NAME (TABLE_NAME comes
   * with `bindTable`).
   */
  bindHealthCheck(table: dynamodb.ITable, objects: DocumentObjects): this {
    this.bindDocuments(objects, {});
    iam.Grant.addToPrincipal({ grantee: this.function, actions: ['dynamodb:DescribeTable'], resourceArns: [table.tableArn] });
    objects.grantHeadBucket(this.function);
    return this;
  }

  /**
   * The organization's signing key: SIGNING_KMS_KEY_ID (the key's ARN, which KMS takes as a key
   * id) with kms:Sign and kms:GetPublicKey on that key only, and SIGNING_CERTIFICATE_SECRET (the
   * secret's ARN) with secretsmanager:GetSecretValue on that secret only.
   */
  bindSigningKey(signing: SigningKeyRef): this {
    this.function.addEnvironment('SIGNING_KMS_KEY_ID', signing.keyArn);
    this.function.addEnvironment('SIGNING_CERTIFICATE_SECRET', signing.certificateSecretArn);
    iam.Grant.addToPrincipal({ grantee: this.function, actions: [...SIGNING_KEY_ACTIONS], resourceArns: [signing.keyArn] });
    iam.Grant.addToPrincipal({
      grantee: this.function,
      actions: ['secretsmanager:GetSecretValue'],
      resourceArns: [signing.certificateSecretArn],
    });
    return this;
  }

  /** QUEUE_URL and sqs:SendMessage on that queue only. */
  bindRenderQueue(queue: sqs.IQueue): this {
    this.function.addEnvironment('QUEUE_URL', queue.queueUrl);
    queue.grantSendMessages(this.function);
    return this;
  }

  /** CURSOR_SECRET_ARN and secretsmanager:GetSecretValue (+DescribeSecret) on that secret only. */
  bindCursorSecret(secret: secretsmanager.ISecret): this {
    this.function.addEnvironment('CURSOR_SECRET_ARN', secret.secretArn);
    secret.grantRead(this.function);
    return this;
  }
}
