import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { routes, type RouteId } from '../../functions/http/routes.ts';
import { DOCS_ASSETS } from '../../functions/http/docs-assets.ts';
import { routeGrants } from '../route-grants.ts';
import type { DocumentObjects } from './data-store.ts';
import { RENDERER_FILES } from './renderer-files.ts';
import { ServiceFunction, type ServiceFunctionProps } from './service-function.ts';

/** One entry of the route table, with its literal id. */
type RouteEntry = (typeof routes)[number];

/**
 * Files a handler reads at run time, copied next to its bundle, and the variable that tells it
 * where they are. Swagger UI's assets for GET /docs: the names are those that
 * functions/http/handlers/docs.ts serves.
 */
const SWAGGER_UI_FILES = Object.keys(DOCS_ASSETS);
const HANDLER_FILES: Readonly<Record<string, Pick<ServiceFunctionProps, 'environment' | 'afterBundling' | 'nodeOptions'>>> = {
  docs: {
    environment: { SWAGGER_UI_DIR: '/var/task/swagger-ui' },
    afterBundling: (inputDir, outputDir) => [
      `mkdir -p "${outputDir}/swagger-ui"`,
      ...SWAGGER_UI_FILES.map((file) => `cp "${inputDir}/node_modules/swagger-ui-dist/${file}" "${outputDir}/swagger-ui/"`),
    ],
  },
};

/** Memory and timeout of an HTTP function unless `routeGrants` says otherwise. */
export const HTTP_FUNCTION_DEFAULTS = { memorySize: 256, timeoutSeconds: 10 } as const;

/**
 * No caching and no identity source: with an identity source API Gateway itself answers a request
 * without the header (401) or one the authorizer denies (403) with its own `{"message":…}` body,
 * and the contract wants every 4xx as problem+json. So the authorizer never denies: it passes the
 * principal it found (or none), and the route's middleware answers 401/403 as problem+json. A
 * revoked key is refused from the next request on.
 */
export const AUTHORIZER_CACHE = Duration.seconds(0);

/**
 * One JSON object per request. HTTP APIs have their own context variables (REST's
 * `jsonWithStandardFields` names some that HTTP APIs lack), hence a custom format.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  keyId: '$context.authorizer.keyId',
};

export type CongressApiProps = {
  readonly table: dynamodb.ITable;
  readonly documents: DocumentObjects;
  readonly renderQueue: sqs.IQueue;
  readonly cursorSecret: secretsmanager.ISecret;
  readonly serviceName: string;
  readonly logRetention: logs.RetentionDays;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
};

/**
 * The HTTP API, generated from the route table `functions/http/routes.ts`: for each route, one
 * API Gateway route with the same method and path and a Lambda function built from its handler
 * (`functions/http/handlers/<handler>.ts`; routes that name the same handler share it), bound to
 * exactly the resources `routeGrants` lists for it. Every route whose access is not `public`
 * sits behind the key authorizer.
 *
 * No CORS: browsers reach it through the console's CloudFront domain (`ConsoleSite`), where the
 * console and the API share one origin; the CLI and server-side tools need none.
 */
export class CongressApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly authorizerFunction: ServiceFunction;
  readonly routeFunctions: ReadonlyMap<RouteId, ServiceFunction>;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: CongressApiProps) {
    super(scope, id);

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'congress-docs: Party congress submissions to official documents',
      // Our own $default stage below, to give it throttling and access logs.
      createDefaultStage: false,
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const functionDefaults = { serviceName: props.serviceName, logRetention: props.logRetention };

    this.authorizerFunction = new ServiceFunction(this, 'KeyAuthorizer', {
      ...functionDefaults,
      entry: 'functions/http/authorizer.ts',
      description: 'congress-docs key authorizer: Bearer key to {keyId, role, campaignId, organizationId}',
      memorySize: HTTP_FUNCTION_DEFAULTS.memorySize,
      timeout: Duration.seconds(HTTP_FUNCTION_DEFAULTS.timeoutSeconds),
    }).bindTable(props.table, 'read');

    // Simple responses and a cache keyed on the Authorization header only: the authorizer says
    // who the key is, never whether this route is allowed (a cached answer is reused on every
    // route); the handlers check the role. A revoked key keeps working for up to the cache TTL.
    const authorizer = new HttpLambdaAuthorizer('KeyAuthorizer', this.authorizerFunction.function, {
      authorizerName: 'bearer-key',
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: [],
      resultsCacheTtl: AUTHORIZER_CACHE,
    });

    // One function per handler: routes that share a handler (GET /docs and GET /docs/{asset})
    // share its function, and must then share its grants.
    const routeFunctions = new Map<RouteId, ServiceFunction>();
    for (const handlerRoutes of groupByHandler(routes)) {
      const fn = this.handlerFunction(handlerRoutes, props, functionDefaults);
      for (const route of handlerRoutes) {
        routeFunctions.set(route.id, fn);
        const [httpRoute] = this.httpApi.addRoutes({
          path: 'gatewayPath' in route ? route.gatewayPath : route.path,
          methods: [apigw.HttpMethod[route.method]],
          integration: new HttpLambdaIntegration(`${route.id}Integration`, fn.function),
          authorizer: route.access === 'public' ? new apigw.HttpNoneAuthorizer() : authorizer,
        });
        if (route.access === 'public' && httpRoute) {
          Validations.of(httpRoute).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `${route.method} ${route.path} is public by design (access "public" in functions/http/routes.ts; CONTRACT.md section 2): ${route.summary}.`,
          });
        }
      }
    }
    this.routeFunctions = routeFunctions;
  }

  /** The API's base URL, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com (no trailing slash). */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }

  /**
   * PUBLIC_BASE_URL of every route's function: the base of the links they build (verification
   * links, a submitter's sign-in link). Set after construction: the URL is usually the console's
   * distribution, which itself needs this API as an origin.
   */
  usePublicBaseUrl(url: string): void {
    for (const fn of new Set(this.routeFunctions.values())) fn.function.addEnvironment('PUBLIC_BASE_URL', url);
  }

  /** The function of one handler, bound to the resources its routes' grants list. */
  private handlerFunction(
    handlerRoutes: readonly [RouteEntry, ...RouteEntry[]],
    props: CongressApiProps,
    defaults: { serviceName: string; logRetention: logs.RetentionDays },
  ): ServiceFunction {
    const [first] = handlerRoutes;
    const grants = routeGrants[first.id];
    for (const other of handlerRoutes.slice(1)) {
      if (JSON.stringify(routeGrants[other.id]) !== JSON.stringify(grants)) {
        throw new Error(`Routes ${first.id} and ${other.id} share the handler ${first.handler} but not their grants (infra/route-grants.ts)`);
      }
    }
    const files = grants.renderer ? RENDERER_FILES : HANDLER_FILES[first.handler];
    const fn = new ServiceFunction(this, first.id, {
      ...defaults,
      entry: `functions/http/handlers/${first.handler}.ts`,
      description: `congress-docs ${handlerRoutes.map((r) => `${r.method} ${r.path}`).join(', ')}: ${first.summary}`,
      memorySize: grants.memorySize ?? HTTP_FUNCTION_DEFAULTS.memorySize,
      timeout: Duration.seconds(grants.timeoutSeconds ?? HTTP_FUNCTION_DEFAULTS.timeoutSeconds),
      ...files,
    });
    fn.bindTable(props.table, grants.table);
    if (grants.healthCheck) fn.bindHealthCheck(props.table, props.documents);
    const objects = { pdfs: grants.documents, inputs: grants.inputs, prepared: grants.prepared };
    if (Object.values(objects).some(Boolean)) fn.bindDocuments(props.documents, objects);
    if (grants.renderQueue === 'send') fn.bindRenderQueue(props.renderQueue);
    if (grants.cursorSecret) fn.bindCursorSecret(props.cursorSecret);
    return fn;
  }
}

/** The route table's entries grouped by handler, in table order. */
function groupByHandler(entries: readonly RouteEntry[]): [RouteEntry, ...RouteEntry[]][] {
  const groups = new Map<string, [RouteEntry, ...RouteEntry[]]>();
  for (const entry of entries) {
    const group = groups.get(entry.handler);
    if (group) group.push(entry);
    else groups.set(entry.handler, [entry]);
  }
  return [...groups.values()];
}
