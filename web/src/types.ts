/** The API's shapes as the console reads them (CONTRACT §2–4). */
export type Level = 'branch' | 'grassroots' | 'district';
export const LEVELS: readonly Level[] = ['branch', 'grassroots', 'district'];
export type OrgState = 'reported' | 'pending' | 'late';
export type DocumentType = 'report' | 'proposal' | 'letter';

export type Me = { id: string; role: 'secretariat' | 'submitter'; campaignId?: string; organizationId?: string; label?: string };

export type Campaign = {
  id: string;
  name: string;
  issuer: { name: string; code: string; parentName?: string | null; place: string; archiveCode: string };
  term: string;
  directive: { number: string; title: string };
  plan?: { number: string } | null;
  deadlines: Record<Level, string>;
  targets: Partial<Record<TargetMetric, number>>;
  lastNumbers: Partial<Record<'BC' | 'TTr' | 'CV', number>>;
};

export const TARGET_METRICS = [
  'directElectionPercent',
  'districtNonLocalPercent',
  'communeNonLocalPercent',
  'communeConcurrentChairPercent',
  'districtConcurrentChairCount',
  'villageBranchHeadPercent',
] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

export type Organization = {
  id: string;
  name: string;
  level: Level;
  unit: string;
  parentId?: string | null;
  state?: OrgState;
  latestSubmission?: { id: string; version: number; heldOn: string; receivedAt: string };
};

export type Submission = {
  id: string;
  campaignId: string;
  organizationId: string;
  version: number;
  receivedAt: string;
  congress: { heldOn: string; delegatesElected?: number; delegatesAttended?: number };
  secretary: {
    fullName: string;
    electedDirectly: boolean;
    votes?: { for: number; valid: number };
    isLocal: boolean;
    concurrentRole: 'people-committee-chair' | 'village-head' | null;
  };
  committeeSize?: number;
  recommendations?: string[];
  notes?: string;
};

export type LevelStats = {
  total: number;
  held: number;
  heldPercent: number | null;
  lastHeldOn: string | null;
  completedOn?: string;
  daysBeforeDeadline?: number;
};
export type Stats = {
  asOf: string;
  levels: Record<Level, LevelStats>;
  targets: { metric: TargetMetric; target: number; actual: number | null; met: boolean }[];
};

export type DocumentView = {
  id: string;
  campaignId: string;
  type: DocumentType;
  status: 'queued' | 'rendering' | 'ready' | 'failed' | 'recalled';
  number: string;
  issuedOn: string;
  asOf: string;
  createdAt: string;
  readyAt?: string;
  error?: string;
  recalledAt?: string;
  recallReason?: string;
  pages?: number;
  bytes?: number;
  /** The next signature the campaign asks for, while it is missing. */
  awaitingSignature?: 'person' | 'organization';
  signatures?: { step: 'person' | 'organization'; signer: string; signedAt: string }[];
};

export type KeyView = { id: string; role: 'secretariat' | 'submitter'; campaignId?: string; organizationId?: string; label?: string; createdAt?: string; revokedAt?: string };
