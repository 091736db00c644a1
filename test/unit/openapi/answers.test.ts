import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  answerSchemas,
  documentAnswer,
  fieldErrorAnswer,
  signatureAnswer,
  type CampaignAnswer,
  type FieldErrorAnswer,
  type StatsAnswer,
  type SubmissionAnswer,
} from '#core/answers.ts';
import type { FieldError } from '#core/errors.ts';
import type { Campaign, SignatureRecord, Stats, Submission } from '#core/model.ts';
import { buildOpenApi } from '#http/openapi.ts';
import { routes } from '#http/routes.ts';

type Content = Record<string, { schema: Record<string, unknown> }>;
type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Content }> }>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};
const doc = buildOpenApi() as Doc;
const JSON_TYPES = ['application/json', 'application/problem+json'];

/** Each assignable to the other, with the same top-level keys (so an optional field added on one side only counts). */
type SameFields<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;

describe('the answer schemas', () => {
  it('are the types of what the core records (checked by tsc: a field added on one side only does not compile)', () => {
    expectTypeOf<Stats>().toEqualTypeOf<StatsAnswer>();
    // Campaign is an Omit<…> & {…} intersection: the same fields, which toEqualTypeOf tells apart from one object.
    expectTypeOf<SameFields<Campaign, CampaignAnswer>>().toEqualTypeOf<true>();
    expectTypeOf<Omit<Submission, 'submittedBy'>>().toEqualTypeOf<SubmissionAnswer>();
    expectTypeOf<SignatureRecord>().toEqualTypeOf<z.output<typeof signatureAnswer>>();
    expectTypeOf<FieldError>().toEqualTypeOf<FieldErrorAnswer>();
  });

  it('document every JSON answer of every route by a reference to a registered answer, none by hand', () => {
    const registered = new Set(Object.keys(z.toJSONSchema(answerSchemas, { io: 'output', unrepresentable: 'any' }).schemas));
    let checked = 0;
    for (const r of routes) {
      const responses = doc.paths[r.path]![r.method.toLowerCase()]!.responses;
      for (const [status, { content = {} }] of Object.entries(responses)) {
        for (const [type, { schema }] of Object.entries(content)) {
          if (!JSON_TYPES.includes(type) || r.id === 'openapi') continue;
          const name = String(schema.$ref ?? '').replace('#/components/schemas/', '');
          expect(registered.has(name), `${r.id} ${status} ${type}: ${JSON.stringify(schema)}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(routes.length * 3);
  });

  it('are the components, generated as zod writes them (io output: defaults filled in, objects closed)', () => {
    const Document = doc.components.schemas.Document!;
    const generated = z.toJSONSchema(documentAnswer, { io: 'output' }) as Record<string, unknown>;
    expect(Object.keys(Document.properties as object)).toEqual(Object.keys(generated.properties as object));
    expect(Document.additionalProperties).toBe(false);
    expect((Document.properties as Record<string, { enum?: string[] }>).status!.enum).toEqual(['queued', 'rendering', 'ready', 'failed', 'recalled']);
    expect(Document.required).toEqual(['id', 'campaignId', 'type', 'status', 'number', 'issuedOn', 'asOf', 'createdAt']);
    // Defaults of the request are always present in the answer.
    expect(doc.components.schemas.Campaign!.required).toEqual(expect.arrayContaining(['targets', 'lastNumbers', 'signatures', 'id', 'createdAt']));
    expect(doc.components.schemas.Submission!.required).toEqual(['organizationId', 'congress', 'secretary', 'id', 'campaignId', 'version', 'receivedAt']);
    expect(doc.components.schemas.Problem!.properties).toHaveProperty('errors.items.$ref', '#/components/schemas/FieldError');
    const codes = (z.toJSONSchema(fieldErrorAnswer) as unknown as { properties: { code: { enum: string[] } } }).properties.code.enum;
    expect(codes).toEqual(expect.arrayContaining(['required', 'exceeds', 'date_in_future', 'unknown_organization', 'invalid']));
  });

  it('describe the answers this turn added: organizations with their state, verify without a digest, signatures, a POST’s 409 with Retry-After', () => {
    const op = (id: string) => {
      const r = routes.find((x) => x.id === id)!;
      return doc.paths[r.path]![r.method.toLowerCase()]! as { responses: Record<string, { content?: Content; headers?: object }>; parameters?: { name: string; required?: boolean }[] };
    };
    expect(op('listOrganizations').responses['200']!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/OrganizationPage' });
    expect(doc.components.schemas.Organization!.properties).toHaveProperty('state.enum', ['reported', 'pending', 'late']);
    expect(op('verifyDocument').parameters!.find((p) => p.name === 'sha256')!.required).toBeUndefined();
    expect(Object.keys(op('verifyDocument').responses['200']!.content!)).toEqual(['application/json', 'text/html']);
    expect(Object.keys(op('exportSubmissions').responses['200']!.content!)).toEqual(['text/csv']);
    expect(Object.keys(op('previewDocument').responses['200']!.content!)).toEqual(['application/pdf']);
    expect(op('health').responses['503']!.content).toHaveProperty(['application/problem+json']);
    expect(op('recallDocument').responses['200']!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Document' });
    expect(op('prepareSignature').responses['200']!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/PreparedSignature' });
    expect(op('completeSignature').responses['200']!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Document' });
    expect(doc.components.schemas.PrepareSignatureRequest!.required).toEqual(['certificate']);
    for (const r of routes.filter((x) => x.method === 'POST')) {
      // A POST that stores nothing (the preview) takes no Idempotency-Key and so has no such 409.
      if ('storesNothing' in r) expect(op(r.id).responses['409'], r.id).toBeUndefined();
      else expect(op(r.id).responses['409']!.headers, r.id).toHaveProperty('Retry-After');
    }
  });
});
