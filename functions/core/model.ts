import type {
  CampaignInput,
  DOCUMENT_STATUSES,
  DocumentRequest,
  DocumentSymbol,
  DocumentType,
  Level,
  OrganizationInput,
  SignatureStep,
  SubmissionInput,
} from './schemas.ts';

/** What is recorded: the validated inputs plus the facts the system adds. */

export type Campaign = Omit<CampaignInput, 'id'> & { id: string; createdAt: string; updatedAt: string };

export type Organization = OrganizationInput & { campaignId: string };

export type Submission = SubmissionInput & {
  id: string;
  campaignId: string;
  version: number;
  receivedAt: string;
  /** The key that recorded it (its id, never the secret). */
  submittedBy?: string;
};

export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** One signature applied to a document's file, in order (the person's, then the organization's). */
export type SignatureRecord = {
  step: SignatureStep;
  /** The certificate's subject, as a reader shows it (its common name). */
  signer: string;
  signedAt: string;
  /** The file after this signature: its SHA-256 and size. */
  sha256: string;
  bytes: number;
};

export type DocumentRecord = {
  id: string;
  campaignId: string;
  type: DocumentType;
  status: DocumentStatus;
  /** Formatted, e.g. `415-BC/TU`. */
  number: string;
  sequence: number;
  symbol: DocumentSymbol;
  issuedOn: string;
  asOf: string;
  /** Denormalised for /verify, which reads nothing else. */
  issuerName: string;
  request: DocumentRequest;
  sha256?: string;
  bytes?: number;
  pages?: number;
  error?: string;
  attempts?: number;
  createdAt: string;
  /** When the last delivery of its render job started (stranded-documents.ts). */
  renderingSince?: string;
  readyAt?: string;
  recalledAt?: string;
  recallReason?: string;
  /** Signatures applied so far; the last one's file is what a download gives. */
  signatures?: SignatureRecord[];
  /** The next signature the campaign requires for this type, while it is missing. */
  awaitingSignature?: SignatureStep;
};

export type Role = 'secretariat' | 'submitter';

export type ApiKey = {
  id: string;
  role: Role;
  campaignId?: string;
  organizationId?: string;
  label?: string;
  /** SHA-256 of the secret part, hex. */
  secretHash: string;
  createdAt: string;
  revokedAt?: string;
};

/** Who is calling, once the key has been checked. */
export type Principal = Pick<ApiKey, 'id' | 'role' | 'campaignId' | 'organizationId'>;

export type LevelStats = {
  total: number;
  held: number;
  heldPercent: number | null;
  lastHeldOn: string | null;
  completedOn?: string;
  daysBeforeDeadline?: number;
  directElection: number;
  directElectionPercent: number | null;
  unanimous: number;
  nonLocal: number;
  nonLocalPercent: number | null;
  concurrentChair: number;
  villageHead: number;
};

export type TargetMetric =
  | 'directElectionPercent'
  | 'districtNonLocalPercent'
  | 'communeNonLocalPercent'
  | 'communeConcurrentChairPercent'
  | 'districtConcurrentChairCount'
  | 'villageBranchHeadPercent';

export type TargetResult = { metric: TargetMetric; target: number; actual: number | null; met: boolean };

export type Stats = {
  asOf: string;
  levels: Record<Level, LevelStats>;
  targets: TargetResult[];
};

export type { DocumentRequest, DocumentSymbol, DocumentType, Level };
