import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '#http/openapi.ts';
import { routes } from '#http/routes.ts';

type Operation = {
  operationId: string;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
};
type Doc = {
  openapi: string;
  servers?: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>; securitySchemes: Record<string, unknown> };
};

const doc = buildOpenApi() as Doc;
const op = (id: string): Operation => {
  const r = routes.find((x) => x.id === id)!;
  return doc.paths[r.path]![r.method.toLowerCase()]!;
};

describe('buildOpenApi', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const v = new Validator();
    const res = await v.validate(structuredClone(doc));
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('is built once (cached)', () => {
    expect(buildOpenApi()).toBe(doc);
    const withServer = buildOpenApi({ serverUrl: 'http://127.0.0.1:3000' }) as Doc;
    expect(withServer.servers).toEqual([{ url: 'http://127.0.0.1:3000' }]);
    expect(buildOpenApi({ serverUrl: 'http://127.0.0.1:3000' })).toBe(withServer);
  });

  it('lists every route of the route table with its method, operationId and path parameters', () => {
    for (const r of routes) {
      const o = doc.paths[r.path]?.[r.method.toLowerCase()];
      expect(o, `${r.method} ${r.path}`).toBeDefined();
      expect(o!.operationId).toBe(r.id);
      for (const [, name] of r.path.matchAll(/\{([^}]+)\}/g)) {
        expect(o!.parameters).toContainEqual(expect.objectContaining({ name, in: 'path', required: true }));
      }
    }
    const count = Object.values(doc.paths).reduce((n, p) => n + Object.keys(p).length, 0);
    expect(count).toBe(routes.length);
  });

  it('applies the bearer scheme to every non-public route and only there', () => {
    expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    for (const r of routes) {
      const o = op(r.id);
      if (r.access === 'public') {
        expect(o.security, r.id).toEqual([]);
        expect(o.responses['401'], r.id).toBeUndefined();
      } else {
        expect(o.security, r.id).toEqual([{ bearer: [] }]);
        expect(o.responses['401'], r.id).toBeDefined();
      }
    }
  });

  it('describes the submission request body from the zod schema', () => {
    const body = op('createSubmission').requestBody!.content['application/json']!.schema;
    expect(body.$ref).toBe('#/components/schemas/SubmissionInput');
    const s = doc.components.schemas.SubmissionInput!;
    expect(s.required).toEqual(['organizationId', 'congress', 'secretary']);
    expect(Object.keys(s.properties!)).toEqual(
      expect.arrayContaining(['organizationId', 'congress', 'secretary', 'committeeSize', 'recommendations']),
    );
    expect(doc.components.schemas.Submission!.required).toEqual(expect.arrayContaining(['id', 'version', 'receivedAt']));
    expect(doc.components.schemas.DocumentRequest!.properties).toHaveProperty('signer');
  });

  it('takes CSV for the import and answers a result per row', () => {
    const o = op('importSubmissions');
    expect(Object.keys(o.requestBody!.content)).toEqual(['text/csv']);
    expect(o.responses['200']!.content).toHaveProperty('application/json');
  });

  it('names query parameters and the contract answers', () => {
    const names = (id: string) => op(id).parameters!.filter((p) => p.in === 'query').map((p) => p.name);
    expect(names('listOrganizations')).toEqual(['level', 'state', 'cursor', 'limit']);
    expect(names('listSubmissions')).toEqual(['organizationId', 'cursor', 'limit']);
    expect(names('getStats')).toEqual(['asOf']);
    expect(names('verifyDocument')).toEqual(['sha256']);
    expect(op('createDocument').responses['202']!.headers).toHaveProperty('Location');
    expect(op('getDocumentPdf').responses['302']!.headers).toHaveProperty('Location');
    expect(op('getDocumentPdf').responses['409']!.content).toHaveProperty('application/problem+json');
    expect(Object.keys(op('putCampaign').responses)).toEqual(expect.arrayContaining(['200', '201', '400', '413', '415']));
    expect(op('createKey').responses['201']).toBeDefined();
    expect(op('createSubmission').parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    expect(op('createSubmission').responses['400']!.content).toHaveProperty('application/problem+json');
  });
});
