import { Forbidden } from './errors.ts';
import type { Principal } from './model.ts';

/**
 * Who may do what, in one place (CONTRACT §2 "Keys and roles").
 * A secretariat key without campaignId covers every campaign; with one, only that campaign.
 * A submitter key covers one organization of one campaign.
 */
export function requireSecretariat(p: Principal, campaignId?: string): void {
  if (p.role !== 'secretariat') throw new Forbidden('This needs a secretariat key.');
  if (p.campaignId && campaignId !== undefined && p.campaignId !== campaignId) {
    throw new Forbidden('This key belongs to another campaign.');
  }
}

/** For routes secretariat keys of the campaign and its submitters may read. */
export function requireCampaignMember(p: Principal, campaignId: string): void {
  if (p.campaignId && p.campaignId !== campaignId) throw new Forbidden('This key belongs to another campaign.');
}

/** Secretariat of the campaign, or the submitter of that very organization. */
export function requireOrganizationAccess(p: Principal, campaignId: string, organizationId: string): void {
  requireCampaignMember(p, campaignId);
  if (p.role === 'submitter' && p.organizationId !== organizationId) {
    throw new Forbidden('A submitter key may only act for its own organization.');
  }
}

/** All-campaign secretariat only: such a key may mint keys for any campaign. */
export function requireKeyAdmin(p: Principal, campaignId?: string): void {
  requireSecretariat(p);
  if (p.campaignId && campaignId !== p.campaignId) {
    throw new Forbidden('A campaign secretariat key may only issue keys for its own campaign.');
  }
}
