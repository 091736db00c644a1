import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it, vi } from 'vitest';

// Routes the document has no details for still appear, with path parameters and security.
vi.mock('#http/routes.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('#http/routes.ts')>();
  return {
    ...original,
    routes: [
      ...original.routes,
      { id: 'docs', method: 'GET', path: '/docs', handler: 'docs', access: 'public', summary: 'The API, browsable' },
      { id: 'archiveThing', method: 'POST', path: '/things/{thingId}/archive', handler: 'archive', access: 'secretariat', summary: 'A later route' },
    ],
  };
});

const { buildOpenApi } = await import('#http/openapi.ts');

describe('buildOpenApi with routes added later', () => {
  it('describes them generically and stays valid', async () => {
    const doc = buildOpenApi() as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const docs = doc.paths['/docs']!.get!;
    expect(docs.operationId).toBe('docs');
    expect(docs.security).toEqual([]);
    expect(docs.responses).toHaveProperty(['200', 'content', 'text/html']);
    const later = doc.paths['/things/{thingId}/archive']!.post!;
    expect(later.operationId).toBe('archiveThing');
    expect(later.security).toEqual([{ bearer: [] }]);
    expect(later.parameters).toContainEqual(expect.objectContaining({ name: 'thingId', in: 'path', required: true }));
    const res = await new Validator().validate(structuredClone(doc));
    expect(res.valid).toBe(true);
  });
});
