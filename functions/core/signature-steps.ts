import type { Campaign, DocumentRecord, SignatureRecord } from './model.ts';
import type { DocumentType, SignatureStep } from './schemas.ts';

/** The campaign's steps for a document type; absent: the organization's signature only. */
export function requiredSignatureSteps(campaign: Pick<Campaign, 'signatures'>, type: DocumentType): SignatureStep[] {
  return [...(campaign.signatures?.[type] ?? ['organization'])];
}

/** The next step still missing, or undefined when the document has every signature it needs. */
export function nextSignatureStep(steps: readonly SignatureStep[], signatures: readonly SignatureRecord[] = []): SignatureStep | undefined {
  return steps.find((s) => !signatures.some((r) => r.step === s));
}

/** The document's current file, what a download gives: the last signature's, else the issued one. */
export function latestFile(doc: Pick<DocumentRecord, 'sha256' | 'bytes' | 'signatures'>): { sha256: string; bytes: number } | undefined {
  const last = doc.signatures?.at(-1);
  if (last) return { sha256: last.sha256, bytes: last.bytes };
  return doc.sha256 && doc.bytes !== undefined ? { sha256: doc.sha256, bytes: doc.bytes } : undefined;
}
