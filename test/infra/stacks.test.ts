/**
 * The AWS stacks as synthesized by `npm run synth`: bundling included, synthesized once for the
 * whole file (about a minute: esbuild runs once per function).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DESIGN } from '../../functions/adapters/table-design.ts';
import { routes } from '../../functions/http/routes.ts';
import { AUTHORIZER_CACHE, HTTP_FUNCTION_DEFAULTS } from '../../infra/constructs/http-api.ts';
import { WORKER_FONT_DIR } from '../../infra/constructs/document-worker.ts';
import { routeGrants } from '../../infra/route-grants.ts';
import { synthesize, type Synthesized } from './synth.ts';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
type PolicyStatement = { Effect: string; Action: string | string[]; Resource: unknown };

let synth: Synthesized;
let data: Template;
let service: Template;
let serviceResources: Record<string, Resource>;

beforeAll(() => {
  synth = synthesize({ bundle: true });
  data = Template.fromStack(synth.stateful);
  service = Template.fromStack(synth.stateless);
  serviceResources = service.toJSON().Resources as Record<string, Resource>;
}, 300_000);

/** Distinct handlers of the route table: one function each. */
const handlers = [...new Set(routes.map((r) => r.handler))];

const ofType = (type: string) => Object.entries(serviceResources).filter(([, r]) => r.Type === type);
const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/** The Lambda function behind an API route, found through the route's integration. */
function functionOfRoute(routeKey: string): [string, Resource] {
  const route = ofType('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === routeKey);
  if (!route) throw new Error(`No route ${routeKey}`);
  const integrationId = route[1].Properties.Target['Fn::Join'][1][1].Ref as string;
  const uri = serviceResources[integrationId]!.Properties.IntegrationUri;
  const functionId = uri['Fn::GetAtt'][0] as string;
  return [functionId, serviceResources[functionId]!];
}

/** Every statement of the inline policy attached to a function's role. */
function statementsOf(fn: Resource): PolicyStatement[] {
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as PolicyStatement[]);
}
const actionsOf = (fn: Resource) => new Set(statementsOf(fn).flatMap((s) => asArray(s.Action)));

describe('routes: one API route and one function per entry of functions/http/routes.ts', () => {
  it('has exactly the routes of the route table', () => {
    service.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
    // One function per handler, plus the authorizer and the worker.
    service.resourceCountIs('AWS::Lambda::Function', handlers.length + 2);
  });

  it.each(routes.map((r) => ({ ...r, key: `${r.method} ${r.path}` })))('$key ($access)', (route) => {
    const isPublic = route.access === 'public';
    service.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: route.key,
      AuthorizationType: isPublic ? 'NONE' : 'CUSTOM',
      ...(isPublic ? {} : { AuthorizerId: { Ref: Match.stringLikeRegexp('KeyAuthorizer') } }),
    });
    const [, fn] = functionOfRoute(route.key);
    expect(fn.Properties.Description).toContain(route.key);
  });

  it('gives each handler its own function, shared by the routes that name it', () => {
    const functionOfHandler = new Map<string, string>();
    for (const route of routes) {
      const [functionId] = functionOfRoute(`${route.method} ${route.path}`);
      expect(functionOfHandler.get(route.handler) ?? functionId, route.id).toBe(functionId);
      functionOfHandler.set(route.handler, functionId);
    }
    expect(new Set(functionOfHandler.values()).size).toBe(handlers.length);
  });
});

describe('grants: each route function holds what infra/route-grants.ts lists, no more', () => {
  const DYNAMO_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

  it.each(routes.map((r) => ({ id: r.id, key: `${r.method} ${r.path}` })))('$id', ({ id, key }) => {
    const grants = routeGrants[id];
    const [, fn] = functionOfRoute(key);
    const env = fn.Properties.Environment.Variables as Record<string, unknown>;
    const actions = actionsOf(fn);

    expect(env.TABLE_NAME).toBeDefined();
    expect(actions.has('dynamodb:GetItem')).toBe(grants.table !== 'none');
    for (const write of DYNAMO_WRITES) expect(actions.has(write)).toBe(grants.table === 'write');

    expect(env.BUCKET_NAME !== undefined).toBe(grants.documents === 'read');
    expect(actions.has('s3:GetObject')).toBe(grants.documents === 'read');
    expect(actions.has('s3:PutObject')).toBe(false);

    expect(env.QUEUE_URL !== undefined).toBe(grants.renderQueue === 'send');
    expect(actions.has('sqs:SendMessage')).toBe(grants.renderQueue === 'send');

    expect(env.CURSOR_SECRET_ARN !== undefined).toBe(grants.cursorSecret === true);
    expect(actions.has('secretsmanager:GetSecretValue')).toBe(grants.cursorSecret === true);

    expect(fn.Properties.MemorySize).toBe(grants.memorySize ?? HTTP_FUNCTION_DEFAULTS.memorySize);
    expect(fn.Properties.Timeout).toBe(grants.timeoutSeconds ?? HTTP_FUNCTION_DEFAULTS.timeoutSeconds);
  });

  it('lets the authorizer read the table, nothing else', () => {
    const [, authorizer] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('ApiKeyAuthorizer'))!;
    const actions = actionsOf(authorizer);
    expect(actions.has('dynamodb:GetItem')).toBe(true);
    for (const write of DYNAMO_WRITES) expect(actions.has(write)).toBe(false);
    expect([...actions].filter((a) => !/^(dynamodb|logs|xray):/.test(a))).toEqual([]);
  });

  it('lets the worker read and write the table and put PDFs, and consume the queue', () => {
    const [, worker] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('DocumentsWorker'))!;
    const actions = actionsOf(worker);
    expect(actions.has('dynamodb:PutItem')).toBe(true);
    expect(actions.has('s3:PutObject')).toBe(true);
    expect(actions.has('s3:GetObject')).toBe(false);
    expect(actions.has('sqs:ReceiveMessage')).toBe(true);
    expect(actions.has('sqs:SendMessage')).toBe(false);
  });

  it('grants no wildcard action, and nothing but X-Ray on resource "*"', () => {
    const statements = ofType('AWS::IAM::Policy').flatMap(
      ([, p]) => p.Properties.PolicyDocument.Statement as PolicyStatement[],
    );
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements.filter((st) => st.Effect === 'Allow')) {
      for (const action of asArray(s.Action)) expect(action, JSON.stringify(s)).not.toMatch(/:\*$|^\*$/);
      if (asArray(s.Resource).includes('*')) {
        expect(asArray(s.Action).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      }
    }
  });

  it('gives no role an AWS-managed policy', () => {
    for (const [, role] of ofType('AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('scopes PDF access to documents/*/*.pdf', () => {
    const pdfStatements = ofType('AWS::IAM::Policy')
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as PolicyStatement[])
      .filter((s) => asArray(s.Action).some((a) => a.startsWith('s3:')));
    expect(pdfStatements.length).toBe(2);
    for (const s of pdfStatements) expect(JSON.stringify(s.Resource)).toContain('/documents/*/*.pdf');
  });
});

describe('functions: the house defaults', () => {
  it('runs every function on Node.js 24, ARM64, ESM bundles, traced, with JSON logs in its own log group', () => {
    for (const [id, fn] of ofType('AWS::Lambda::Function')) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
        Environment: {
          Variables: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'congress-docs' },
        },
      });
    }
  });

  it('keeps logs 30 days', () => {
    for (const [, group] of ofType('AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(30);
    // One per function, plus the API's access logs.
    service.resourceCountIs('AWS::Logs::LogGroup', handlers.length + 2 + 1);
  });

  it('sizes the worker for rendering and points it at its fonts', () => {
    service.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('document worker'),
      MemorySize: 1536,
      Timeout: 60,
      Environment: {
        Variables: Match.objectLike({
          FONT_DIR: WORKER_FONT_DIR,
          RENDER_ATTEMPTS: '3',
          TABLE_NAME: { 'Fn::ImportValue': 'CongressDocs-Data:TableName' },
          BUCKET_NAME: { 'Fn::ImportValue': 'CongressDocs-Data:BucketName' },
          // No publicBaseUrl in cdk.json: the worker prints the API's own URL.
          PUBLIC_BASE_URL: { 'Fn::GetAtt': [Match.stringLikeRegexp('ApiHttpApi'), 'ApiEndpoint'] },
        }),
      },
    });
  });
});

describe('data stack', () => {
  it('has an on-demand table with PITR, encryption, TTL and gsi1, retained', () => {
    data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.ttlAttribute, Enabled: true },
        KeySchema: [
          { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: TABLE_DESIGN.index.name,
            KeySchema: [
              { AttributeName: TABLE_DESIGN.index.partitionKey, KeyType: 'HASH' },
              { AttributeName: TABLE_DESIGN.index.sortKey, KeyType: 'RANGE' },
            ],
          }),
        ],
      }),
    });
  });

  it('keeps PDFs in a versioned, encrypted, private, retained bucket with access logs and a lifecycle', () => {
    data.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('AccessLogs') }, LogFilePrefix: Match.anyValue() },
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({
              NoncurrentVersionExpiration: { NoncurrentDays: 90 },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
              Status: 'Enabled',
            }),
          ],
        },
      }),
    });
    data.resourceCountIs('AWS::S3::Bucket', 2);
  });

  it('denies plain HTTP on both buckets', () => {
    const policies = data.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(2);
    for (const policy of Object.values(policies)) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('exports the names the service stack imports, and prints the first-key command', () => {
    data.hasOutput('TableName', { Export: { Name: 'CongressDocs-Data:TableName' } });
    data.hasOutput('BucketName', { Export: { Name: 'CongressDocs-Data:BucketName' } });
    data.hasOutput('CreateFirstKeyCommand', {
      Value: { 'Fn::Join': ['', Match.arrayWith(['npx tsx infra/create-key.ts --table '])] },
    });
    expect(synth.stateful.terminationProtection).toBe(true);
  });
});

describe('render queue', () => {
  it('is encrypted, TLS-only, with a dead-letter queue after 3 receives and visibility 6x the worker timeout', () => {
    service.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 360,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 3 },
    });
    service.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    const queuePolicies = service.findResources('AWS::SQS::QueuePolicy');
    expect(Object.keys(queuePolicies)).toHaveLength(2);
    for (const policy of Object.values(queuePolicies)) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('feeds the worker small batches with partial batch failures', () => {
    service.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 10 },
    });
  });
});

describe('API', () => {
  it('has a throttled $default stage with JSON access logs', () => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
    });
    const format = ofType('AWS::ApiGatewayV2::Stage')[0]![1].Properties.AccessLogSettings.Format as string;
    expect(() => JSON.parse(format)).not.toThrow();
  });

  it('authorizes with the key authorizer: simple responses, uncached, no identity source (errors stay problem+json)', () => {
    service.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    service.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: [],
      AuthorizerResultTtlInSeconds: 0,
    });
  });

  it('has no CORS configuration (no browser clients on other origins)', () => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
  });

  it('outputs its URL', () => {
    service.hasOutput('ApiUrl', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'ApiEndpoint'] } });
  });
});

describe('alarms', () => {
  it.each([
    ['dead letters', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible'],
    ['API 5xx', 'AWS/ApiGateway', '5xx'],
  ])('alarms on %s', (_name, namespace, metricName) => {
    service.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: namespace,
      MetricName: metricName,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('alarms on worker and authorizer errors', () => {
    const lambdaErrorAlarms = Object.values(service.findResources('AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties.Namespace === 'AWS/Lambda' && a.Properties.MetricName === 'Errors',
    );
    const functions = lambdaErrorAlarms.map((a) => JSON.stringify(a.Properties.Dimensions));
    expect(functions).toEqual([expect.stringContaining('DocumentsWorker'), expect.stringContaining('ApiKeyAuthorizer')]);
  });
});

describe('cdk-nag (AwsSolutions) and annotations', () => {
  it('reports no violation: every finding is fixed or acknowledged with a reason', () => {
    const report = JSON.parse(readFileSync(join(synth.assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations?: unknown[]; conclusion?: string }[];
    };
    const violations = report.pluginReports.flatMap((r) => (r.violations ?? []).map((v) => ({ plugin: r.pluginName, v })));
    expect(violations).toEqual([]);
  });

  it('leaves no warning or error annotation on either stack', () => {
    for (const stack of [synth.stateful, synth.stateless]) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError('*', Match.anyValue())).toEqual([]);
      expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
    }
  });
});

describe('function bundles', () => {
  const MB = 1024 * 1024;
  // What Lambda unpacks (code + source map + static files). Every HTTP handler goes through the
  // shared composition root, so each carries all SDK clients: about 2.7 MB today. 4 MB leaves
  // room to grow and still catches a second copy of the SDK or a stray browser bundle. The worker
  // carries fonts and pdfkit data, the docs function Swagger UI's 1.9 MB of static files.
  const LIMITS = { worker: 10 * MB, withStaticFiles: 6 * MB, http: 4 * MB };
  const FONT_FILES = [
    'NotoSerif_400Regular.ttf',
    'NotoSerif_400Regular_Italic.ttf',
    'NotoSerif_700Bold.ttf',
    'NotoSerif_700Bold_Italic.ttf',
  ];

  function bytesIn(dir: string): number {
    return readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
      const path = join(dir, entry.name);
      return sum + (entry.isDirectory() ? bytesIn(path) : statSync(path).size);
    }, 0);
  }

  function assetDirOf(fn: Resource): string {
    const key = fn.Properties.Code.S3Key as string;
    return join(synth.assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
  }

  it('keeps every bundle under its limit (sizes printed below)', () => {
    const rows = ofType('AWS::Lambda::Function').map(([id, fn]) => {
      const dir = assetDirOf(fn);
      const code = statSync(join(dir, 'index.mjs')).size;
      const map = statSync(join(dir, 'index.mjs.map')).size;
      const total = bytesIn(dir);
      const limit = id.startsWith('DocumentsWorker')
        ? LIMITS.worker
        : fn.Properties.Environment.Variables.SWAGGER_UI_DIR
          ? LIMITS.withStaticFiles
          : LIMITS.http;
      return { id, code, map, other: total - code - map, total, limit };
    });
    const mb = (n: number) => (n / MB).toFixed(2).padStart(6);
    console.log(
      [
        'function bundle sizes (MB): code  + map  + other = total (limit)',
        ...rows
          .sort((a, b) => b.total - a.total)
          .map((r) => `  ${r.id.padEnd(44)} ${mb(r.code)} ${mb(r.map)} ${mb(r.other)} = ${mb(r.total)} (${mb(r.limit)})`),
      ].join('\n'),
    );
    for (const r of rows) expect(r.total, r.id).toBeLessThanOrEqual(r.limit);
  });

  it('ships the four Noto Serif faces and pdfkit data with the worker', () => {
    const [, worker] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('DocumentsWorker'))!;
    const dir = assetDirOf(worker);
    for (const font of FONT_FILES) expect(existsSync(join(dir, 'fonts', font)), font).toBe(true);
    expect(existsSync(join(dir, 'data', 'Helvetica.afm'))).toBe(true);
  });

  it('ships Swagger UI with the docs function', () => {
    const [, docs] = functionOfRoute('GET /docs');
    expect(docs.Properties.Environment.Variables.SWAGGER_UI_DIR).toBe('/var/task/swagger-ui');
    for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']) {
      expect(existsSync(join(assetDirOf(docs), 'swagger-ui', file)), file).toBe(true);
    }
  });

  it('bundles ESM with the createRequire/__dirname banner and the AWS SDK inside', () => {
    const [, fn] = functionOfRoute('GET /documents/{documentId}/pdf');
    const code = readFileSync(join(assetDirOf(fn), 'index.mjs'), 'utf8');
    expect(code.startsWith("import { createRequire as __cdCreateRequire } from 'node:module';")).toBe(true);
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
  });
});

describe('snapshot', () => {
  it('matches, with asset hashes normalised', () => {
    const normalise = (template: unknown) =>
      JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}(\.zip)?/g, (_m, zip: string | undefined) => `ASSET${zip ?? ''}`));
    expect({ data: normalise(data.toJSON()), service: normalise(service.toJSON()) }).toMatchSnapshot();
  });
});
