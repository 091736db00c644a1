/**
 * Deployment settings from CDK context, and the route → grants map. These synthesize without
 * bundling (seconds), since they look only at the templates.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes.ts';
import { routeGrants } from '../../infra/route-grants.ts';
import { readSettings } from '../../infra/settings.ts';
import { cdkJsonContext, synthesize } from './synth.ts';

type Fn = { Properties: { Description: string; Environment: { Variables: Record<string, unknown> } } };

describe('route grants map', () => {
  it('has one entry per route of the route table, and no other', () => {
    expect(Object.keys(routeGrants).sort()).toEqual(routes.map((r) => r.id).sort());
  });

  it('lets no GET route write, and every other method write', () => {
    for (const route of routes) {
      const { table } = routeGrants[route.id];
      if (route.method === 'GET') expect(['none', 'read'], route.id).toContain(table);
      else expect(table, route.id).toBe('write');
    }
  });

  it('gives public routes at most read access, and bucket, queue and cursor access only where needed', () => {
    for (const route of routes.filter((r) => r.access === 'public')) {
      expect(routeGrants[route.id]).toMatchObject({ table: expect.stringMatching(/^(none|read)$/) });
    }
    const holders = (key: 'documents' | 'renderQueue' | 'cursorSecret') =>
      routes.filter((r) => routeGrants[r.id][key] !== undefined).map((r) => r.id);
    expect(holders('documents')).toEqual(['getDocumentPdf']);
    expect(holders('renderQueue')).toEqual(['createDocument']);
    expect(holders('cursorSecret').sort()).toEqual(['listDocuments', 'listKeys', 'listOrganizations', 'listSubmissions']);
  });
});

describe('settings from context', () => {
  it('defaults: no public base URL, no alarm topic, 30-day logs, 50/100 throttling', () => {
    const settings = readSettings(new App({ context: cdkJsonContext }).node);
    expect(settings).toMatchObject({
      publicBaseUrl: '',
      alarmTopicArn: '',
      logRetention: 30,
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
  });

  it('rejects a base URL that is not https, and a retention CloudWatch does not offer', () => {
    expect(() => readSettings(new App({ context: { publicBaseUrl: 'http://x.example' } }).node)).toThrow(/https/);
    expect(() => readSettings(new App({ context: { logRetentionDays: 31 } }).node)).toThrow(/retention/);
  });

  it('passes publicBaseUrl to every function and wires alarms to the given topic', () => {
    const topic = 'arn:aws:sns:ap-southeast-1:123456789012:congress-docs-alarms';
    const { stateless } = synthesize({
      bundle: false,
      context: { publicBaseUrl: 'https://docs.example.vn/', alarmTopicArn: topic, throttleRate: 20 },
    });
    const template = Template.fromStack(stateless);
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
