import type { PreparedSignatureAnswer } from '../answers.ts';
import type { Deps } from '../deps.ts';
import { Conflict, ValidationError, type FieldError } from '../errors.ts';
import type { DocumentRecord, Principal } from '../model.ts';
import type { SignatureStep } from '../schemas.ts';
import { algorithmOf, certificateDer, CertificateError, certificateUnfitAt, signatureMatchesCertificate, signerName } from '../signing/cms.ts';
import { completeSignatureSchema, prepareSignatureSchema } from '../signing/schemas.ts';
import { InvalidSession, openSession, sealSession } from '../signing/session.ts';
import { beginSignature, finishSignature, sha256, sha256Hex, signedAttributesOf, signPdf, verifyLastSignature } from '../signing/sign-pdf.ts';
import { parseOrThrow } from '../validation.ts';
import { latestFile, nextSignatureStep, requiredSignatureSteps } from '../signature-steps.ts';
import { getDocument, pdfFileName, readFrozenInputs } from './documents.ts';

/**
 * The signatures a document needs, in the order of Nghị định 30/2020 Đ.32–33: the person with
 * authority first (with a key the server never holds: prepare → the signer's token → complete),
 * then the organization (the server's key, applied by the worker). Each signature is a new file
 * version, stored under its digest; the document lists them and says which one it awaits.
 */

const REASONS: Record<SignatureStep, string> = {
  person: 'Người có thẩm quyền ký ban hành văn bản',
  organization: 'Chữ ký số của cơ quan, tổ chức (Nghị định 30/2020/NĐ-CP, Điều 33)',
};

/** How long a prepared signature waits for the signer's token. */
const SESSION_MINUTES = 30;

/**
 * The organization's signature, applied by the worker with `deps.signatureKey`. In: a document
 * id. Out: whether it signed. Skips (and changes nothing) without a key, for a document not
 * ready, when the campaign does not ask for it, when the person has not signed yet, and when the
 * organization has signed already (a redelivered job).
 */
export async function applyOrganizationSignature(deps: Deps, document: Pick<DocumentRecord, 'id'>): Promise<'signed' | 'skipped'> {
  const key = deps.signatureKey;
  if (!key) return 'skipped';
  const doc = await deps.repo.getDocument(document.id);
  const latest = doc && latestFile(doc);
  if (!doc || doc.status !== 'ready' || !latest) return 'skipped';
  const steps = await stepsAsOrdered(deps, doc);
  if (nextSignatureStep(steps, doc.signatures) !== 'organization') return 'skipped';

  const signedAt = deps.clock();
  const base = await deps.storage.getPdf(doc.id, latest.sha256);
  const { pdf, signer } = await signPdf(base, key, { signedAt, reason: REASONS.organization });
  return (await recordSignature(deps, doc, steps, { step: 'organization', signer, signedAt, pdf })) ? 'signed' : 'skipped';
}

/**
 * The person's step, first half. In: the signer's certificate (PEM or base64 DER, chain
 * optional). Out: what their token signs (the DER of the CMS signed attributes and its SHA-256)
 * and a sealed signing id; the file with the placeholder is stored meanwhile.
 */
export async function prepareSignature(deps: Deps, p: Principal, documentId: string, body: unknown): Promise<PreparedSignatureAnswer> {
  // Who may (403/404), then what is sent (400), then whether the document can take it (409).
  const found = await getDocument(deps, p, documentId);
  const input = parseOrThrow(prepareSignatureSchema, body);
  const signedAt = deps.clock();
  const chain = parseChain(input.certificate, input.chain ?? [], signedAt);
  const { doc, latest } = await awaitingPerson(deps, found);

  const base = await deps.storage.getPdf(doc.id, latest.sha256);
  const begun = beginSignature(base, chain, { signedAt, reason: REASONS.person });
  const preparedSha256 = sha256Hex(begun.prepared);
  await deps.storage.putPreparedPdf(doc.id, begun.prepared, { sha256: preparedSha256 });
  const expiresAt = new Date(signedAt.getTime() + SESSION_MINUTES * 60_000).toISOString();
  const signingId = sealSession(deps.settings.cursorSecret, {
    documentId: doc.id,
    baseSha256: latest.sha256,
    preparedSha256,
    chain: chain.map((c) => Buffer.from(c).toString('base64')),
    signedAt: signedAt.toISOString(),
    expiresAt,
  });
  return {
    signingId,
    expiresAt,
    algorithm: algorithmOf(chain[0]!),
    signedAttributes: Buffer.from(begun.signedAttrs).toString('base64'),
    digest: Buffer.from(begun.toBeSigned).toString('hex'),
    certificate: { subject: begun.signer, sha256: sha256Hex(chain[0]!) },
  };
}

/**
 * The person's step, second half. In: the signing id and the signature of the signed
 * attributes. Checks it with the declared certificate (another key's signature is a 400), embeds
 * the CMS, checks the file, stores it and records the signature; then queues the document so the
 * worker applies the organization's signature after the person's (Đ.33).
 */
export async function completeSignature(deps: Deps, p: Principal, documentId: string, body: unknown): Promise<DocumentRecord> {
  const found = await getDocument(deps, p, documentId);
  const input = parseOrThrow(completeSignatureSchema, body);
  let session;
  try {
    session = openSession(deps.settings.cursorSecret, input.signingId, deps.clock());
  } catch (err) {
    if (err instanceof InvalidSession) throw fieldError('/signingId', err.message);
    // No secret to open sessions with is the deployment's fault, not the request's.
    throw err;
  }
  if (session.documentId !== documentId) throw fieldError('/signingId', 'was prepared for another document');
  const { doc, latest, steps } = await awaitingPerson(deps, found);
  if (latest.sha256 !== session.baseSha256) throw new Conflict('The document has changed since the signature was prepared; prepare it again.');

  const chain = session.chain.map((c) => new Uint8Array(Buffer.from(c, 'base64')));
  const signature = new Uint8Array(Buffer.from(input.signature, 'base64'));
  const prepared = await deps.storage.getPreparedPdf(doc.id, session.preparedSha256);
  if (!signatureMatchesCertificate(signedAttributesOf(prepared, chain[0]!), signature, chain[0]!)) {
    throw fieldError('/signature', 'does not verify with the certificate given to prepare (signed with another key, or other bytes)');
  }
  const pdf = finishSignature(prepared, signature, chain);
  const recorded = await recordSignature(deps, doc, steps, { step: 'person', signer: signerName(chain[0]!), signedAt: new Date(session.signedAt), pdf });
  if (!recorded) throw new Conflict(`Document ${documentId} is no longer ready; it cannot be signed.`);
  if (nextSignatureStep(steps, recorded.signatures) === 'organization') await deps.queue.send({ documentId: doc.id });
  return recorded;
}

/** The document, if it is ready and its next signature is the person's. */
async function awaitingPerson(deps: Deps, doc: DocumentRecord) {
  const documentId = doc.id;
  const latest = latestFile(doc);
  if (doc.status !== 'ready' || !latest) throw new Conflict(`Document ${documentId} is ${doc.status}; only a ready document can be signed.`);
  const steps = await stepsAsOrdered(deps, doc);
  if (!steps.includes('person')) throw new Conflict(`The campaign does not ask for a person's signature on a ${doc.type}.`);
  if (nextSignatureStep(steps, doc.signatures) !== 'person') throw new Conflict(`Document ${documentId} already carries the person's signature.`);
  return { doc, latest, steps };
}

/**
 * The steps of the campaign as it stood when the document was ordered (its frozen inputs), as
 * the worker used them to mark the first awaited signature: a later change of the setting does
 * not change what an issued document needs.
 */
async function stepsAsOrdered(deps: Deps, doc: DocumentRecord): Promise<SignatureStep[]> {
  return requiredSignatureSteps((await readFrozenInputs(deps, doc.id)).campaign, doc.type);
}

/** Checks the new file's signature, stores it and appends the record, if the document is still ready. */
async function recordSignature(
  deps: Deps,
  doc: DocumentRecord,
  steps: readonly SignatureStep[],
  s: { step: SignatureStep; signer: string; signedAt: Date; pdf: Uint8Array },
): Promise<DocumentRecord | undefined> {
  // Never store a file whose signature a reader would reject.
  if (!verifyLastSignature(s.pdf).valid) throw new Error(`the ${s.step} signature of document ${doc.id} does not verify`);
  const sha = Buffer.from(sha256(s.pdf)).toString('hex');
  await deps.storage.putPdf(doc.id, s.pdf, { sha256: sha, fileName: pdfFileName(doc) });
  const signatures = [...(doc.signatures ?? []), { step: s.step, signer: s.signer, signedAt: s.signedAt.toISOString(), sha256: sha, bytes: s.pdf.byteLength }];
  // The whole list is set, not appended to: two deliveries signing at once leave one record (the
  // last writer's, whose file is stored too), never the same step twice.
  const change = { signatures, awaitingSignature: nextSignatureStep(steps, signatures) };
  if (!(await deps.repo.transitionDocument(doc.id, ['ready'], change))) return undefined;
  return { ...doc, ...change };
}

function parseChain(certificate: string, rest: string[], signedAt: Date): Uint8Array[] {
  const errors: FieldError[] = [];
  const parse = (text: string, path: string) => {
    try {
      return certificateDer(text);
    } catch (err) {
      errors.push({ path, code: 'invalid', message: err instanceof CertificateError ? err.message : 'is not an X.509 certificate' });
      return new Uint8Array();
    }
  };
  const chain = [parse(certificate, '/certificate'), ...rest.map((c, i) => parse(c, `/chain/${i}`))];
  if (errors.length === 0) {
    try {
      algorithmOf(chain[0]!);
      const unfit = certificateUnfitAt(chain[0]!, signedAt);
      if (unfit) errors.push({ path: '/certificate', code: 'invalid', message: unfit });
    } catch (err) {
      errors.push({ path: '/certificate', code: 'invalid', message: (err as Error).message });
    }
  }
  if (errors.length) throw new ValidationError(errors);
  return chain;
}

const fieldError = (path: string, message: string) => new ValidationError([{ path, code: 'invalid', message }]);
