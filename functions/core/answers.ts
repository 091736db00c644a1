import { z } from 'zod';
import { FIELD_ERROR_CODES } from './errors.ts';
import {
  DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  LEVELS,
  REPORT_STATES,
  SIGNATURE_STEPS,
  campaignSchema,
  keyRequestSchema,
  organizationSchema,
  submissionSchema,
} from './schemas.ts';
import type { SignatureKey } from './ports.ts';

/**
 * Every JSON answer of the API, once (issue 13: one definition of each answer). The views take
 * their TypeScript types from these schemas (`z.output<…>`), and `GET /openapi.json` documents
 * them from the same objects (`z.toJSONSchema`, io 'output'), so a view and its documented shape
 * cannot drift apart. Objects are closed (`additionalProperties: false` in the output JSON
 * Schema): a field a view leaks, such as a key's hash, fails the answers-match-openapi test.
 *
 * Each schema is registered in `answerSchemas` under its component name; the OpenAPI document
 * lists that registry, and an operation names an answer by its schema object.
 */
export const answerSchemas = z.registry<{ id: string }>();
function named<T extends z.ZodType>(id: string, schema: T): T {
  answerSchemas.add(schema as z.ZodType, { id });
  return schema;
}

const isoDate = () => z.iso.date();
const timestamp = () => z.iso.datetime().describe('UTC, ISO 8601');
const percent = () => z.number().min(0).max(100).nullable().describe('100 × part / whole, half-up to one decimal; null when whole is 0');
const int = (min = 0) => z.number().int().min(min);

/** A page of a listing (CONTRACT §2 "Lists"). */
export function pageOf<T extends z.ZodType>(id: string, item: T) {
  return named(id, z.object({ items: z.array(item), cursor: z.string().optional().describe('absent on the last page; opaque') }));
}

// --- errors ----------------------------------------------------------------------------------

export const fieldErrorAnswer = named(
  'FieldError',
  z.object({
    path: z.string().describe('JSON pointer (RFC 6901) of the field, "" for the whole body').meta({ examples: ['/secretary/votes/for'] }),
    code: z.enum(FIELD_ERROR_CODES).describe('stable, for a client to say in its own language; see `params`'),
    message: z.string().describe('an English sentence'),
    params: z.record(z.string(), z.unknown()).optional().describe('what the code needs: minimum, maximum, allowed, other, expected…'),
    column: z.string().optional().describe('the CSV column, for a CSV import'),
  }),
);

export const problemAnswer = named(
  'Problem',
  z
    .object({
      type: z.string().describe('a URI naming the kind of problem'),
      title: z.string(),
      status: z.number().int().min(400).max(599),
      detail: z.string(),
      errors: z.array(fieldErrorAnswer).optional().describe('every invalid field (400)'),
      requestId: z.string().optional().describe('a 500: the id to quote to the operator'),
    })
    .describe('RFC 9457 problem details'),
);

// --- small answers ---------------------------------------------------------------------------

export const healthAnswer = named('Health', z.object({ status: z.literal('ok') }));
export const upsertedAnswer = named('Upserted', z.object({ upserted: int() }));

// --- campaigns and organizations -------------------------------------------------------------

const { id: _optionalId, ...campaignFields } = campaignSchema.shape;
export const campaignAnswer = named(
  'Campaign',
  z.object({ ...campaignFields, id: z.string(), createdAt: timestamp(), updatedAt: timestamp() }),
);
export const campaignPage = pageOf('CampaignPage', campaignAnswer);

export const organizationAnswer = named(
  'Organization',
  z.object({
    ...organizationSchema.shape,
    state: z.enum(REPORT_STATES).describe('reported; pending (nothing yet, deadline ahead); late (nothing, deadline past)'),
    latestSubmission: z
      .object({ id: z.string(), version: int(1), heldOn: isoDate(), receivedAt: timestamp() })
      .optional()
      .describe('when reported: the version that counts'),
  }),
);
export const organizationPage = pageOf('OrganizationPage', organizationAnswer);

// --- submissions -----------------------------------------------------------------------------

export const submissionAnswer = named(
  'Submission',
  z.object({ ...submissionSchema.shape, id: z.string(), campaignId: z.string(), version: int(1), receivedAt: timestamp() }),
);
export const submissionPage = pageOf('SubmissionPage', submissionAnswer);
export const submissionVersions = named(
  'SubmissionVersions',
  z.object({ items: z.array(submissionAnswer).describe('every version, newest first') }),
);

export const importRowAnswer = z.object({
  row: int(1).describe('1 = the first row after the header'),
  id: z.string().optional(),
  version: int(1).optional(),
  errors: z.array(fieldErrorAnswer).optional(),
});
export const importAnswer = named('ImportResult', z.object({ results: z.array(importRowAnswer).describe('one per data row, in order') }));

// --- statistics (CONTRACT §4) ----------------------------------------------------------------

export const levelStatsAnswer = named(
  'LevelStats',
  z.object({
    total: int(),
    held: int(),
    heldPercent: percent(),
    lastHeldOn: isoDate().nullable(),
    completedOn: isoDate().optional().describe('when every organization of the level has held its congress'),
    daysBeforeDeadline: z.number().int().optional().describe('negative when late'),
    directElection: int(),
    directElectionPercent: percent(),
    unanimous: int(),
    nonLocal: int(),
    nonLocalPercent: percent(),
    concurrentChair: int(),
    villageHead: int(),
  }),
);

export const targetResultAnswer = named(
  'TargetResult',
  z.object({
    // The metrics are the targets a campaign can name.
    metric: campaignSchema.shape.targets.unwrap().keyof(),
    target: z.number(),
    actual: z.number().nullable(),
    met: z.boolean().describe('actual ≥ target; false when actual is null'),
  }),
);

export const statsAnswer = named(
  'Stats',
  z.object({
    asOf: isoDate(),
    levels: z.object(Object.fromEntries(LEVELS.map((l) => [l, levelStatsAnswer])) as Record<(typeof LEVELS)[number], typeof levelStatsAnswer>),
    targets: z.array(targetResultAnswer),
  }),
);

// --- documents -------------------------------------------------------------------------------

const sha256Hex = () => z.string().regex(/^[0-9a-f]{64}$/);
const signatureStep = () => z.enum(SIGNATURE_STEPS);

export const signatureAnswer = named(
  'Signature',
  z.object({
    step: signatureStep(),
    signer: z.string().describe("the certificate's subject (its common name)"),
    signedAt: timestamp(),
    sha256: sha256Hex().describe('of the file after this signature'),
    bytes: int(),
  }),
);

export const documentAnswer = named(
  'Document',
  z.object({
    id: z.string(),
    campaignId: z.string(),
    type: z.enum(DOCUMENT_TYPES),
    status: z.enum(DOCUMENT_STATUSES),
    number: z.string().meta({ examples: ['415-BC/TU'] }),
    issuedOn: isoDate(),
    asOf: isoDate(),
    sha256: sha256Hex().optional().describe('of the issued (unsigned) file, once rendered'),
    bytes: int().optional(),
    pages: int(1).optional(),
    error: z.string().optional().describe('when failed: a sentence for a person'),
    createdAt: timestamp(),
    readyAt: timestamp().optional(),
    recalledAt: timestamp().optional(),
    recallReason: z.string().optional(),
    signatures: z.array(signatureAnswer).optional().describe("in order; the last one's file is what a download gives"),
    awaitingSignature: signatureStep().optional().describe('the next signature the campaign requires, while missing'),
  }),
);
export const documentPage = pageOf('DocumentPage', documentAnswer);

/** `GET /documents/{id}/pdf?as=link`: the presigned URL itself, for a page that cannot follow a redirect to another origin. */
export const downloadLinkAnswer = named(
  'DownloadLink',
  z.object({ url: z.url().describe('presigned; expires within 300 s') }),
);

const verifyFacts = z.object({
  number: z.string(),
  issuer: z.string(),
  issuedOn: isoDate(),
  type: z.enum(DOCUMENT_TYPES),
  status: z.enum(['issued', 'recalled']),
  recalledAt: timestamp().optional(),
  signatures: z
    .array(z.object({ step: signatureStep(), signer: z.string(), signedAt: timestamp(), valid: z.boolean() }))
    .optional(),
});
export const verifyFactsAnswer = named('VerifyFacts', verifyFacts.describe('without sha256: what is printed on the document, and its status'));
export const verifyAnswer = named(
  'VerifyResult',
  z
    .union([
      verifyFactsAnswer,
      z.object({ valid: z.literal(true), ...verifyFacts.shape }).describe('with the sha256 of a file issued for it (or a signed version)'),
      z.object({ valid: z.literal(false) }).describe('with another digest: nothing more'),
    ])
    .describe('An unknown id, or a wrong digest, tells nothing more than that'),
);

/** `POST /documents/{id}/signatures:prepare`: what the signer's token signs. */
export const preparedSignatureAnswer = named(
  'PreparedSignature',
  z.object({
    signingId: z.string().describe('sealed; send it back with the signature within expiresAt'),
    expiresAt: timestamp(),
    algorithm: z.enum(['RSASSA_PKCS1_V1_5_SHA_256', 'ECDSA_SHA_256'] as const satisfies readonly SignatureKey['algorithm'][]),
    signedAttributes: z.string().describe('base64 of the DER of the CMS signed attributes: what is signed'),
    digest: z.string().regex(/^[0-9a-f]{64}$/).describe('their SHA-256, hex'),
    certificate: z.object({ subject: z.string(), sha256: sha256Hex() }),
  }),
);

// --- keys ------------------------------------------------------------------------------------

const keyFields = {
  id: z.string(),
  role: keyRequestSchema.shape.role,
  campaignId: z.string().optional().describe('absent: every campaign'),
  organizationId: z.string().optional(),
  label: z.string().optional(),
};
export const meAnswer = named('Me', z.object(keyFields).describe('who this key is (no secret)'));
export const keyAnswer = named(
  'Key',
  z.object({ ...keyFields, createdAt: timestamp(), revokedAt: timestamp().optional() }).describe('a key without its secret'),
);
export const keyPage = pageOf('KeyPage', keyAnswer);
export const keyCreatedAnswer = named(
  'KeyCreated',
  z.object({ ...keyAnswer.shape, key: z.string().describe('the secret, shown this once') }),
);

// --- the types the views return ----------------------------------------------------------------

export type HealthAnswer = z.output<typeof healthAnswer>;
export type UpsertedAnswer = z.output<typeof upsertedAnswer>;
export type DownloadLinkAnswer = z.output<typeof downloadLinkAnswer>;
export type FieldErrorAnswer = z.output<typeof fieldErrorAnswer>;
export type CampaignAnswer = z.output<typeof campaignAnswer>;
export type OrganizationAnswer = z.output<typeof organizationAnswer>;
export type SubmissionAnswer = z.output<typeof submissionAnswer>;
export type ImportRowAnswer = z.output<typeof importRowAnswer>;
export type StatsAnswer = z.output<typeof statsAnswer>;
export type DocumentAnswer = z.output<typeof documentAnswer>;
export type VerifyAnswer = z.output<typeof verifyAnswer>;
export type VerifyFactsAnswer = z.output<typeof verifyFactsAnswer>;
export type PreparedSignatureAnswer = z.output<typeof preparedSignatureAnswer>;
export type MeAnswer = z.output<typeof meAnswer>;
export type KeyAnswer = z.output<typeof keyAnswer>;
export type KeyCreatedAnswer = z.output<typeof keyCreatedAnswer>;
