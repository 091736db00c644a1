/**
 * A campaign's organizations with their state and latest submission, loaded once (every page of
 * GET /campaigns/{id}/organizations) and shared by the dashboard's chart and the organizations
 * view; each carries its search key, computed once, so that a search over 10,000 is a scan of
 * short strings. Forgotten when the data changes (an import, a submission).
 */
import { enc, getAll } from './api.ts';
import { searchKey } from './format.ts';
import type { Organization } from './types.ts';

export type IndexedOrganization = Organization & { key: string };

const loaded = new Map<string, Promise<IndexedOrganization[]>>();

export function loadOrganizations(campaignId: string, onProgress?: (count: number) => void): Promise<IndexedOrganization[]> {
  let promise = loaded.get(campaignId);
  if (!promise) {
    promise = getAll<Organization>(`/campaigns/${enc(campaignId)}/organizations`, (items) => onProgress?.(items.length)).then((items) =>
      items.map((o) => ({ ...o, key: searchKey(o.name) })),
    );
    promise.catch(() => loaded.delete(campaignId));
    loaded.set(campaignId, promise);
  }
  return promise;
}

export function forgetOrganizations(campaignId: string): void {
  loaded.delete(campaignId);
}
