/**
 * Deployment settings from CDK context, the route → grants map, and how CloudFront splits the
 * console's domain between the files and the API. These synthesize without bundling (seconds),
 * since they look only at the templates.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes.ts';
import { CONTENT_SECURITY_POLICY, HSTS } from '../../functions/http/security-headers.ts';
import { apiPathPatterns, securityHeadersBehavior } from '../../infra/constructs/console-site.ts';
import { routeGrants, type RouteGrants } from '../../infra/route-grants.ts';
import { readSettings } from '../../infra/settings.ts';
import { cdkJsonContext, synthesize } from './synth.ts';

type Fn = { Properties: { Description: string; Environment: { Variables: Record<string, unknown> } } };

describe('route grants map', () => {
  it('has one entry per route of the route table, and no other', () => {
    expect(Object.keys(routeGrants).sort()).toEqual(routes.map((r) => r.id).sort());
  });

  it('lets no GET route write, and every other method write, but the preview', () => {
    // The preview stores nothing and takes no number (CONTRACT §2): it only reads.
    const STORES_NOTHING = new Set(['previewDocument']);
    for (const route of routes) {
      const { table } = routeGrants[route.id];
      if (route.method === 'GET' || STORES_NOTHING.has(route.id)) expect(['none', 'read'], route.id).toContain(table);
      else expect(table, route.id).toBe('write');
    }
  });

  it('gives public routes at most read access, and bucket, queue, cursor, health and renderer access only where needed', () => {
    for (const route of routes.filter((r) => r.access === 'public')) {
      expect(routeGrants[route.id], route.id).toMatchObject({ table: expect.stringMatching(/^(none|read)$/) });
      expect(routeGrants[route.id].documents, route.id).toBeUndefined();
      expect(routeGrants[route.id].inputs, route.id).toBeUndefined();
    }
    // What each grant is for (CONTRACT §2, issues 11 and 14), by route id; routes the table does
    // not have yet are left out (the first test holds the map to the table).
    const expected: Record<Exclude<keyof RouteGrants, 'table' | 'memorySize' | 'timeoutSeconds'>, Record<string, unknown>> = {
      // Presign a download; the signature steps read the latest file and write the signed one.
      documents: { getDocumentPdf: 'read', prepareSignature: 'read', completeSignature: 'write' },
      // The file prepared for the person's signature, written apart and read back to complete it.
      prepared: { prepareSignature: 'write', completeSignature: 'read' },
      // Ordering freezes the inputs; the signature steps read the steps the document was ordered
      // with (the worker reads them too). test/support/route-grants-guard.ts holds every route to this.
      inputs: { createDocument: 'write', prepareSignature: 'read', completeSignature: 'read' },
      // Ordering, and the person's signature (the worker then applies the organization's).
      renderQueue: { createDocument: 'send', completeSignature: 'send' },
      // Lists sign their cursors with it; the signature steps seal the signing session with it.
      cursorSecret: {
        listCampaigns: true,
        listDocuments: true,
        listKeys: true,
        listOrganizations: true,
        listSubmissions: true,
        prepareSignature: true,
        completeSignature: true,
      },
      healthCheck: { health: true },
      renderer: { previewDocument: true },
    };
    const present = new Set<string>(routes.map((r) => r.id));
    for (const [grant, holders] of Object.entries(expected) as [keyof RouteGrants, Record<string, unknown>][]) {
      const actual = Object.fromEntries(routes.filter((r) => routeGrants[r.id][grant] !== undefined).map((r) => [r.id, routeGrants[r.id][grant]]));
      const wanted = Object.fromEntries(Object.entries(holders).filter(([id]) => present.has(id)));
      expect(actual, grant).toEqual(wanted);
    }
  });

  it('renders previews in a function sized for it, within API Gateway\'s 29 s', () => {
    for (const route of routes.filter((r) => routeGrants[r.id].renderer)) {
      expect(routeGrants[route.id].memorySize, route.id).toBeGreaterThanOrEqual(1024);
      expect(routeGrants[route.id].timeoutSeconds, route.id).toBe(29);
    }
  });
});

describe('the console\'s API paths on CloudFront', () => {
  it('are the first segments of the route table: exact for whole paths, prefixes for deeper ones', () => {
    expect(
      apiPathPatterns([
        { path: '/me' },
        { path: '/campaigns' },
        { path: '/campaigns/{campaignId}' },
        { path: '/documents/{documentId}:recall' },
        { path: '/openapi.json' },
      ]),
    ).toEqual(['/campaigns*', '/documents*', '/me', '/openapi.json']);
  });

  it('send every route of the table to the API, and none of the console\'s files', () => {
    const patterns = apiPathPatterns(routes).map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
    const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'x1');
    for (const route of routes) expect(patterns.some((p) => p.test(concrete(route.path))), route.path).toBe(true);
    for (const file of ['/', '/index.html', '/assets/app.js', '/assets/verify.js']) {
      expect(patterns.some((p) => p.test(file)), file).toBe(false);
    }
  });

  it('refuse a route that would take the console\'s files or has no literal first segment', () => {
    expect(() => apiPathPatterns([{ path: '/assets/{file}' }])).toThrow(/collides/);
    expect(() => apiPathPatterns([{ path: '/{id}' }])).toThrow(/literal segment/);
  });

  it('carry the page security headers of functions/http/security-headers.ts, and no header CloudFront cannot set', () => {
    const behavior = securityHeadersBehavior();
    expect(behavior.contentSecurityPolicy?.contentSecurityPolicy).toBe(CONTENT_SECURITY_POLICY);
    expect(behavior.contentSecurityPolicy?.contentSecurityPolicy).toContain("frame-ancestors 'none'");
    expect(behavior.strictTransportSecurity?.accessControlMaxAge.toSeconds()).toBe(Number(/max-age=(\d+)/.exec(HSTS)![1]));
    expect(behavior.strictTransportSecurity?.includeSubdomains).toBe(true);
    expect(behavior.referrerPolicy?.referrerPolicy).toBe('no-referrer');
    expect(behavior.contentTypeOptions?.override).toBe(true);
    expect(behavior.frameOptions?.frameOption).toBe('DENY');
    expect(() => securityHeadersBehavior({ 'permissions-policy': 'camera=()' })).toThrow(/permissions-policy/);
  });
});

describe('settings from context', () => {
  it('defaults: no public base URL, no alarm topic, 30-day logs, 50/100 throttling, web/dist, a created certificate secret', () => {
    const settings = readSettings(new App({ context: cdkJsonContext }).node);
    expect(settings).toMatchObject({
      publicBaseUrl: '',
      alarmTopicArn: '',
      logRetention: 30,
      throttle: { rateLimit: 50, burstLimit: 100 },
      consoleDir: 'web/dist',
      signingCertificateSecretArn: '',
    });
  });

  it('rejects a base URL that is not https, a retention CloudWatch does not offer, and a secret that is not an ARN', () => {
    expect(() => readSettings(new App({ context: { publicBaseUrl: 'http://x.example' } }).node)).toThrow(/https/);
    expect(() => readSettings(new App({ context: { logRetentionDays: 31 } }).node)).toThrow(/retention/);
    expect(() => readSettings(new App({ context: { signingCertificateSecretArn: 'my-chain' } }).node)).toThrow(/secret ARN/);
  });

  it('refuses to synthesize without the built console, and says how to build it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'congress-docs-no-console-'));
    expect(() => synthesize({ bundle: false, context: { consoleDir: empty } })).toThrow(/npm run build:web/);
  });

  it('passes publicBaseUrl to every function, wires alarms to the given topic, and uses the given certificate secret', () => {
    const topic = 'arn:aws:sns:ap-southeast-1:123456789012:congress-docs-alarms';
    const chain = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:committee-chain-AbCdEf';
    const { stateful, stateless } = synthesize({
      bundle: false,
      context: { publicBaseUrl: 'https://docs.example.vn/', alarmTopicArn: topic, throttleRate: 20, signingCertificateSecretArn: chain },
    });
    const template = Template.fromStack(stateless);
    const data = Template.fromStack(stateful);
    data.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(Object.keys(data.findOutputs('SigningCertificateSecretArn'))).toEqual([]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SIGNING_CERTIFICATE_SECRET: chain }) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: chain }]) },
    });
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as Fn[];
    const withBaseUrl = functions.filter((f) => f.Properties.Environment.Variables.PUBLIC_BASE_URL === 'https://docs.example.vn');
    // Every handler's function and the worker; the authorizer builds no URLs.
    expect(withBaseUrl).toHaveLength(new Set(routes.map((r) => r.handler)).size + 1);
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([topic]);
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: 20 } });
  });
});
