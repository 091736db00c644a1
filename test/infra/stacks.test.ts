/**
 * The AWS stacks as synthesized by `npm run synth`: bundling included, synthesized once for the
 * whole file (about a minute: esbuild runs once per function).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DESIGN } from '../../functions/adapters/table-design.ts';
import { routes, type Route } from '../../functions/http/routes.ts';
import { fontPaths } from '../../renderer/fonts.ts';
import { AUTHORIZER_CACHE, HTTP_FUNCTION_DEFAULTS } from '../../infra/constructs/http-api.ts';
import { CONTENT_SECURITY_POLICY } from '../../functions/http/security-headers.ts';
import { BROWSER_CACHE, apiPathPatterns } from '../../infra/constructs/console-site.ts';
import { FONT_DIR } from '../../infra/constructs/renderer-files.ts';
import { RENDER_YOUNG_GENERATION } from '../../renderer/heap-flags.mjs';
import { REPO_ROOT } from '../../infra/constructs/service-function.ts';
import { SIGNING_KEY_ACTIONS } from '../../infra/constructs/signing-key.ts';
import { routeGrants } from '../../infra/route-grants.ts';
import { synthesize, type Synthesized } from './synth.ts';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
type PolicyStatement = { Effect: string; Action: string | string[]; Resource: unknown };

let synth: Synthesized;
let data: Template;
let service: Template;
let serviceResources: Record<string, Resource>;

/** `https://<the distribution's domain>`, as the template spells it. */
const CONSOLE_URL = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConsoleDistribution'), 'DomainName'] }]] };

beforeAll(() => {
  synth = synthesize({ bundle: true });
  data = Template.fromStack(synth.stateful);
  service = Template.fromStack(synth.stateless);
  serviceResources = service.toJSON().Resources as Record<string, Resource>;
}, 300_000);

/** Distinct handlers of the route table: one function each. */
const handlers = [...new Set(routes.map((r) => r.handler))];

const ofType = (type: string) => Object.entries(serviceResources).filter(([, r]) => r.Type === type);
/** CDK's own function that copies the console into its bucket (BucketDeployment), not one of ours. */
const isConsoleDeployment = (id: string) => id.startsWith('CustomCDKBucketDeployment');
/** Our functions: one per handler, the authorizer and the worker. */
const serviceFunctions = () => ofType('AWS::Lambda::Function').filter(([id]) => !isConsoleDeployment(id));
const workerFunction = () => serviceFunctions().find(([id]) => id.startsWith('DocumentsWorker'))!;
const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/** API Gateway's route key of a route: its gateway path where its path cannot be one (`…:recall`). */
const routeKeyOf = (r: Route) => `${r.method} ${r.gatewayPath ?? r.path}`;

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
/** The actions a function holds on resources whose ARN ends with `suffix` (e.g. `/documents/*\/inputs.json`). */
const actionsOn = (fn: Resource, suffix: string) =>
  statementsOf(fn)
    .filter((s) => asArray(s.Resource).some((r) => JSON.stringify(r).endsWith(`${suffix}"]]}`)))
    .flatMap((s) => asArray(s.Action))
    .sort();
/** What an ObjectAccess of infra/route-grants.ts means in S3 actions. */
const S3_ACTIONS = { read: ['s3:GetObject'], write: ['s3:PutObject'], 'read-write': ['s3:GetObject', 's3:PutObject'] } as const;
const PDFS = '/documents/*/*.pdf';
const INPUTS = '/documents/*/inputs.json';
const PREPARED = '/prepared/*/*.pdf';

describe('routes: one API route and one function per entry of functions/http/routes.ts', () => {
  it('has exactly the routes of the route table', () => {
    service.resourceCountIs('AWS::ApiGatewayV2::Route', routes.length);
    // One function per handler, plus the authorizer, the worker, and CDK's console deployment.
    service.resourceCountIs('AWS::Lambda::Function', handlers.length + 2 + 1);
    expect(serviceFunctions()).toHaveLength(handlers.length + 2);
  });

  it.each(routes.map((r) => ({ ...r, key: routeKeyOf(r) })))('$key ($access)', (route) => {
    const isPublic = route.access === 'public';
    service.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: route.key,
      AuthorizationType: isPublic ? 'NONE' : 'CUSTOM',
      ...(isPublic ? {} : { AuthorizerId: { Ref: Match.stringLikeRegexp('KeyAuthorizer') } }),
    });
    const [, fn] = functionOfRoute(route.key);
    expect(fn.Properties.Description).toContain(`${route.method} ${route.path}`);
  });

  it('gives each handler its own function, shared by the routes that name it', () => {
    const functionOfHandler = new Map<string, string>();
    for (const route of routes) {
      const [functionId] = functionOfRoute(routeKeyOf(route));
      expect(functionOfHandler.get(route.handler) ?? functionId, route.id).toBe(functionId);
      functionOfHandler.set(route.handler, functionId);
    }
    expect(new Set(functionOfHandler.values()).size).toBe(handlers.length);
  });
});

describe('grants: each route function holds what infra/route-grants.ts lists, no more', () => {
  const DYNAMO_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

  it.each(routes.map((r) => ({ id: r.id, key: routeKeyOf(r) })))('$id', ({ id, key }) => {
    const grants = routeGrants[id];
    const [, fn] = functionOfRoute(key);
    const env = fn.Properties.Environment.Variables as Record<string, unknown>;
    const actions = actionsOf(fn);

    expect(env.TABLE_NAME).toBeDefined();
    expect(actions.has('dynamodb:GetItem')).toBe(grants.table !== 'none');
    for (const write of DYNAMO_WRITES) expect(actions.has(write)).toBe(grants.table === 'write');

    const usesBucket = grants.documents !== undefined || grants.inputs !== undefined || grants.prepared !== undefined || grants.healthCheck === true;
    expect(env.BUCKET_NAME !== undefined).toBe(usesBucket);
    expect(actionsOn(fn, PDFS)).toEqual(grants.documents ? S3_ACTIONS[grants.documents] : []);
    expect(actionsOn(fn, INPUTS)).toEqual(grants.inputs ? S3_ACTIONS[grants.inputs] : []);
    expect(actionsOn(fn, PREPARED)).toEqual(grants.prepared ? S3_ACTIONS[grants.prepared] : []);
    // Nothing else in S3: HeadBucket (s3:ListBucket) for the health check only.
    expect([...actions].filter((a) => a.startsWith('s3:')).sort()).toEqual(
      [...new Set([...actionsOn(fn, PDFS), ...actionsOn(fn, INPUTS), ...actionsOn(fn, PREPARED), ...(grants.healthCheck ? ['s3:ListBucket'] : [])])].sort(),
    );
    expect(actions.has('dynamodb:DescribeTable')).toBe(grants.table !== 'none' || grants.healthCheck === true);

    expect(env.QUEUE_URL !== undefined).toBe(grants.renderQueue === 'send');
    expect(actions.has('sqs:SendMessage')).toBe(grants.renderQueue === 'send');

    expect(env.CURSOR_SECRET_ARN !== undefined).toBe(grants.cursorSecret === true);
    expect(actions.has('secretsmanager:GetSecretValue')).toBe(grants.cursorSecret === true);

    expect(env.FONT_DIR !== undefined).toBe(grants.renderer === true);
    // Only the worker holds the signing key.
    expect([...actions].filter((a) => a.startsWith('kms:'))).toEqual([]);
    expect(env.SIGNING_KMS_KEY_ID).toBeUndefined();

    expect(fn.Properties.MemorySize).toBe(grants.memorySize ?? HTTP_FUNCTION_DEFAULTS.memorySize);
    expect(fn.Properties.Timeout).toBe(grants.timeoutSeconds ?? HTTP_FUNCTION_DEFAULTS.timeoutSeconds);
  });

  it('lets the health check describe the table and head the bucket, nothing more', () => {
    const [, fn] = functionOfRoute('GET /health');
    expect([...actionsOf(fn)].filter((a) => !/^(logs|xray):/.test(a)).sort()).toEqual(['dynamodb:DescribeTable', 's3:ListBucket']);
    const bucketStatement = statementsOf(fn).find((st) => asArray(st.Action).includes('s3:ListBucket'))!;
    // The bucket itself, not its objects.
    expect(JSON.stringify(bucketStatement.Resource)).toMatch(/CongressDocs-Data:BucketName"\}\]\]\}$/);
  });

  it('lets the authorizer read the table, nothing else', () => {
    const [, authorizer] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('ApiKeyAuthorizer'))!;
    const actions = actionsOf(authorizer);
    expect(actions.has('dynamodb:GetItem')).toBe(true);
    for (const write of DYNAMO_WRITES) expect(actions.has(write)).toBe(false);
    expect([...actions].filter((a) => !/^(dynamodb|logs|xray):/.test(a))).toEqual([]);
  });

  it('lets the worker read and write the table, read the frozen inputs, read and write PDFs, consume the queue and send to it', () => {
    const [, worker] = workerFunction();
    const actions = actionsOf(worker);
    expect(actions.has('dynamodb:PutItem')).toBe(true);
    expect(actionsOn(worker, PDFS)).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(actionsOn(worker, INPUTS)).toEqual(['s3:GetObject']);
    expect(actions.has('sqs:ReceiveMessage')).toBe(true);
    // It sends again the jobs of stranded documents, to its own queue only.
    const sends = statementsOf(worker).filter((st) => asArray(st.Action).includes('sqs:SendMessage'));
    expect(sends.map((st) => st.Resource)).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^DocumentsRenderQueue/), 'Arn'] }]);
    expect((worker.Properties.Environment.Variables as Record<string, unknown>).QUEUE_URL).toEqual({ Ref: expect.stringMatching(/^DocumentsRenderQueue/) });
  });

  it('runs the worker every 10 minutes to send again the jobs of stranded documents', () => {
    const [workerId] = workerFunction();
    const rules = ofType('AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0]!;
    expect(rule.Properties.ScheduleExpression).toBe('rate(10 minutes)');
    expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [workerId, 'Arn'] } })]);
  });

  it('lets the worker sign with the organization\'s key (kms:Sign, kms:GetPublicKey only) and read its certificate chain', () => {
    const [, worker] = workerFunction();
    const env = worker.Properties.Environment.Variables as Record<string, unknown>;
    expect(env.SIGNING_KMS_KEY_ID).toEqual({ 'Fn::ImportValue': 'CongressDocs-Data:SigningKeyArn' });
    expect(env.SIGNING_CERTIFICATE_SECRET).toEqual({ 'Fn::ImportValue': 'CongressDocs-Data:SigningCertificateSecretArn' });
    const kms = statementsOf(worker).filter((st) => asArray(st.Action).some((a) => a.startsWith('kms:')));
    expect(kms).toEqual([
      expect.objectContaining({ Action: [...SIGNING_KEY_ACTIONS].sort(), Resource: env.SIGNING_KMS_KEY_ID }),
    ]);
    const secrets = statementsOf(worker).filter((st) => asArray(st.Action).some((a) => a.startsWith('secretsmanager:')));
    expect(secrets).toEqual([
      expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: env.SIGNING_CERTIFICATE_SECRET }),
    ]);
  });

  it('grants no wildcard action, and nothing but X-Ray (and the console deployment\'s invalidation) on resource "*"', () => {
    const deployRoles = new Set(
      ofType('AWS::Lambda::Function').filter(([id]) => isConsoleDeployment(id)).map(([, fn]) => fn.Properties.Role['Fn::GetAtt'][0] as string),
    );
    expect(deployRoles.size).toBe(1);
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      const ofDeployment = (policy.Properties.Roles as { Ref: string }[]).some((r) => deployRoles.has(r.Ref));
      const statements = policy.Properties.PolicyDocument.Statement as PolicyStatement[];
      for (const s of statements.filter((st) => st.Effect === 'Allow')) {
        for (const action of asArray(s.Action)) expect(action, JSON.stringify(s)).not.toMatch(/:\*$|^\*$/);
        if (asArray(s.Resource).includes('*')) {
          expect(asArray(s.Action).sort()).toEqual(
            ofDeployment ? ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'] : ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
          );
        }
      }
    }
  });

  it('gives no role an AWS-managed policy', () => {
    for (const [, role] of ofType('AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('scopes the functions\' object access to the key layouts documents/*/*.pdf, documents/*/inputs.json and prepared/*/*.pdf', () => {
    const objectStatements = serviceFunctions()
      .flatMap(([, fn]) => statementsOf(fn))
      .filter((s) => asArray(s.Action).some((a) => a.startsWith('s3:') && a !== 's3:ListBucket'));
    expect(objectStatements.length).toBeGreaterThan(0);
    for (const resource of objectStatements.flatMap((s) => asArray(s.Resource))) {
      expect(JSON.stringify(resource)).toMatch(/\/(documents\/\*\/(\*\.pdf|inputs\.json)|prepared\/\*\/\*\.pdf)"\]\]\}$/);
    }
  });

  it('gives no IAM policy any other use of KMS than the worker\'s', () => {
    const [, worker] = workerFunction();
    const workerRole = worker.Properties.Role['Fn::GetAtt'][0] as string;
    for (const [, policy] of [...ofType('AWS::IAM::Policy'), ...Object.entries(data.findResources('AWS::IAM::Policy'))]) {
      const kmsActions = (policy.Properties.PolicyDocument.Statement as PolicyStatement[]).flatMap((st) =>
        asArray(st.Action).filter((a) => a.startsWith('kms:')),
      );
      const isWorker = (policy.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === workerRole);
      expect(kmsActions.sort()).toEqual(isWorker ? [...SIGNING_KEY_ACTIONS].sort() : []);
    }
  });
});

describe('functions: the house defaults', () => {
  it('runs every function on Node.js 24, ARM64, ESM bundles, traced, with JSON logs in its own log group', () => {
    for (const [id, fn] of serviceFunctions()) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
        Environment: {
          Variables: { NODE_OPTIONS: expect.stringMatching(/^--enable-source-maps( |$)/), POWERTOOLS_SERVICE_NAME: 'congress-docs' },
        },
      });
    }
    // The renderer's young generation where documents are rendered (the functions given the
    // fonts, checked below to be the worker and the rendering routes), and nowhere else.
    for (const [id, fn] of serviceFunctions()) {
      const renders = fn.Properties.Environment.Variables.FONT_DIR !== undefined;
      const expected = renders ? `--enable-source-maps ${RENDER_YOUNG_GENERATION}` : '--enable-source-maps';
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS, id).toBe(expected);
    }
  });

  it('keeps logs 30 days', () => {
    for (const [, group] of ofType('AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(30);
    // One per function (ours and CDK's console deployment), plus the API's access logs.
    service.resourceCountIs('AWS::Logs::LogGroup', handlers.length + 2 + 1 + 1);
  });

  it('sizes the worker for rendering and points it at its fonts', () => {
    service.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('document worker'),
      MemorySize: 1536,
      Timeout: 60,
      Environment: {
        Variables: Match.objectLike({
          FONT_DIR,
          RENDER_ATTEMPTS: '3',
          TABLE_NAME: { 'Fn::ImportValue': 'CongressDocs-Data:TableName' },
          BUCKET_NAME: { 'Fn::ImportValue': 'CongressDocs-Data:BucketName' },
          // No publicBaseUrl in cdk.json: the worker prints the console's domain.
          PUBLIC_BASE_URL: CONSOLE_URL,
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
            // a file prepared for a person's signature and never completed is forgotten
            Match.objectLike({ Prefix: 'prepared/', ExpirationInDays: 1, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: 'Enabled' }),
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

  it('exports the names the service stack imports, and prints the first-key and certificate-request commands', () => {
    data.hasOutput('TableName', { Export: { Name: 'CongressDocs-Data:TableName' } });
    data.hasOutput('BucketName', { Export: { Name: 'CongressDocs-Data:BucketName' } });
    data.hasOutput('SigningKeyArn', { Export: { Name: 'CongressDocs-Data:SigningKeyArn' } });
    data.hasOutput('SigningCertificateSecretArn', { Export: { Name: 'CongressDocs-Data:SigningCertificateSecretArn' } });
    data.hasOutput('CreateFirstKeyCommand', {
      Value: { 'Fn::Join': ['', Match.arrayWith(['npx tsx infra/create-key.ts --table '])] },
    });
    data.hasOutput('CreateCsrCommand', {
      Value: { 'Fn::Join': ['', Match.arrayWith(['npx tsx infra/create-csr.ts --key '])] },
    });
    expect(synth.stateful.terminationProtection).toBe(true);
  });

  it("keeps the organization's signing key: asymmetric RSA 2048 for signing, retained, its policy without wildcard actions", () => {
    data.resourceCountIs('AWS::KMS::Key', 1);
    const [key] = Object.values(data.findResources('AWS::KMS::Key'));
    expect(key).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', PendingWindowInDays: 30 },
    });
    const statements = key!.Properties.KeyPolicy.Statement as (PolicyStatement & { Principal: unknown })[];
    for (const st of statements) {
      for (const action of asArray(st.Action)) expect(action).not.toMatch(/\*/);
      // The account, through IAM: no role of the service stack can be named here (it depends on this stack).
      expect(JSON.stringify(st.Principal)).toContain(':root');
    }
    // Administration never includes using the key, or handing it out by grant.
    const using = statements.filter((st) => asArray(st.Action).some((a) => ['kms:Sign', 'kms:GetPublicKey'].includes(a)));
    expect(using).toHaveLength(1);
    expect(asArray(using[0]!.Action).sort()).toEqual([...SIGNING_KEY_ACTIONS].sort());
    expect(statements.flatMap((st) => asArray(st.Action))).not.toContain('kms:CreateGrant');
    data.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/CongressDocs-Data-signing' });
  });

  it("keeps an empty, retained secret for the organization's certificate chain (nothing in the template to write over it)", () => {
    data.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const [secret] = Object.values(data.findResources('AWS::SecretsManager::Secret'));
    expect(secret).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(secret!.Properties.SecretString).toBeUndefined();
    expect(secret!.Properties.GenerateSecretString).toBeUndefined();
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

describe('console on CloudFront', () => {
  type Behavior = Record<string, any> & { PathPattern?: string; TargetOriginId: string };
  const distributionConfig = () => ofType('AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig as Record<string, any>;
  const originOf = (behavior: Behavior) => (distributionConfig().Origins as Record<string, any>[]).find((o) => o.Id === behavior.TargetOriginId)!;
  const behaviors = () => distributionConfig().CacheBehaviors as Behavior[];
  const headersPolicyOf = (behavior: Behavior) => serviceResources[behavior.ResponseHeadersPolicyId.Ref]!.Properties.ResponseHeadersPolicyConfig;
  const consoleBucketId = () => ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('ConsoleFiles'))![0];

  it('is one distribution, HTTPS only, index.html at /, its access logs in the console logs bucket, no error pages', () => {
    service.resourceCountIs('AWS::CloudFront::Distribution', 1);
    const config = distributionConfig();
    expect(config).toMatchObject({
      DefaultRootObject: 'index.html',
      Enabled: true,
      Logging: { Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^ConsoleAccessLogs/), 'RegionalDomainName'] }, Prefix: 'cloudfront/' },
    });
    // Error pages would apply to the API's answers too, turning a 404 problem+json into HTML.
    expect(config.CustomErrorResponses).toBeUndefined();
    for (const behavior of [config.DefaultCacheBehavior as Behavior, ...behaviors()]) {
      expect(behavior.ViewerProtocolPolicy, behavior.PathPattern ?? 'default').toBe('redirect-to-https');
    }
  });

  it('sends the route table\'s paths to the HTTP API: uncached, every method, every viewer header but Host, over TLS 1.2', () => {
    const api = behaviors().filter((b) => b.PathPattern !== '/assets/*');
    expect(api.map((b) => b.PathPattern).sort()).toEqual(apiPathPatterns(routes));
    expect(api.map((b) => b.PathPattern)).toEqual(expect.arrayContaining(['/campaigns*', '/documents*', '/verify*', '/health', '/openapi.json']));
    for (const behavior of api) {
      expect(behavior, behavior.PathPattern).toMatchObject({
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      });
      // The API sends its own headers (the verify page its security headers).
      expect(behavior.ResponseHeadersPolicyId).toBeUndefined();
      expect(originOf(behavior)).toMatchObject({
        DomainName: { 'Fn::Join': ['', [{ Ref: expect.stringMatching(/^ApiHttpApi/) }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] },
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'], OriginReadTimeout: 30 },
      });
    }
  });

  it('serves / and /assets/* from the private console bucket through origin access control, cached, index short', () => {
    const page = distributionConfig().DefaultCacheBehavior as Behavior;
    const assets = behaviors().find((b) => b.PathPattern === '/assets/*')!;
    for (const behavior of [page, assets]) {
      expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
      const origin = originOf(behavior);
      expect(origin.DomainName).toEqual({ 'Fn::GetAtt': [consoleBucketId(), 'RegionalDomainName'] });
      expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/OriginAccessControl/), 'Id'] });
    }
    expect(assets.CachePolicyId).toBe(cloudfront.CachePolicy.CACHING_OPTIMIZED.cachePolicyId);
    const pagePolicy = serviceResources[page.CachePolicyId.Ref]!.Properties.CachePolicyConfig;
    expect(pagePolicy.MaxTTL).toBeLessThanOrEqual(60);
    expect(pagePolicy.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({ EnableAcceptEncodingGzip: true, EnableAcceptEncodingBrotli: true });
    expect(headersPolicyOf(page).CustomHeadersConfig.Items).toEqual([{ Header: 'Cache-Control', Value: BROWSER_CACHE.page, Override: true }]);
    expect(headersPolicyOf(assets).CustomHeadersConfig.Items).toEqual([{ Header: 'Cache-Control', Value: BROWSER_CACHE.assets, Override: true }]);
    service.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
  });

  it('sends the page security headers with the console\'s files: CSP, HSTS, no referrer, no framing, nosniff', () => {
    for (const behavior of [distributionConfig().DefaultCacheBehavior as Behavior, behaviors().find((b) => b.PathPattern === '/assets/*')!]) {
      expect(headersPolicyOf(behavior).SecurityHeadersConfig).toEqual({
        ContentSecurityPolicy: { ContentSecurityPolicy: CONTENT_SECURITY_POLICY, Override: true },
        StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Preload: false, Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ContentTypeOptions: { Override: true },
      });
    }
  });

  it('keeps the files in an encrypted, private, TLS-only bucket with access logs, readable by this distribution only', () => {
    service.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^ConsoleAccessLogs') }, LogFilePrefix: 'console-bucket/' },
    });
    const [, policy] = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === consoleBucketId())!;
    const statements = policy.Properties.PolicyDocument.Statement as Record<string, any>[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const reads = statements.filter((st) => st.Effect === 'Allow');
    expect(reads).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      }),
    ]);
    expect(JSON.stringify(reads[0]!.Condition)).toContain('ConsoleDistribution');
    // The logs bucket takes CloudFront's ACL-delivered logs, and is private and TLS-only too.
    service.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365 })] },
    });
  });

  it('deploys the built console (web/dist) into the bucket and invalidates the edge', () => {
    const [, deployment] = ofType('Custom::CDKBucketDeployment')[0]!;
    expect(deployment.Properties).toMatchObject({
      DestinationBucketName: { Ref: consoleBucketId() },
      DistributionPaths: ['/*'],
    });
    const [zip] = deployment.Properties.SourceObjectKeys as string[];
    const staged = join(synth.assembly.directory, `asset.${zip!.replace(/\.zip$/, '')}`);
    expect(readFileSync(join(staged, 'index.html'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'web/dist/index.html'), 'utf8'));
  });

  it('is the base of every link the functions build, and is an output', () => {
    const withUrl = serviceFunctions().filter(([, fn]) => fn.Properties.Environment.Variables.PUBLIC_BASE_URL !== undefined);
    // Every handler's function and the worker; the authorizer builds no URLs.
    expect(withUrl).toHaveLength(handlers.length + 1);
    const [distributionId] = ofType('AWS::CloudFront::Distribution')[0]!;
    const consoleUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] };
    for (const [id, fn] of withUrl) expect(fn.Properties.Environment.Variables.PUBLIC_BASE_URL, id).toEqual(consoleUrl);
    service.hasOutput('ConsoleUrl', { Value: consoleUrl });
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
  // room to grow and still catches a second copy of the SDK or a stray browser bundle. Functions
  // that render (the worker, the preview route) carry fonts and pdfkit data, the docs function
  // Swagger UI's 1.9 MB of static files.
  const LIMITS = { renderer: 10 * MB, withStaticFiles: 6 * MB, http: 4 * MB };
  const FONT_FILES = Object.values(fontPaths({})).map((path) => basename(path));
  const renderingFunctions = () => serviceFunctions().filter(([, fn]) => fn.Properties.Environment.Variables.FONT_DIR !== undefined);

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
    const rows = serviceFunctions().map(([id, fn]) => {
      const dir = assetDirOf(fn);
      const code = statSync(join(dir, 'index.mjs')).size;
      const map = statSync(join(dir, 'index.mjs.map')).size;
      const total = bytesIn(dir);
      const limit = fn.Properties.Environment.Variables.FONT_DIR
        ? LIMITS.renderer
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

  it('ships the four Noto Serif faces, the sRGB profile and pdfkit data with every function that renders', () => {
    const renderers = renderingFunctions().map(([id]) => id);
    expect(renderers).toEqual(expect.arrayContaining([workerFunction()[0]]));
    // The worker, and each route whose grants say it renders (the preview).
    expect(renderers).toHaveLength(1 + new Set(routes.filter((r) => routeGrants[r.id].renderer).map((r) => r.handler)).size);
    expect(FONT_FILES).toHaveLength(4);
    for (const [id, fn] of renderingFunctions()) {
      expect(fn.Properties.Environment.Variables.FONT_DIR, id).toBe(FONT_DIR);
      const dir = assetDirOf(fn);
      for (const font of FONT_FILES) expect(existsSync(join(dir, 'fonts', font)), `${id} ${font}`).toBe(true);
      expect(existsSync(join(dir, 'data', 'sRGB_IEC61966_2_1.icc')), id).toBe(true);
      expect(existsSync(join(dir, 'data', 'Helvetica.afm')), id).toBe(true);
    }
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
