import { z } from 'zod';
import {
  answerSchemas,
  campaignAnswer,
  campaignPage,
  documentAnswer,
  documentPage,
  downloadLinkAnswer,
  healthAnswer,
  importAnswer,
  keyAnswer,
  keyCreatedAnswer,
  keyPage,
  meAnswer,
  organizationPage,
  preparedSignatureAnswer,
  problemAnswer,
  statsAnswer,
  submissionAnswer,
  submissionPage,
  submissionVersions,
  upsertedAnswer,
  verifyAnswer,
} from '#core/answers.ts';
import { SUBMISSION_CSV_COLUMNS } from '#core/csv-submissions.ts';
import {
  campaignSchema,
  documentRequestSchema,
  keyRequestSchema,
  organizationsBodySchema,
  organizationsQuerySchema,
  recallRequestSchema,
  submissionSchema,
} from '#core/schemas.ts';
import { completeSignatureSchema, prepareSignatureSchema } from '#core/signing/schemas.ts';
import { routes, type Route } from '#http/routes.ts';

/**
 * The OpenAPI 3.1 description served at `GET /openapi.json`, generated from the route table
 * (every route, whatever is added later), the zod request schemas (functions/core/schemas.ts)
 * and the zod answer schemas (functions/core/answers.ts), which also type the views: nothing
 * here describes a JSON answer by hand. Per-route details (bodies, answers, query parameters)
 * live in `OPERATIONS` below; a route that has none there still appears, with its path
 * parameters, its security and the common errors. Built once per server URL and cached.
 */

type Json = Record<string, unknown>;
type Schema = Json;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const PROBLEM_TYPE = 'application/problem+json';

/** A request schema → JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1; io 'input': what a client may send), without `$schema`. */
function fromZod(schema: z.ZodType): Schema {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return json;
}

/** The reference to an answer's component: its name in `answerSchemas` (functions/core/answers.ts). */
function answer(schema: z.ZodType): Schema {
  const meta = answerSchemas.get(schema);
  if (!meta) throw new Error('An operation names an answer schema that is not registered in answerSchemas');
  return ref(meta.id);
}

/**
 * Every answer schema as one component each, from the registry in one pass (io 'output': what
 * the server sends, defaults filled in), so that one answer names another by `$ref`.
 */
function answerComponents(): Record<string, Schema> {
  const { schemas } = z.toJSONSchema(answerSchemas, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([name, { $schema: _s, $id: _id, ...json }]) => [name, json as Schema]),
  );
}

function requestComponents(): Record<string, Schema> {
  return {
    CampaignInput: fromZod(campaignSchema),
    OrganizationsInput: fromZod(organizationsBodySchema),
    SubmissionInput: fromZod(submissionSchema),
    SubmissionsCsv: {
      type: 'string',
      description:
        `UTF-8 CSV (BOM allowed, CRLF or LF), a header row naming the columns ${SUBMISSION_CSV_COLUMNS.join(',')} ` +
        'then one submission a row; booleans true/false; an empty cell is absent.',
      examples: [
        `${SUBMISSION_CSV_COLUMNS.join(',')}\nha-long-p-bach-dang,2020-05-12,120,118,Nguyễn Văn An,true,118,118,false,people-committee-chair,11,\n`,
      ],
    },
    DocumentRequest: fromZod(documentRequestSchema),
    RecallRequest: fromZod(recallRequestSchema),
    KeyRequest: fromZod(keyRequestSchema),
    PrepareSignatureRequest: fromZod(prepareSignatureSchema),
    CompleteSignatureRequest: fromZod(completeSignatureSchema),
  };
}

// --- per-route details -------------------------------------------------------------------

type Param = { name: string; in: 'query' | 'header'; description: string; schema: Schema; required?: boolean };
type Body = { contentType: string; schema: Schema; description?: string };
type Answer = { status: string; description: string; content?: Record<string, Schema>; headers?: Json };
type OperationDetail = { query?: Param[]; body?: Body; answers: Answer[]; description?: string };

const listQuery: Param[] = [
  { name: 'cursor', in: 'query', description: 'from the previous page; opaque, a forged one is a 400', schema: { type: 'string' } },
  { name: 'limit', in: 'query', description: 'page size', schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } },
];
const json = (status: string, description: string, schema: z.ZodType, headers?: Json): Answer => ({
  status,
  description,
  content: { 'application/json': answer(schema) },
  ...(headers ? { headers } : {}),
});
const header = (description: string, schema: Schema = { type: 'string' }): Json => ({ description, schema });
const location = (description: string): Json => ({ Location: header(description) });
const jsonBody = (name: string): Body => ({ contentType: 'application/json', schema: ref(name) });
const problemAnswerOf = (status: string, description: string, headers?: Json): Answer => ({
  status,
  description,
  content: { [PROBLEM_TYPE]: answer(problemAnswer) },
  ...(headers ? { headers } : {}),
});
/** A query parameter described by the same zod schema that parses it. */
const queryOf = (name: keyof typeof organizationsQuerySchema.shape, description: string): Param => ({
  name,
  in: 'query',
  description,
  schema: fromZod(organizationsQuerySchema.shape[name].unwrap()),
});
const binary = (mediaType: string): Schema => ({ type: 'string', contentMediaType: mediaType });

/** Every POST may meet the first request with its Idempotency-Key still running. */
const RETRY_AFTER = {
  'Retry-After': header('when the first request with this Idempotency-Key is still running: seconds to wait before retrying with the same key', {
    type: 'integer',
    minimum: 1,
  }),
};
const IDEMPOTENCY_CONFLICT = 'the Idempotency-Key was used with another body, or its first request still runs (Retry-After says when to retry)';
/** A POST's 409: what the route itself refuses, if anything, and what every POST can meet. */
const conflict = (what?: string): Answer =>
  problemAnswerOf('409', what ? `${what}; or ${IDEMPOTENCY_CONFLICT}` : `Conflict: ${IDEMPOTENCY_CONFLICT}`, RETRY_AFTER);

const OPERATIONS: Record<string, OperationDetail> = {
  health: {
    answers: [
      json('200', 'The API is up: the table and the bucket answer', healthAnswer),
      problemAnswerOf('503', 'The table or the bucket does not answer; the detail says which'),
    ],
  },
  openapi: { answers: [{ status: '200', description: 'This document', content: { 'application/json': { type: 'object', description: 'an OpenAPI 3.1 document' } } }] },
  docs: { answers: [{ status: '200', description: 'A page that shows this API (Swagger UI)', content: { 'text/html': { type: 'string' } } }] },
  docsAsset: {
    answers: [
      {
        status: '200',
        description: 'A file of the reference page',
        content: { 'text/css': { type: 'string' }, 'text/javascript': { type: 'string' }, 'image/png': binary('image/png') },
      },
    ],
  },
  getMe: { answers: [json('200', 'Who this key is', meAnswer)] },
  listCampaigns: { query: listQuery, answers: [json('200', 'A page of the campaigns this key may see', campaignPage)] },
  putCampaign: {
    body: jsonBody('CampaignInput'),
    answers: [json('200', 'Replaced', campaignAnswer), json('201', 'Created', campaignAnswer)],
  },
  getCampaign: { answers: [json('200', 'The campaign', campaignAnswer)] },
  putOrganizations: {
    body: jsonBody('OrganizationsInput'),
    answers: [json('200', 'How many were created or replaced', upsertedAnswer)],
  },
  listOrganizations: {
    query: [
      queryOf('level', 'only organizations of this level'),
      queryOf('state', 'only organizations in this state; applied to the page read, so a page may hold fewer than `limit`, and the cursor goes on'),
      ...listQuery,
    ],
    answers: [json('200', 'A page of organizations with their state', organizationPage)],
  },
  createSubmission: {
    body: jsonBody('SubmissionInput'),
    answers: [json('201', 'Recorded as a new version', submissionAnswer, location('/submissions/{submissionId}'))],
  },
  importSubmissions: {
    body: { contentType: 'text/csv', schema: ref('SubmissionsCsv') },
    description: 'Valid rows are stored even when others fail; a bad header row is a 400 for the whole file.',
    answers: [json('200', 'A result per data row', importAnswer)],
  },
  listSubmissions: {
    query: [
      { name: 'organizationId', in: 'query', description: 'only this organization', schema: { type: 'string' } },
      ...listQuery,
    ],
    answers: [json('200', 'The latest version of each submission', submissionPage)],
  },
  exportSubmissions: {
    description: 'The import columns, then columns for a person (name, level, version, receivedAt, id) that the import ignores.',
    answers: [
      {
        status: '200',
        description: 'The latest submission of each organization, a CSV file that imports again',
        content: { 'text/csv': { type: 'string' } },
        headers: { 'Content-Disposition': header('attachment; filename="<campaignId>-submissions.csv"') },
      },
    ],
  },
  listOrganizationSubmissions: { answers: [json('200', "Every version of the organization's result, newest first", submissionVersions)] },
  getSubmission: { answers: [json('200', 'One submission version', submissionAnswer)] },
  getStats: {
    query: [{ name: 'asOf', in: 'query', description: 'data cut-off (default: today in Asia/Ho_Chi_Minh)', schema: { type: 'string', format: 'date' } }],
    answers: [json('200', 'The statistics', statsAnswer)],
  },
  previewDocument: {
    body: jsonBody('DocumentRequest'),
    description: 'Nothing is stored and no number is taken.',
    answers: [
      {
        status: '200',
        description: 'The draft: marked DỰ THẢO on every page, the number left blank, no QR code',
        content: { 'application/pdf': binary('application/pdf') },
        headers: { 'X-Pages': header('how many pages', { type: 'integer', minimum: 1 }), 'Content-Disposition': header('inline; filename="du-thao-<symbol>.pdf"') },
      },
    ],
  },
  createDocument: {
    body: jsonBody('DocumentRequest'),
    answers: [json('202', 'Numbered and queued; poll the Location', documentAnswer, location('/documents/{documentId}'))],
  },
  listDocuments: { query: listQuery, answers: [json('200', 'A page of documents, newest first', documentPage)] },
  getDocument: { answers: [json('200', 'Status and facts', documentAnswer)] },
  getDocumentPdf: {
    query: [
      {
        name: 'as',
        in: 'query',
        description: 'link: answer the URL as JSON instead of redirecting (a page cannot follow a redirect to another origin with fetch)',
        schema: { type: 'string', enum: ['link'] },
      },
    ],
    answers: [
      json('200', 'With as=link: the presigned URL', downloadLinkAnswer),
      { status: '302', description: 'To a presigned download URL that expires within 300 s (a recalled document too)', headers: location('the PDF') },
      problemAnswerOf('409', 'The document is not ready (yet)'),
    ],
  },
  recallDocument: {
    body: jsonBody('RecallRequest'),
    description: 'Only a ready document; its number stays taken and its PDF stays downloadable for the archive.',
    answers: [json('200', 'The document, recalled', documentAnswer), conflict('The document is not ready (queued, rendering, failed or already recalled)')],
  },
  verifyDocument: {
    query: [
      {
        name: 'sha256',
        in: 'query',
        description: 'the SHA-256 of a PDF file, hex; without it, the facts and the status',
        schema: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
      },
    ],
    description:
      'A browser (Accept ranks text/html above application/json, as when a phone opens the QR code) gets a page in Vietnamese ' +
      'with the facts, the status and a file picker; every other client JSON.',
    answers: [
      {
        status: '200',
        description: 'Without sha256: the facts printed on the document and its status; with it, also whether it is a file issued for it',
        content: { 'application/json': answer(verifyAnswer), 'text/html': { type: 'string' } },
        headers: { Vary: header('accept') },
      },
      // The page's own failures are pages too: a phone's browser never shows JSON.
      { ...problemAnswerOf('400', 'The sha256 is not 64 hex digits'), content: { [PROBLEM_TYPE]: answer(problemAnswer), 'text/html': { type: 'string' } } },
      { ...problemAnswerOf('404', 'No document was issued under this id'), content: { [PROBLEM_TYPE]: answer(problemAnswer), 'text/html': { type: 'string' } } },
    ],
  },
  createKey: {
    body: jsonBody('KeyRequest'),
    answers: [json('201', 'The key; its secret is shown this once', keyCreatedAnswer)],
  },
  listKeys: { query: listQuery, answers: [json('200', 'A page of keys, without secrets', keyPage)] },
  revokeKey: { answers: [json('200', 'The key, revoked (revoking twice is harmless)', keyAnswer)] },
  prepareSignature: {
    body: jsonBody('PrepareSignatureRequest'),
    description:
      "The person's signature, first half: what their token is to sign. The campaign must ask for a person's signature on this type.",
    answers: [
      json('200', 'The signed attributes to sign, and a signing id to send back with the signature', preparedSignatureAnswer),
      conflict("The document is not ready, the campaign asks no person's signature, or the person has signed already"),
    ],
  },
  completeSignature: {
    body: jsonBody('CompleteSignatureRequest'),
    description: "The person's signature, second half; then the server applies the organization's signature after it.",
    answers: [
      json('200', 'The document with its signatures', documentAnswer),
      conflict('The document changed since the signature was prepared, or is no longer ready'),
    ],
  },
};

const PROBLEM_TEXT: Record<string, string> = {
  '400': 'Bad request: bad JSON, invalid fields (every one listed), a bad query parameter or cursor',
  '401': 'No key, or not a valid one',
  '403': 'This key may not do this',
  '404': 'Unknown',
  '413': 'The body is over 256 KiB',
  '415': 'Wrong content type',
  '500': 'Something failed; the answer holds only a request id',
};

function operation(route: Route): Json {
  const detail = OPERATIONS[route.id];
  const pathParams = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const parameters: Json[] = [...pathParams, ...(detail?.query ?? [])];
  if (route.method === 'POST' && !route.storesNothing) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'The same key with the same body within 24 h answers the first answer again; with another body, a 409',
      schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' },
    });
  }

  const answers = [...(detail?.answers ?? [{ status: '200', description: 'OK' }])];
  const errors = new Set<string>();
  if (detail?.body || detail?.query?.length || route.path.includes('{')) errors.add('400');
  if (route.access !== 'public') ['401', '403'].forEach((s) => errors.add(s));
  if (route.path.includes('{')) errors.add('404');
  if (detail?.body) ['413', '415'].forEach((s) => errors.add(s));
  errors.add('500');
  for (const s of errors) answers.push(problemAnswerOf(s, PROBLEM_TEXT[s]!));
  if (route.method === 'POST' && !route.storesNothing) answers.push(conflict());

  const responses: Json = {};
  for (const a of answers.sort((x, y) => x.status.localeCompare(y.status))) {
    responses[a.status] ??= {
      description: a.description,
      ...(a.headers ? { headers: a.headers } : {}),
      ...(a.content ? { content: Object.fromEntries(Object.entries(a.content).map(([type, schema]) => [type, { schema }])) } : {}),
    };
  }

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
      schemas: { ...requestComponents(), ...answerComponents() },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key issued by POST /keys (or the bootstrap key)' },
      },
    },
  };
  cache.set(key, doc);
  return doc;
}
