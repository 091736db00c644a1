import { createHash } from 'node:crypto';
import { requireSecretariat } from '../authorization.ts';
import type { DocumentAnswer, VerifyAnswer } from '../answers.ts';
import type { Deps } from '../deps.ts';
import { Conflict, NotFound } from '../errors.ts';
import type { Campaign, DocumentRecord, Principal } from '../model.ts';
import { SYMBOL_OF, firstNumber } from '../numbering.ts';
import type { CompleteWith, Page, PageRequest } from '../ports.ts';
import { buildRenderInput, type RenderInput } from '../render-input.ts';
import { documentRequestSchema, recallRequestSchema, type DocumentRequest, type SignatureStep } from '../schemas.ts';
import { latestFile, nextSignatureStep, requiredSignatureSteps } from '../signature-steps.ts';
import { countedSubmissions } from '../stats.ts';
import { parseOrThrow } from '../validation.ts';
import { loadCampaign } from './campaigns.ts';

/** What a client sees of a document (CONTRACT §3 "Document"). */
export function documentView(d: DocumentRecord): DocumentAnswer {
  const { id, campaignId, type, status, number, issuedOn, asOf, sha256, bytes, pages, error, createdAt, readyAt } = d;
  const { recalledAt, recallReason, signatures, awaitingSignature } = d;
  return {
    ...{ id, campaignId, type, status, number, issuedOn, asOf, sha256, bytes, pages, error, createdAt, readyAt },
    ...{ recalledAt, recallReason, signatures, awaitingSignature },
  };
}

/**
 * The inputs a document is made from, fixed when it is ordered (CONTRACT §3): the campaign, its
 * organizations, the submissions counted as of `asOf`, and the request. The preview renders from
 * the same object, so what was previewed is what is issued.
 */
export type FrozenInputs = {
  campaign: RenderInput['campaign'];
  organizations: RenderInput['organizations'];
  submissions: RenderInput['submissions'];
  request: DocumentRequest;
};

async function freezeInputs(deps: Deps, campaign: Campaign, request: DocumentRequest): Promise<FrozenInputs> {
  const [organizations, latest] = await Promise.all([deps.repo.allOrganizations(campaign.id), deps.repo.allLatest(campaign.id)]);
  const { createdAt: _c, updatedAt: _u, ...campaignData } = campaign;
  return { campaign: campaignData, organizations, submissions: [...countedSubmissions(organizations, latest, request.asOf).values()], request };
}

/** The inputs a document was ordered with (written by createDocument). */
export async function readFrozenInputs(deps: Deps, documentId: string): Promise<FrozenInputs> {
  return JSON.parse(Buffer.from(await deps.storage.getInputs(documentId)).toString('utf8')) as FrozenInputs;
}

function renderInputOf(frozen: FrozenInputs, document: { id: string; number: string }, publicBaseUrl?: string, draft?: boolean): RenderInput {
  const { type, issuedOn, asOf, subject, addressees, recipients, signer, proposal } = frozen.request;
  return buildRenderInput({
    campaign: frozen.campaign,
    organizations: frozen.organizations,
    latestSubmissions: frozen.submissions,
    document: { ...document, type, issuedOn, asOf, subject, addressees, recipients, signer, proposal },
    publicBaseUrl,
    draft,
  });
}

export type Renderer = (input: RenderInput) => Promise<{ pdf: Uint8Array; pages: number }>;

/**
 * The draft of a document, before anything is numbered: the same request, inputs and renderer as
 * ordering, marked DỰ THẢO, the number blank, no QR code. Stores nothing, takes no number.
 */
export async function previewDocument(deps: Deps, p: Principal, campaignId: string, body: unknown, render: Renderer) {
  requireSecretariat(p, campaignId);
  const request = parseOrThrow(documentRequestSchema, body);
  const campaign = await loadCampaign(deps, campaignId);
  const frozen = await freezeInputs(deps, campaign, request);
  const { pdf, pages } = await render(renderInputOf(frozen, { id: 'preview', number: '' }, undefined, true));
  return { pdf, pages, fileName: `du-thao-${SYMBOL_OF[request.type]}.pdf` };
}

/**
 * Order an official document. In: the request. Out: the queued document, numbered in its series.
 * Steps: fix its inputs (stored beside its PDFs), give the number in one transaction with the
 * document (and the request's idempotency answer), queue it; the worker renders later.
 */
export async function createDocument(
  deps: Deps,
  p: Principal,
  campaignId: string,
  body: unknown,
  completeWith?: CompleteWith<DocumentRecord>,
): Promise<DocumentRecord> {
  requireSecretariat(p, campaignId);
  const request = parseOrThrow(documentRequestSchema, body);
  const campaign = await loadCampaign(deps, campaignId);
  const id = deps.newId();
  // Before the number: a crash in between leaves an unreferenced object, never a document without inputs.
  await deps.storage.putInputs(id, Buffer.from(JSON.stringify(await freezeInputs(deps, campaign, request))));
  const symbol = SYMBOL_OF[request.type];
  const doc = await deps.repo.createNumberedDocument(
    {
      id,
      campaignId,
      type: request.type,
      status: 'queued',
      symbol,
      issuedOn: request.issuedOn,
      asOf: request.asOf,
      issuerName: campaign.issuer.name,
      request,
      createdAt: deps.clock().toISOString(),
    },
    { issuerCode: campaign.issuer.code, firstNumber: firstNumber(campaign.lastNumbers, symbol) },
    completeWith,
  );
  try {
    await deps.queue.send({ documentId: doc.id });
  } catch (err) {
    // The number stays with the document (no silent gap); the failure is visible on it.
    await deps.repo.transitionDocument(doc.id, ['queued'], {
      status: 'failed',
      error: 'The document could not be queued for rendering; order it again.',
    });
    throw err;
  }
  return doc;
}

export async function getDocument(deps: Deps, p: Principal, id: string): Promise<DocumentRecord> {
  const doc = await deps.repo.getDocument(id);
  if (!doc) throw new NotFound(`Document ${id}`);
  requireSecretariat(p, doc.campaignId);
  return doc;
}

export async function listDocuments(deps: Deps, p: Principal, campaignId: string, page: PageRequest): Promise<Page<DocumentRecord>> {
  requireSecretariat(p, campaignId);
  await loadCampaign(deps, campaignId);
  return deps.repo.listDocuments(campaignId, page);
}

/** A presigned URL for a document's PDF (a recalled one too: it stays in the archive); 409 before it is ready. */
export async function documentPdfUrl(deps: Deps, p: Principal, id: string): Promise<string> {
  const doc = await getDocument(deps, p, id);
  const file = latestFile(doc);
  if ((doc.status !== 'ready' && doc.status !== 'recalled') || !file) throw new Conflict(`Document ${id} is ${doc.status}, not ready yet.`);
  return deps.storage.presignPdf(doc.id, file.sha256, pdfFileName(doc), deps.settings.presignSeconds);
}

export const pdfFileName = (doc: Pick<DocumentRecord, 'number'>) => `${doc.number.replace(/\//g, '-')}.pdf`;

/**
 * Recall (thu hồi) a ready document, with a reason. Its number stays taken and is never given
 * again; its PDF stays downloadable for the archive; /verify says it is recalled.
 */
export async function recallDocument(deps: Deps, p: Principal, id: string, body: unknown): Promise<DocumentRecord> {
  const { reason } = parseOrThrow(recallRequestSchema, body);
  const doc = await getDocument(deps, p, id);
  const change = { status: 'recalled' as const, recalledAt: deps.clock().toISOString(), recallReason: reason };
  if (!(await deps.repo.transitionDocument(id, ['ready'], change))) {
    const now = (await deps.repo.getDocument(id)) ?? doc;
    throw new Conflict(`Only a ready document can be recalled; document ${now.number} is ${now.status}.`);
  }
  return { ...doc, ...change };
}

/**
 * Public check (CONTRACT §2): the facts printed on the document and its status; with a digest,
 * whether a file with that digest is one issued (the issued PDF or a signed version of it).
 * An unknown id, or a wrong digest, tells nothing more than that.
 */
export async function verifyDocument(deps: Deps, id: string, sha256?: string): Promise<VerifyAnswer> {
  const doc = await deps.repo.getDocument(id);
  if (!doc || (doc.status !== 'ready' && doc.status !== 'recalled') || !doc.sha256) throw new NotFound(`Document ${id}`);
  const files = [doc.sha256, ...(doc.signatures ?? []).map((s) => s.sha256)];
  if (sha256 !== undefined && !files.includes(sha256.toLowerCase())) return { valid: false as const };
  const facts = {
    number: doc.number,
    issuer: doc.issuerName,
    issuedOn: doc.issuedOn,
    type: doc.type,
    status: doc.status === 'recalled' ? ('recalled' as const) : ('issued' as const),
    ...(doc.recalledAt ? { recalledAt: doc.recalledAt } : {}),
    ...(doc.signatures?.length
      ? { signatures: doc.signatures.map(({ step, signer, signedAt }) => ({ step, signer, signedAt, valid: true })) }
      : {}),
  };
  return sha256 === undefined ? facts : { valid: true as const, ...facts };
}

function firstAwaited(steps: SignatureStep[], serverSigns: boolean): SignatureStep | undefined {
  const next = nextSignatureStep(steps);
  return next === 'organization' && !serverSigns ? undefined : next;
}

/**
 * The worker's job: render a queued document from its frozen inputs and store it. Idempotent: a
 * ready document is left alone. On the last allowed attempt a failure marks the document
 * failed, with a sentence.
 */
export async function renderDocument(
  deps: Deps,
  render: Renderer,
  job: { documentId: string; attempt: number },
): Promise<'rendered' | 'skipped'> {
  try {
    // Inside the try: a read that fails on the last attempt must still mark the document failed.
    const doc = await deps.repo.getDocument(job.documentId);
    if (!doc || doc.status === 'ready' || doc.status === 'recalled') return 'skipped';
    // Another delivery may have finished it since the read: then leave its PDF alone.
    const started = await deps.repo.transitionDocument(doc.id, ['queued', 'rendering', 'failed'], {
      status: 'rendering',
      attempts: job.attempt,
      renderingSince: deps.clock().toISOString(),
    });
    if (!started) return 'skipped';
    const frozen = await readFrozenInputs(deps, doc.id);
    const { pdf, pages } = await render(renderInputOf(frozen, doc, deps.settings.publicBaseUrl));
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    await deps.storage.putPdf(doc.id, pdf, { sha256, fileName: pdfFileName(doc) });
    await deps.repo.transitionDocument(doc.id, ['rendering', 'queued', 'failed'], {
      status: 'ready',
      sha256,
      bytes: pdf.byteLength,
      pages,
      readyAt: deps.clock().toISOString(),
      // Ready, and awaiting its first signature from this moment (the campaign as ordered says
      // which); a server given no organization's key (a test, a bare local run) signs nothing
      // itself, so it does not say it will.
      awaitingSignature: firstAwaited(requiredSignatureSteps(frozen.campaign, doc.type), Boolean(deps.signatureKey)),
    });
    return 'rendered';
  } catch (err) {
    if (job.attempt >= deps.settings.renderAttempts) {
      await deps.repo.transitionDocument(job.documentId, ['queued', 'rendering'], {
        status: 'failed',
        error: 'The document could not be rendered after several attempts; order it again or contact the operator.',
      });
    }
    throw err;
  }
}
