import { z } from 'zod';
import {
  DOCUMENT_TYPES,
  LEVELS,
  campaignSchema,
  documentRequestSchema,
  keyRequestSchema,
  organizationSchema,
  organizationsBodySchema,
  submissionSchema,
} from '#core/schemas.ts';
import { SUBMISSION_CSV_COLUMNS } from '#core/csv-submissions.ts';
import { routes, type Route } from '#http/routes.ts';

/**
 * The OpenAPI 3.1 description served at `GET /openapi.json`, generated from the route table
 * (every route, whatever is added later) and the zod request schemas (one source of truth).
 * Per-route details (bodies, answers, query parameters) live in `OPERATIONS` below; a route that
 * has none there still appears, with its path parameters, its security and the common errors.
 * Built once per server URL and cached.
 */

type Json = Record<string, unknown>;
type Schema = Json;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const PROBLEM_TYPE = 'application/problem+json';

/** zod → JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1), without `$schema`. */
function fromZod(schema: z.ZodType, io: 'input' | 'output' = 'input'): Schema {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return json;
}

/** An object schema with more properties (the facts the server adds to a stored input). */
function extend(schema: Schema, properties: Record<string, Schema>, required: string[]): Schema {
  return {
    ...schema,
    properties: { ...(schema.properties as Json | undefined), ...properties },
    required: [...((schema.required as string[] | undefined) ?? []), ...required],
  };
}

const isoDate: Schema = { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const dateTime: Schema = { type: 'string', format: 'date-time' };
const nullable = (s: Schema): Schema => ({ anyOf: [s, { type: 'null' }] });
const percent: Schema = nullable({ type: 'number', minimum: 0, maximum: 100 });
const fieldError: Schema = {
  type: 'object',
  properties: {
    path: { type: 'string', description: 'JSON pointer (RFC 6901) of the field, "" for the whole body', examples: ['/secretary/votes/for'] },
    message: { type: 'string' },
    column: { type: 'string', description: 'the CSV column, for a CSV import' },
  },
  required: ['path', 'message'],
};

function componentSchemas(): Record<string, Schema> {
  const levelStats: Schema = {
    type: 'object',
    properties: {
      total: { type: 'integer' },
      held: { type: 'integer' },
      heldPercent: percent,
      lastHeldOn: nullable(isoDate),
      completedOn: isoDate,
      daysBeforeDeadline: { type: 'integer', description: 'negative when late' },
      directElection: { type: 'integer' },
      directElectionPercent: percent,
      unanimous: { type: 'integer' },
      nonLocal: { type: 'integer' },
      nonLocalPercent: percent,
      concurrentChair: { type: 'integer' },
      villageHead: { type: 'integer' },
    },
    required: [
      'total', 'held', 'heldPercent', 'lastHeldOn', 'directElection', 'directElectionPercent',
      'unanimous', 'nonLocal', 'nonLocalPercent', 'concurrentChair', 'villageHead',
    ],
  };
  return {
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details',
      properties: {
        type: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'integer', minimum: 400, maximum: 599 },
        detail: { type: 'string' },
        instance: { type: 'string' },
        requestId: { type: 'string' },
        errors: { type: 'array', items: ref('FieldError') },
      },
      required: ['title', 'status'],
    },
    FieldError: fieldError,
    Health: { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] },
    CampaignInput: fromZod(campaignSchema),
    Campaign: extend(
      fromZod(campaignSchema, 'output'),
      { id: { type: 'string' }, createdAt: dateTime, updatedAt: dateTime },
      ['id', 'createdAt', 'updatedAt'],
    ),
    Organization: fromZod(organizationSchema),
    OrganizationsInput: fromZod(organizationsBodySchema),
    Upserted: { type: 'object', properties: { upserted: { type: 'integer', minimum: 0 } }, required: ['upserted'] },
    SubmissionInput: fromZod(submissionSchema),
    Submission: extend(
      fromZod(submissionSchema, 'output'),
      {
        id: { type: 'string' },
        campaignId: { type: 'string' },
        version: { type: 'integer', minimum: 1 },
        receivedAt: dateTime,
      },
      ['id', 'campaignId', 'version', 'receivedAt'],
    ),
    SubmissionsCsv: {
      type: 'string',
      description:
        `UTF-8 CSV (BOM allowed, CRLF or LF), a header row naming the columns ${SUBMISSION_CSV_COLUMNS.join(',')} ` +
        'then one submission a row; booleans true/false; an empty cell is absent.',
      examples: [
        `${SUBMISSION_CSV_COLUMNS.join(',')}\nha-long-p-bach-dang,2020-05-12,120,118,Nguyễn Văn An,true,118,118,false,people-committee-chair,11,\n`,
      ],
    },
    ImportResult: {
      type: 'object',
      properties: {
        results: {
          type: 'array',
          description: 'one result per data row, in order (row 1 = the first row after the header)',
          items: {
            type: 'object',
            properties: {
              row: { type: 'integer', minimum: 1 },
              id: { type: 'string' },
              version: { type: 'integer', minimum: 1 },
              errors: { type: 'array', items: ref('FieldError') },
            },
            required: ['row'],
          },
        },
      },
      required: ['results'],
    },
    LevelStats: levelStats,
    Stats: {
      type: 'object',
      properties: {
        asOf: isoDate,
        levels: {
          type: 'object',
          properties: Object.fromEntries(LEVELS.map((l) => [l, ref('LevelStats')])),
          required: [...LEVELS],
        },
        targets: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              metric: { type: 'string' },
              target: { type: 'number' },
              actual: nullable({ type: 'number' }),
              met: { type: 'boolean' },
            },
            required: ['metric', 'target', 'actual', 'met'],
          },
        },
      },
      required: ['asOf', 'levels', 'targets'],
    },
    DocumentRequest: fromZod(documentRequestSchema),
    Document: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        campaignId: { type: 'string' },
        type: { type: 'string', enum: [...DOCUMENT_TYPES] },
        status: { type: 'string', enum: ['queued', 'rendering', 'ready', 'failed'] },
        number: { type: 'string', examples: ['415-BC/TU'] },
        issuedOn: isoDate,
        asOf: isoDate,
        sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        bytes: { type: 'integer' },
        pages: { type: 'integer' },
        error: { type: 'string', description: 'when failed: a sentence for a person' },
        createdAt: dateTime,
        readyAt: dateTime,
      },
      required: ['id', 'campaignId', 'type', 'status', 'number', 'issuedOn', 'asOf', 'createdAt'],
    },
    VerifyResult: {
      type: 'object',
      properties: {
        valid: { type: 'boolean' },
        number: { type: 'string' },
        issuer: { type: 'string' },
        issuedOn: isoDate,
        type: { type: 'string', enum: [...DOCUMENT_TYPES] },
      },
      required: ['valid'],
    },
    KeyRequest: fromZod(keyRequestSchema),
    KeyCreated: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        key: { type: 'string', description: 'the secret, shown this once' },
      },
      required: ['id', 'key'],
    },
    Key: {
      type: 'object',
      description: 'a key without its secret',
      properties: {
        id: { type: 'string' },
        role: { type: 'string', enum: ['secretariat', 'submitter'] },
        campaignId: { type: 'string' },
        organizationId: { type: 'string' },
        label: { type: 'string' },
        createdAt: dateTime,
        revokedAt: dateTime,
      },
      required: ['id', 'role', 'createdAt'],
    },
  };
}

// --- per-route details -------------------------------------------------------------------

type Param = { name: string; in: 'query' | 'header'; description: string; schema: Schema; required?: boolean };
type Body = { contentType: string; schema: Schema; description?: string };
type Answer = { status: string; description: string; schema?: Schema; contentType?: string; headers?: Json };
type OperationDetail = { query?: Param[]; body?: Body; answers: Answer[]; description?: string };

const listQuery: Param[] = [
  { name: 'cursor', in: 'query', description: 'from the previous page; opaque, a forged one is a 400', schema: { type: 'string' } },
  { name: 'limit', in: 'query', description: 'page size', schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } },
];
const page = (item: string): Schema => ({
  type: 'object',
  properties: {
    items: { type: 'array', items: ref(item) },
    cursor: { type: 'string', description: 'absent on the last page' },
  },
  required: ['items'],
});
const json = (status: string, description: string, schema: Schema, headers?: Json): Answer => ({
  status,
  description,
  schema,
  ...(headers ? { headers } : {}),
});
const location = (description: string): Json => ({ Location: { description, schema: { type: 'string' } } });

const OPERATIONS: Record<string, OperationDetail> = {
  health: { answers: [json('200', 'The API is up', ref('Health'))] },
  openapi: { answers: [json('200', 'This document', { type: 'object' })] },
  docs: { answers: [{ status: '200', description: 'A page that shows this API (Swagger UI)', contentType: 'text/html', schema: { type: 'string' } }] },
  putCampaign: {
    body: { contentType: 'application/json', schema: ref('CampaignInput') },
    answers: [json('200', 'Replaced', ref('Campaign')), json('201', 'Created', ref('Campaign'))],
  },
  getCampaign: { answers: [json('200', 'The campaign', ref('Campaign'))] },
  putOrganizations: {
    body: { contentType: 'application/json', schema: ref('OrganizationsInput') },
    answers: [json('200', 'How many were created or replaced', ref('Upserted'))],
  },
  listOrganizations: { query: listQuery, answers: [json('200', 'A page of organizations', page('Organization'))] },
  createSubmission: {
    body: { contentType: 'application/json', schema: ref('SubmissionInput') },
    answers: [json('201', 'Recorded as a new version', ref('Submission'))],
  },
  importSubmissions: {
    body: { contentType: 'text/csv', schema: ref('SubmissionsCsv') },
    description: 'Valid rows are stored even when others fail; a bad header row is a 400 for the whole file.',
    answers: [json('200', 'A result per data row', ref('ImportResult'))],
  },
  listSubmissions: {
    query: [
      { name: 'organizationId', in: 'query', description: 'only this organization', schema: { type: 'string' } },
      ...listQuery,
    ],
    answers: [json('200', 'The latest version of each submission', page('Submission'))],
  },
  getSubmission: { answers: [json('200', 'One submission version', ref('Submission'))] },
  getStats: {
    query: [
      {
        name: 'asOf',
        in: 'query',
        description: 'data cut-off (default: today in Asia/Ho_Chi_Minh)',
        schema: isoDate,
      },
    ],
    answers: [json('200', 'The statistics', ref('Stats'))],
  },
  createDocument: {
    body: { contentType: 'application/json', schema: ref('DocumentRequest') },
    answers: [json('202', 'Queued; poll the Location', ref('Document'), location('/documents/{documentId}'))],
  },
  listDocuments: { query: listQuery, answers: [json('200', 'A page of documents, newest first', page('Document'))] },
  getDocument: { answers: [json('200', 'Status and facts', ref('Document'))] },
  getDocumentPdf: {
    answers: [
      { status: '302', description: 'To a presigned download URL that expires within 300 s', headers: location('the PDF') },
      { status: '409', description: 'The document is not ready (yet)', contentType: PROBLEM_TYPE, schema: ref('Problem') },
    ],
  },
  verifyDocument: {
    query: [
      {
        name: 'sha256',
        in: 'query',
        required: true,
        description: 'the SHA-256 of the PDF file, hex',
        schema: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
      },
    ],
    answers: [json('200', 'Whether that digest is the one issued', ref('VerifyResult'))],
  },
  createKey: {
    body: { contentType: 'application/json', schema: ref('KeyRequest') },
    answers: [json('201', 'The key; its secret is shown this once', ref('KeyCreated'))],
  },
  listKeys: { query: listQuery, answers: [json('200', 'A page of keys, without secrets', page('Key'))] },
  revokeKey: { answers: [json('200', 'The key, revoked (revoking twice is harmless)', ref('Key'))] },
};

const PROBLEM_TEXT: Record<string, string> = {
  '400': 'Bad request: bad JSON, invalid fields (every one listed), a bad query parameter or cursor',
  '401': 'No key, or not a valid one',
  '403': 'This key may not do this',
  '404': 'Unknown',
  '409': 'Conflict: the Idempotency-Key was used with another body',
  '413': 'The body is over 256 KiB',
  '415': 'Wrong content type',
  '500': 'Something failed; the answer holds only a request id',
};

function problem(status: string): Json {
  return {
    description: PROBLEM_TEXT[status] ?? 'Error',
    content: { [PROBLEM_TYPE]: { schema: ref('Problem') } },
  };
}

function operation(route: Route): Json {
  const detail = OPERATIONS[route.id];
  const pathParams = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const parameters: Json[] = [...pathParams, ...(detail?.query ?? [])];
  if (route.method === 'POST') {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'The same key with the same body within 24 h answers the first answer again; with another body, a 409',
      schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' },
    });
  }

  const responses: Json = {};
  for (const a of detail?.answers ?? [{ status: '200', description: 'OK' }]) {
    responses[a.status] = {
      description: a.description,
      ...(a.headers ? { headers: a.headers } : {}),
      ...(a.schema ? { content: { [a.contentType ?? 'application/json']: { schema: a.schema } } } : {}),
    };
  }
  const errors = new Set<string>();
  if (detail?.body || detail?.query?.length || route.path.includes('{')) errors.add('400');
  if (route.access !== 'public') ['401', '403'].forEach((s) => errors.add(s));
  if (route.path.includes('{')) errors.add('404');
  if (detail?.body) ['413', '415'].forEach((s) => errors.add(s));
  if (route.method === 'POST') errors.add('409');
  errors.add('500');
  for (const s of [...errors].sort()) responses[s] ??= problem(s);

  return {
    operationId: route.id,
    summary: route.summary,
    ...(detail?.description ? { description: detail.description } : {}),
    tags: [tagOf(route)],
    ...(parameters.length ? { parameters } : {}),
    ...(detail?.body
      ? {
          requestBody: {
            required: true,
            content: { [detail.body.contentType]: { schema: detail.body.schema } },
          },
        }
      : {}),
    responses,
    security: route.access === 'public' ? [] : [{ bearer: [] }],
    'x-access': route.access,
  };
}

function tagOf(route: Route): string {
  const first = route.path.split('/')[1] ?? '';
  if (route.path.startsWith('/campaigns/{campaignId}/')) return route.path.split('/')[3]!.replace(/:.*/, '');
  return first.replace(/\..*$/, '') || 'api';
}

export type BuildOptions = { serverUrl?: string };

const cache = new Map<string, Json>();

/** The OpenAPI 3.1 document, built once per server URL. Treat it as read-only. */
export function buildOpenApi(opts: BuildOptions = {}): Json {
  const key = opts.serverUrl ?? '';
  const cached = cache.get(key);
  if (cached) return cached;

  const paths: Record<string, Json> = {};
  for (const route of routes as readonly Route[]) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  }
  const doc: Json = {
    openapi: '3.1.0',
    info: {
      title: 'congress-docs',
      version: '0.1.0',
      description:
        'Records Party congress results and issues official documents (reports, proposals, letters) as PDF. ' +
        'Every route but the public ones needs `Authorization: Bearer <key>`. Errors are RFC 9457 problem details.',
    },
    ...(opts.serverUrl ? { servers: [{ url: opts.serverUrl }] } : {}),
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key issued by POST /keys (or the bootstrap key)' },
      },
    },
  };
  cache.set(key, doc);
  return doc;
}
