import type { ApiKey, Campaign, DocumentRecord, Organization, Submission } from './model.ts';
import type { Level, SubmissionInput } from './schemas.ts';

/**
 * What the use cases need from the outside world. Adapters implement these (DynamoDB, S3, SQS,
 * the in-process queue); tests may use the same adapters against the local servers.
 */

/** An opaque position in a listing; the HTTP layer signs it into a cursor. */
export type PageKey = Record<string, unknown>;
export type Page<T> = { items: T[]; next?: PageKey };
export type PageRequest = { limit: number; after?: PageKey };

export interface CampaignRepository {
  getCampaign(id: string): Promise<Campaign | undefined>;
  /** Returns whether the campaign was created (true) or replaced. */
  putCampaign(campaign: Campaign): Promise<boolean>;
  /** Campaigns by id, a page. */
  listCampaigns(page: PageRequest): Promise<Page<Campaign>>;
}

export interface OrganizationRepository {
  upsertOrganizations(campaignId: string, organizations: Organization[]): Promise<void>;
  getOrganizations(campaignId: string, ids: string[]): Promise<Map<string, Organization>>;
  /** A page of organizations; with a level, only those (a page may then hold fewer than the limit). */
  listOrganizations(campaignId: string, page: PageRequest, filter?: { level?: Level }): Promise<Page<Organization>>;
  allOrganizations(campaignId: string): Promise<Organization[]>;
}

export interface SubmissionRepository {
  /** Stores the next version for the organization and makes it the latest, atomically. */
  addSubmission(
    campaignId: string,
    input: SubmissionInput,
    facts: { id: string; receivedAt: string; submittedBy?: string },
    completeWith?: CompleteWith<Submission>,
  ): Promise<Submission>;
  getSubmission(id: string): Promise<Submission | undefined>;
  getLatest(campaignId: string, organizationId: string): Promise<Submission | undefined>;
  listLatest(campaignId: string, page: PageRequest): Promise<Page<Submission>>;
  /** Every version of one organization's result, newest first. */
  listVersions(campaignId: string, organizationId: string): Promise<Submission[]>;
  /** The latest submission of each of these organizations that has one. */
  latestFor(campaignId: string, organizationIds: string[]): Promise<Map<string, Submission>>;
  allLatest(campaignId: string): Promise<Submission[]>;
}

export interface DocumentRepository {
  /**
   * Gives the document the next number of its series and records it, atomically: a number is
   * given once, never twice, and never lost between the two writes.
   */
  createNumberedDocument(
    doc: Omit<DocumentRecord, 'number' | 'sequence'>,
    series: { issuerCode: string; firstNumber: number },
    completeWith?: CompleteWith<DocumentRecord>,
  ): Promise<DocumentRecord>;
  getDocument(id: string): Promise<DocumentRecord | undefined>;
  listDocuments(campaignId: string, page: PageRequest): Promise<Page<DocumentRecord>>;
  /** Applies the change only when the document is in one of `from` statuses; returns whether it did. */
  transitionDocument(id: string, from: DocumentRecord['status'][], change: Partial<DocumentRecord>): Promise<boolean>;
  /** Documents neither ready nor failed yet, for a queue that restarts without its messages. */
  pendingDocumentIds(): Promise<string[]>;
}

export interface KeyRepository {
  putKey(key: ApiKey, completeWith?: CompleteWith<ApiKey>): Promise<void>;
  getKey(id: string): Promise<ApiKey | undefined>;
  listKeys(page: PageRequest): Promise<Page<ApiKey>>;
  revokeKey(id: string, at: string): Promise<boolean>;
}

export type IdempotentResponse = { status: number; headers: Record<string, string>; body: string };

/**
 * Exactly once: the answer to an idempotent request, written in the SAME transaction as the data
 * it answers, on condition that the request still holds its claim (`token`). A crash before the
 * transaction leaves nothing; after it, a retry replays the answer.
 */
export type ClaimCompletion = { key: string; token: string; response: IdempotentResponse };
/** Builds the completion from what the write stored (a version number, a document number). */
export type CompleteWith<T> = (stored: T) => ClaimCompletion;

export interface IdempotencyStore {
  /**
   * Claims `key` for a request whose body digest is `fingerprint`. Returns `claimed` when this
   * request should run, the stored response when an earlier one finished, `conflict` when the key
   * was used with another body, and `in-progress` while the first is still running.
   */
  claim(
    key: string,
    fingerprint: string,
    ttlSeconds: number,
  ): Promise<
    | { state: 'claimed'; token: string }
    | { state: 'done'; response: IdempotentResponse }
    | { state: 'conflict' }
    | { state: 'in-progress'; retryAfterSeconds: number }
  >;
  /** Stores the answer unless the write already did (same transaction) or the claim was taken over. */
  complete(key: string, token: string, response: IdempotentResponse): Promise<void>;
  /** Frees the claim (nothing was written), unless another request has taken it over. */
  release(key: string, token: string): Promise<void>;
}

export interface DocumentStorage {
  /** Every version of a document's file (issued, then each signature) is kept under its own digest. */
  putPdf(documentId: string, pdf: Uint8Array, meta: { sha256: string; fileName: string }): Promise<void>;
  getPdf(documentId: string, sha256: string): Promise<Uint8Array>;
  presignPdf(documentId: string, sha256: string, fileName: string, expiresInSeconds: number): Promise<string>;
  /** The inputs a document is made from, fixed when it is ordered (JSON). */
  putInputs(documentId: string, inputs: Uint8Array): Promise<void>;
  getInputs(documentId: string): Promise<Uint8Array>;
  /**
   * A file prepared for the person's signature, read back when it is completed; not a version of
   * the document (one never completed is forgotten by the store after a day in AWS).
   */
  putPreparedPdf(documentId: string, pdf: Uint8Array, meta: { sha256: string }): Promise<void>;
  getPreparedPdf(documentId: string, sha256: string): Promise<Uint8Array>;
}

/**
 * The organization's signing key (Nghị định 30/2020 Đ.8, Đ.33): a KMS asymmetric key in AWS, a
 * key and certificate under DATA_DIR (or a PKCS#12 file) locally. It signs a SHA-256 digest and
 * never gives out the private key.
 */
export interface SignatureKey {
  readonly algorithm: 'RSASSA_PKCS1_V1_5_SHA_256' | 'ECDSA_SHA_256';
  /** DER certificates, the signer's first, then its chain. */
  certificateChain(): Promise<Uint8Array[]>;
  /** The signature of a SHA-256 digest (for ECDSA: DER-encoded). */
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
}

/** GET /health: whether the stores every request needs answer, each asked once, briefly. */
export interface HealthCheck {
  /** What did not answer in time, e.g. `['table']`; empty when everything did. */
  failing(): Promise<HealthCheckTarget[]>;
}
export type HealthCheckTarget = 'table' | 'bucket';

export type RenderJob = { documentId: string };

export interface DocumentQueue {
  send(job: RenderJob): Promise<void>;
}

export type Repositories = CampaignRepository &
  OrganizationRepository &
  SubmissionRepository &
  DocumentRepository &
  KeyRepository;
