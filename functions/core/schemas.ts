import { z } from 'zod';
import { count, freeText, identifier, isoDate, isRealDateString, nameText } from './text.ts';
import { valueAt, type RuleParams } from './validation.ts';

/**
 * Every request body of CONTRACT §3, once. The HTTP layer validates with these, the OpenAPI
 * document is generated from them, the CLI and the worker reuse the inferred types.
 * Objects are strict: an unknown field is named in the 400 rather than silently dropped.
 */

function signatureSteps() {
  return z
    .array(z.enum(SIGNATURE_STEPS))
    .max(2)
    .refine((steps) => new Set(steps).size === steps.length, 'must not name a step twice')
    .refine((steps) => steps.indexOf('person') <= 0, 'the person signs first, then the organization');
}

const percent = () => z.number().min(0, 'must be at least 0').max(100, 'must be at most 100');

export const LEVELS = ['branch', 'grassroots', 'district'] as const;
export const UNITS = ['village', 'commune', 'district', 'agency', 'enterprise', 'armed-forces', 'other'] as const;
export const CONCURRENT_ROLES = ['people-committee-chair', 'village-head'] as const;
export const DOCUMENT_TYPES = ['report', 'proposal', 'letter'] as const;
export const SYMBOLS = ['BC', 'TTr', 'CV'] as const;
/** queued → rendering → ready, or failed; a ready document can be recalled (CONTRACT §3). */
export const DOCUMENT_STATUSES = ['queued', 'rendering', 'ready', 'failed', 'recalled'] as const;
/** Who signs a document, in the order of Nghị định 30/2020 Đ.32–33: the person first, then the organization. */
export const SIGNATURE_STEPS = ['person', 'organization'] as const;

export const campaignSchema = z.strictObject({
  id: identifier().optional().describe('when given, must equal the path parameter'),
  name: nameText(),
  issuer: z.strictObject({
    name: nameText(),
    code: z.string().regex(/^[\p{Lu}0-9]{1,12}$/u, 'must be upper-case letters or digits, e.g. TU'),
    parentName: nameText().nullable().optional(),
    place: nameText(),
    archiveCode: z.string().regex(/^[\p{L}0-9]{1,20}$/u, 'must be letters or digits, e.g. VPTU'),
  }),
  term: z.string().regex(/^\d{4}-\d{4}$/, 'must be YYYY-YYYY'),
  directive: z.strictObject({ number: nameText(40), title: nameText(500) }),
  plan: z.strictObject({ number: nameText(40) }).nullable().optional(),
  deadlines: z.strictObject({ branch: isoDate(), grassroots: isoDate(), district: isoDate() }),
  targets: z
    .strictObject({
      directElectionPercent: percent().optional(),
      districtNonLocalPercent: percent().optional(),
      communeNonLocalPercent: percent().optional(),
      communeConcurrentChairPercent: percent().optional(),
      districtConcurrentChairCount: count().optional(),
      villageBranchHeadPercent: percent().optional(),
    })
    .default({}),
  lastNumbers: z
    .strictObject({ BC: count().optional(), TTr: count().optional(), CV: count().optional() })
    .default({}),
  /**
   * Which signatures each document type needs before it is complete. Absent type: the
   * organization's signature only, applied by the server when the document is rendered.
   */
  signatures: z
    .strictObject({
      report: signatureSteps().optional(),
      proposal: signatureSteps().optional(),
      letter: signatureSteps().optional(),
    })
    .default({}),
});

export const organizationSchema = z.strictObject({
  id: identifier(),
  name: nameText(),
  level: z.enum(LEVELS),
  unit: z.enum(UNITS),
  parentId: identifier().nullable().optional(),
});

export const REPORT_STATES = ['reported', 'pending', 'late'] as const;

/** The filters of `GET /campaigns/{id}/organizations` (paging has its own rules). */
export const organizationsQuerySchema = z.object({
  level: z.enum(LEVELS).optional(),
  state: z.enum(REPORT_STATES).optional(),
});

export const organizationsBodySchema = z
  .array(organizationSchema)
  .min(1, 'must hold at least one organization')
  .max(1000, 'must hold at most 1,000 organizations');

/** A whole number in range: cross-field checks compare only values that are valid on their own. */
const isCount = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 1_000_000;
const fields = (p: { value: unknown }) => (p.value ?? {}) as Record<string, unknown>;
const exceeds = (other: string): RuleParams => ({ code: 'exceeds', other });
const required: RuleParams = { code: 'required' };

/*
 * Cross-field rules sit on the smallest object they concern and run whenever their own fields
 * are valid (zod's `when`), so one bad field elsewhere never hides them: every invalid field is listed.
 */
export function submissionSchemaFor(receivedOn: string) {
  return z
    .strictObject({
  organizationId: identifier(),
  congress: z
    .strictObject({
      // A result is reported after its congress (CONTRACT §3), on the day it is received in Vietnam.
      // `d <= receivedOn` first: the usual date passes without its calendar check run a second time.
      heldOn: isoDate().refine((d) => d <= receivedOn || !isRealDateString(d), {
        message: `must not be after the day it is received (${receivedOn})`,
        params: { code: 'date_in_future', receivedOn } satisfies RuleParams,
      }),
      delegatesElected: count().optional(),
      delegatesAttended: count().optional(),
    })
    .refine((c) => c.delegatesElected === undefined || c.delegatesAttended === undefined || c.delegatesAttended <= c.delegatesElected, {
      path: ['delegatesAttended'],
      message: 'must not exceed delegatesElected',
      params: exceeds('/congress/delegatesElected'),
      when: (p) => isCount(fields(p).delegatesElected) && isCount(fields(p).delegatesAttended),
    }),
  secretary: z
    .strictObject({
      fullName: nameText(),
      electedDirectly: z.boolean(),
      votes: z
        .strictObject({ for: count(), valid: count(1) })
        .refine((v) => v.for <= v.valid, {
          path: ['for'],
          message: 'must not exceed votes.valid',
          params: exceeds('/secretary/votes/valid'),
          when: (p) => isCount(fields(p).for) && isCount(fields(p).valid) && (fields(p).valid as number) >= 1,
        })
        .optional(),
      isLocal: z.boolean(),
      concurrentRole: z.enum(CONCURRENT_ROLES).nullable().default(null),
    })
    .refine((s) => !s.electedDirectly || s.votes !== undefined, {
      path: ['votes'],
      message: 'is required when electedDirectly is true',
      params: required,
      when: (p) => typeof fields(p).electedDirectly === 'boolean',
    }),
  committeeSize: count().optional(),
  recommendations: z.array(freeText()).max(50, 'must hold at most 50 items').optional(),
  notes: freeText().optional(),
    })
    // Ballots come from the delegates present (CONTRACT §3).
    .refine((s) => !s.secretary.votes || s.congress.delegatesAttended === undefined || s.secretary.votes.valid <= s.congress.delegatesAttended, {
      path: ['secretary', 'votes', 'valid'],
      message: 'must not exceed congress.delegatesAttended (ballots come from the delegates present)',
      params: exceeds('/congress/delegatesAttended'),
      when: (p) => isCount(valueAt(p.value, ['secretary', 'votes', 'valid'])) && isCount(valueAt(p.value, ['congress', 'delegatesAttended'])),
    });
}

/** The schema as documented (OpenAPI) and typed; requests are parsed with `submissionSchemaFor(today)`. */
export const submissionSchema = submissionSchemaFor('9999-12-31');

const V_V = /^V\/v(\s+|$)/i;

export const documentRequestSchema = z
  .strictObject({
    type: z.enum(DOCUMENT_TYPES),
    issuedOn: isoDate(),
    asOf: isoDate().nullable().optional(),
    subject: nameText(500).nullable().optional(),
    addressees: z.array(nameText()).max(20, 'must hold at most 20 items').default([]),
    recipients: z.array(nameText()).max(30, 'must hold at most 30 items').default([]),
    signer: z.strictObject({ capacity: nameText(100), title: nameText(100), fullName: nameText(100) }),
    proposal: z.strictObject({ subject: nameText(500), request: freeText() }).nullable().optional(),
  })
  .superRefine((d, ctx) => {
    if (d.type === 'proposal' && !d.proposal) {
      ctx.addIssue({ code: 'custom', path: ['proposal'], message: 'is required for a proposal', params: required });
    }
    if (d.asOf && isRealDateString(d.asOf) && isRealDateString(d.issuedOn) && d.asOf > d.issuedOn) {
      ctx.addIssue({ code: 'custom', path: ['asOf'], message: 'must not be after issuedOn', params: { code: 'after_date', other: '/issuedOn' } });
    }
  })
  .transform((d) => ({
    ...d,
    asOf: d.asOf ?? d.issuedOn,
    // A letter's subject is its V/v line: stored without the prefix, printed with it once.
    subject: d.subject && d.type === 'letter' ? d.subject.replace(V_V, '') || null : (d.subject ?? null),
    proposal: d.proposal ?? null,
  }));

/** `POST /documents/{id}:recall`: why the document is withdrawn (printed nowhere, kept on the record). */
export const recallRequestSchema = z.strictObject({ reason: freeText() });

export const keyRequestSchema = z
  .strictObject({
    role: z.enum(['secretariat', 'submitter']),
    campaignId: identifier().optional(),
    organizationId: identifier().optional(),
    label: nameText().optional(),
  })
  .superRefine((k, ctx) => {
    if (k.role === 'submitter') {
      if (!k.campaignId) ctx.addIssue({ code: 'custom', path: ['campaignId'], message: 'is required for a submitter', params: required });
      if (!k.organizationId)
        ctx.addIssue({ code: 'custom', path: ['organizationId'], message: 'is required for a submitter', params: required });
    } else if (k.organizationId) {
      ctx.addIssue({ code: 'custom', path: ['organizationId'], message: 'is only for a submitter' });
    }
  });

export type CampaignInput = z.output<typeof campaignSchema>;
export type OrganizationInput = z.output<typeof organizationSchema>;
export type SubmissionInput = z.output<typeof submissionSchema>;
export type DocumentRequest = z.output<typeof documentRequestSchema>;
export type KeyRequest = z.output<typeof keyRequestSchema>;
export type Level = (typeof LEVELS)[number];
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export type DocumentSymbol = (typeof SYMBOLS)[number];
export type SignatureStep = (typeof SIGNATURE_STEPS)[number];
