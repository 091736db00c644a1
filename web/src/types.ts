/**
 * The API's shapes as the console reads them: the very types of the server's answers
 * (functions/core/answers.ts, type-only, so nothing of it enters the bundle). A view that
 * changes on the server changes here, and the console's build says where it no longer fits.
 */
import type {
  CampaignAnswer,
  DocumentAnswer,
  KeyAnswer,
  MeAnswer,
  OrganizationAnswer,
  StatsAnswer,
  SubmissionAnswer,
} from '../../functions/core/answers.ts';

export type Level = OrganizationAnswer['level'];
export const LEVELS: readonly Level[] = ['branch', 'grassroots', 'district'];
export type DocumentType = DocumentAnswer['type'];

export type Me = MeAnswer;
export type Campaign = CampaignAnswer;
export type TargetMetric = StatsAnswer['targets'][number]['metric'];
export const TARGET_METRICS: readonly TargetMetric[] = [
  'directElectionPercent',
  'districtNonLocalPercent',
  'communeNonLocalPercent',
  'communeConcurrentChairPercent',
  'districtConcurrentChairCount',
  'villageBranchHeadPercent',
];
export type Organization = OrganizationAnswer;
export type Submission = SubmissionAnswer;
export type Stats = StatsAnswer;
export type LevelStats = Stats['levels'][Level];
export type DocumentView = DocumentAnswer;
export type KeyView = KeyAnswer;
