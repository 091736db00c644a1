import { createHash } from 'node:crypto';
import { requireSecretariat } from '../authorization.ts';
import type { Deps } from '../deps.ts';
import { Conflict, NotFound } from '../errors.ts';
import type { DocumentRecord, Principal } from '../model.ts';
import { SYMBOL_OF, firstNumber } from '../numbering.ts';
import type { Page, PageRequest } from '../ports.ts';
import { buildRenderInput, type RenderInput } from '../render-input.ts';
import { documentRequestSchema } from '../schemas.ts';
import { parseOrThrow } from '../validation.ts';
import { loadCampaign } from './campaigns.ts';

/** What a client sees of a document (CONTRACT §3 "Document"). */
export function documentView(d: DocumentRecord) {
  const { id, campaignId, type, status, number, issuedOn, asOf, sha256, bytes, pages, error, createdAt, readyAt } = d;
  return { id, campaignId, type, status, number, issuedOn, asOf, sha256, bytes, pages, error, createdAt, readyAt };
}

/**
 * Order an official document. In: the request. Out: the queued document, numbered in its series.
 * The number is given here, once; the worker renders the PDF later.
 */
export async function createDocument(deps: Deps, p: Principal, campaignId: string, body: unknown): Promise<DocumentRecord> {
  requireSecretariat(p, campaignId);
  const request = parseOrThrow(documentRequestSchema, body);
  const campaign = await loadCampaign(deps, campaignId);
  const symbol = SYMBOL_OF[request.type];
  const doc = await deps.repo.createNumberedDocument(
    {
      id: deps.newId(),
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

/** A presigned URL for a ready document's PDF; 409 before it is ready. */
export async function documentPdfUrl(deps: Deps, p: Principal, id: string): Promise<string> {
  const doc = await getDocument(deps, p, id);
  if (doc.status !== 'ready' || !doc.sha256) throw new Conflict(`Document ${id} is ${doc.status}, not ready yet.`);
  return deps.storage.presignPdf(doc.id, doc.sha256, pdfFileName(doc), deps.settings.presignSeconds);
}

export const pdfFileName = (doc: Pick<DocumentRecord, 'number'>) => `${doc.number.replace(/\//g, '-')}.pdf`;

/** Public check: is a file with this digest the one issued? Tells nothing else about it. */
export async function verifyDocument(deps: Deps, id: string, sha256: string) {
  const doc = await deps.repo.getDocument(id);
  if (!doc || doc.status !== 'ready') throw new NotFound(`Document ${id}`);
  if (doc.sha256 !== sha256.toLowerCase()) return { valid: false as const };
  return { valid: true as const, number: doc.number, issuer: doc.issuerName, issuedOn: doc.issuedOn, type: doc.type };
}

export type Renderer = (input: RenderInput) => Promise<{ pdf: Uint8Array; pages: number }>;

/**
 * The worker's job: render a queued document and store it. Idempotent: a ready document is left
 * alone. On the last allowed attempt a failure marks the document failed, with a sentence.
 */
export async function renderDocument(
  deps: Deps,
  render: Renderer,
  job: { documentId: string; attempt: number },
): Promise<'rendered' | 'skipped'> {
  try {
    // Inside the try: a read that fails on the last attempt must still mark the document failed.
    const doc = await deps.repo.getDocument(job.documentId);
    if (!doc || doc.status === 'ready') return 'skipped';
    // Another delivery may have finished it since the read: then leave its PDF alone.
    const started = await deps.repo.transitionDocument(doc.id, ['queued', 'rendering', 'failed'], { status: 'rendering', attempts: job.attempt });
    if (!started) return 'skipped';
    const campaign = await loadCampaign(deps, doc.campaignId);
    const [organizations, latestSubmissions] = await Promise.all([
      deps.repo.allOrganizations(doc.campaignId),
      deps.repo.allLatest(doc.campaignId),
    ]);
    const { createdAt: _c, updatedAt: _u, ...campaignData } = campaign;
    const { type, issuedOn, asOf, subject, addressees, recipients, signer, proposal } = doc.request;
    const input = buildRenderInput({
      campaign: campaignData,
      organizations,
      latestSubmissions,
      document: { id: doc.id, number: doc.number, type, issuedOn, asOf, subject, addressees, recipients, signer, proposal },
      publicBaseUrl: deps.settings.publicBaseUrl,
    });
    const { pdf, pages } = await render(input);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    await deps.storage.putPdf(doc.id, pdf, { sha256, fileName: pdfFileName(doc) });
    await deps.repo.transitionDocument(doc.id, ['rendering', 'queued', 'failed'], {
      status: 'ready',
      sha256,
      bytes: pdf.byteLength,
      pages,
      readyAt: deps.clock().toISOString(),
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
