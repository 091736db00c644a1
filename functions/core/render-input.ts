import type { Campaign, DocumentRecord, Organization, Stats, Submission } from './model.ts';
import { countedSubmissions, computeStats } from './stats.ts';

/**
 * Everything a template needs to write one official document, and nothing it must fetch.
 * The worker and `congress-docs render` both build it here, so both render the same bytes.
 */
export type RenderInput = {
  campaign: Omit<Campaign, 'createdAt' | 'updatedAt'>;
  /** Every organization of the campaign. */
  organizations: Organization[];
  /** The counted submissions (latest version of each organization, held on or before asOf). */
  submissions: Submission[];
  stats: Stats;
  document: Pick<
    DocumentRecord['request'],
    'type' | 'issuedOn' | 'asOf' | 'subject' | 'addressees' | 'recipients' | 'signer' | 'proposal'
  > & {
    id: string;
    /** Formatted, e.g. `415-BC/TU`. */
    number: string;
  };
  /**
   * `<PUBLIC_BASE_URL>/verify/<documentId>`, carried by the QR code. Absent when there is no
   * address to verify at (a draft, or `congress-docs render` without a base URL): then no QR code.
   */
  verifyUrl?: string;
  /**
   * A draft (the preview): marked `DỰ THẢO` on every page, the number left blank
   * (`Số      -BC/TU`), no QR code. `document.number` is ignored.
   */
  draft?: boolean;
};

export function buildRenderInput(args: {
  campaign: RenderInput['campaign'];
  organizations: Organization[];
  latestSubmissions: Submission[];
  document: RenderInput['document'];
  /** Absent or empty: no verification address, so no QR code. */
  publicBaseUrl?: string;
  /** A preview: see RenderInput.draft. */
  draft?: boolean;
}): RenderInput {
  const { campaign, organizations, latestSubmissions, document } = args;
  const submissions = [...countedSubmissions(organizations, latestSubmissions, document.asOf).values()];
  const stats = computeStats(campaign, organizations, latestSubmissions, document.asOf);
  const base = args.publicBaseUrl?.replace(/\/+$/, '');
  return {
    campaign,
    organizations,
    submissions,
    stats,
    document,
    ...(args.draft ? { draft: true } : base ? { verifyUrl: `${base}/verify/${encodeURIComponent(document.id)}` } : {}),
  };
}
