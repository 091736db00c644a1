import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { Route } from '../../functions/http/routes.ts';
import { PAGE_SECURITY_HEADERS } from '../../functions/http/security-headers.ts';
import { accessLogBucket } from './data-store.ts';
import { wildcardResourceFinding } from './nag-findings.ts';
import { REPO_ROOT } from './service-function.ts';

/** The command that builds the console into web/dist (package.json; `npm ci` runs it too). */
export const BUILD_CONSOLE_COMMAND = 'npm run build:web';

/**
 * How long a browser keeps the console's files. The file names are not content-hashed (the verify
 * page of the API links `/assets/verify.js` by name), so browsers keep them briefly: the page a
 * minute, the scripts, styles and fonts five minutes. The edge keeps them until the next deploy,
 * which invalidates them.
 */
export const BROWSER_CACHE = { page: 'public, max-age=60', assets: 'public, max-age=300' } as const;

/**
 * The CloudFront path patterns that go to the API: one per first segment of the route table's
 * paths. A segment that is only ever a whole path (`/me`, `/health`, `/openapi.json`) is matched
 * exactly; one with deeper paths or `:action` suffixes (`/campaigns/{id}`, `/documents/{id}:recall`)
 * as a prefix, `/campaigns*`. Everything else (`/`, `/index.html`, `/assets/*`) is the console.
 */
export function apiPathPatterns(routes: readonly Pick<Route, 'path'>[]): string[] {
  const bySegment = new Map<string, boolean>();
  for (const { path } of routes) {
    const segment = /^\/([^/{}:]+)/.exec(path)?.[1];
    if (!segment) throw new Error(`Route path ${path} does not start with a literal segment; CloudFront cannot route it to the API`);
    const exact = path === `/${segment}`;
    bySegment.set(segment, (bySegment.get(segment) ?? true) && exact);
  }
  const patterns = [...bySegment].map(([segment, exactOnly]) => (exactOnly ? `/${segment}` : `/${segment}*`));
  for (const pattern of patterns) {
    if (pattern === '/assets*' || pattern === '/index.html') throw new Error(`API path ${pattern} collides with the console's files`);
  }
  return patterns.sort();
}

/**
 * The security headers of `functions/http/security-headers.ts` (the same values the local host
 * and the verify page send) as CloudFront's response headers policy wants them. A header there
 * that CloudFront's security set cannot carry is an error at synth, not a silent omission.
 */
export function securityHeadersBehavior(headers: Readonly<Record<string, string>> = PAGE_SECURITY_HEADERS): cloudfront.ResponseSecurityHeadersBehavior {
  const behavior: { -readonly [K in keyof cloudfront.ResponseSecurityHeadersBehavior]: cloudfront.ResponseSecurityHeadersBehavior[K] } = {};
  for (const [name, value] of Object.entries(headers)) {
    switch (name.toLowerCase()) {
      case 'content-security-policy':
        behavior.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case 'strict-transport-security':
        behavior.strictTransportSecurity = { ...parseHsts(value), override: true };
        break;
      case 'referrer-policy':
        behavior.referrerPolicy = { referrerPolicy: enumValue(cloudfront.HeadersReferrerPolicy, value, name), override: true };
        break;
      case 'x-content-type-options':
        if (value !== 'nosniff') throw new Error(`x-content-type-options must be nosniff, got ${value}`);
        behavior.contentTypeOptions = { override: true };
        break;
      case 'x-frame-options':
        behavior.frameOptions = { frameOption: enumValue(cloudfront.HeadersFrameOption, value, name), override: true };
        break;
      default:
        throw new Error(`Security header ${name} has no place in CloudFront's response headers policy (infra/constructs/console-site.ts)`);
    }
  }
  return behavior;
}

function parseHsts(value: string): Omit<cloudfront.ResponseHeadersStrictTransportSecurity, 'override'> {
  const maxAge = /max-age=(\d+)/i.exec(value)?.[1];
  if (!maxAge) throw new Error(`strict-transport-security without max-age: ${value}`);
  return {
    accessControlMaxAge: Duration.seconds(Number(maxAge)),
    includeSubdomains: /includeSubDomains/i.test(value),
    preload: /preload/i.test(value),
  };
}

function enumValue<T extends Record<string, string>>(values: T, value: string, header: string): T[keyof T] {
  const found = Object.values(values).find((v) => v.toLowerCase() === value.toLowerCase());
  if (!found) throw new Error(`${header}: CloudFront offers no value ${value}`);
  return found as T[keyof T];
}

export type ConsoleSiteProps = {
  readonly httpApi: apigw.IHttpApi;
  /** The route table: its paths decide what CloudFront sends to the API. */
  readonly routes: readonly Pick<Route, 'path'>[];
  /** The built console, relative to the repository root (or absolute). */
  readonly consoleDir: string;
  readonly logRetention: logs.RetentionDays;
};

/**
 * The web console on one CloudFront domain with the API: the built files from a private S3
 * bucket (origin access control), and the API's paths (from the route table) to the HTTP API,
 * uncached, every method, every viewer header but Host. One origin for the browser, so no CORS.
 *
 * No custom error responses: they apply to every origin, and would turn the API's own 404
 * problem+json into an HTML page. The console routes by the URL fragment, so it needs none.
 */
export class ConsoleSite extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly bucket: s3.Bucket;
  readonly logs: s3.Bucket;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    const filesDir = isAbsolute(props.consoleDir) ? props.consoleDir : join(REPO_ROOT, props.consoleDir);
    if (!existsSync(join(filesDir, 'index.html'))) {
      throw new Error(`The console is not built: ${join(filesDir, 'index.html')} is missing. Run \`${BUILD_CONSOLE_COMMAND}\` first (npm ci does it).`);
    }

    // One bucket for the access logs of the console bucket and of the distribution, whose
    // standard logs come with an ACL (hence BUCKET_OWNER_PREFERRED).
    this.logs = accessLogBucket(this, 'AccessLogs', s3.ObjectOwnership.BUCKET_OWNER_PREFERRED);

    // Files that any deployment rebuilds: not versioned. RETAIN only because CloudFormation
    // cannot delete a bucket that holds files (infra/README.md: removing it).
    this.bucket = new s3.Bucket(this, 'Files', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'console-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const files = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    const api = new origins.HttpOrigin(`${props.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      // Above the longest function timeout (29 s), so the API's own answer always comes back.
      readTimeout: Duration.seconds(30),
    });

    const securityHeaders = securityHeadersBehavior();
    const filesHeaders = (name: string, cacheControl: string) =>
      new cloudfront.ResponseHeadersPolicy(this, name, {
        comment: `congress-docs console: security headers, Cache-Control ${cacheControl}`,
        securityHeadersBehavior: securityHeaders,
        customHeadersBehavior: { customHeaders: [{ header: 'Cache-Control', value: cacheControl, override: true }] },
      });
    const pageCache = new cloudfront.CachePolicy(this, 'PageCache', {
      comment: 'congress-docs console page: a minute at the edge between deploys',
      defaultTtl: Duration.minutes(1),
      maxTtl: Duration.minutes(1),
      minTtl: Duration.seconds(0),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: api,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // Every viewer header (Authorization, Idempotency-Key, Accept…), query string and body, but
      // not Host: API Gateway answers only to its own host name. With caching disabled CloudFront
      // forwards Authorization under this policy (AWS knowledge center, "cloudfront-authorization-header").
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      // No response headers policy: the API sends its own (the verify page its security headers;
      // Swagger UI at /docs has an inline script that the console's CSP would forbid).
    };

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'congress-docs: the web console and the API on one domain',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: files,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: pageCache,
        responseHeadersPolicy: filesHeaders('PageHeaders', BROWSER_CACHE.page),
      },
      additionalBehaviors: {
        '/assets/*': {
          origin: files,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: filesHeaders('AssetHeaders', BROWSER_CACHE.assets),
        },
        ...Object.fromEntries(apiPathPatterns(props.routes).map((pattern) => [pattern, apiBehavior])),
      },
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'No geo restriction: officials travel, and a document\'s QR code must verify wherever the paper goes.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'No WAF: a web ACL costs money at rest; the files are public by design and every API route is throttled at the stage and needs a key but /health, /openapi.json, /docs and /verify.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'The distribution uses CloudFront\'s default *.cloudfront.net certificate, with which CloudFront itself fixes the viewer protocols; a TLSv1.2_2021 minimum needs a custom domain and its ACM certificate, which this app does not configure.',
      },
    );

    this.deployFiles(filesDir, props.logRetention);
  }

  /** `https://dxxxx.cloudfront.net`: where users open the console, and the base of every verification link. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Copies the built console into the bucket on every deploy and invalidates the edge's copies.
   * CDK's BucketDeployment runs the AWS CLI in a Lambda function: given its own role and log
   * group here (the default role carries an AWS-managed policy with logs on every log group).
   */
  private deployFiles(filesDir: string, logRetention: logs.RetentionDays): void {
    const role = new iam.Role(this, 'DeployRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Role of the congress-docs console deployment ${this.node.path}`,
    });
    const logGroup = new logs.LogGroup(this, 'DeployLogs', { retention: logRetention, removalPolicy: RemovalPolicy.DESTROY });
    logGroup.grantWrite(role);

    const files = new s3assets.Asset(this, 'BuiltFiles', { path: filesDir });
    new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [s3deploy.Source.bucket(files.bucket, files.s3ObjectKey)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      role,
      logGroup,
      memoryLimit: 256,
    });
    // What CDK's BucketDeployment grants its function, acknowledged one by one: it reads the zip
    // (GetObject*, GetBucket*, List*) and syncs the console bucket (DeleteObject*, Abort*).
    const deployActions = ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'];
    Validations.of(role).acknowledge(
      ...deployActions.map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `CDK's BucketDeployment grants ${action} on the CDK asset bucket (its source zip) and the console bucket only, to run aws s3 sync.`,
      })),
      {
        id: wildcardResourceFinding(this, files.bucket.arnForObjects('*')),
        reason: "CDK's BucketDeployment reads the console's zip from the CDK asset bucket; it grants on every key there.",
      },
      {
        id: wildcardResourceFinding(this, this.bucket.arnForObjects('*')),
        reason: 'The console bucket\'s files: every deploy replaces them (aws s3 sync --delete).',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'CDK\'s BucketDeployment grants cloudfront:CreateInvalidation and cloudfront:GetInvalidation on "*"; it invalidates this distribution only, and test/infra checks that nothing else is granted on "*".',
      },
    );
    // CDK's own provider function (Python, its runtime chosen by aws-cdk-lib), one per stack.
    const provider = Stack.of(this).node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (provider) {
      Validations.of(provider).acknowledge({
        id: 'AwsSolutions-L1',
        reason: "The runtime of CDK's BucketDeployment function is aws-cdk-lib's choice, updated with aws-cdk-lib; it runs only during a deploy.",
      });
    }
  }
}
