/**
 * A campaign's organizations with their state and latest submission, loaded once (every page of
 * GET /campaigns/{id}/organizations) and shared by the dashboard's chart and the organizations
 * view; each carries its search key, computed once, so that a search over 10,000 is a scan of
 * short strings. Views are told of every page as it arrives, so the first rows show at once.
 * Forgotten when the data changes (an import, a list of organizations).
 */
import { enc, getAll } from './api.ts';
import { searchKey } from './search.ts';
import type { Organization } from './types.ts';

export type IndexedOrganization = Organization & { key: string };
type Listener = (soFar: IndexedOrganization[]) => void;
type Load = { soFar: IndexedOrganization[]; listeners: Set<Listener>; done: Promise<IndexedOrganization[]> };

const loads = new Map<string, Load>();

export function loadOrganizations(campaignId: string, onProgress?: Listener): Promise<IndexedOrganization[]> {
  let load = loads.get(campaignId);
  if (!load) {
    const soFar: IndexedOrganization[] = [];
    const listeners = new Set<Listener>();
    const done = getAll<Organization>(`/campaigns/${enc(campaignId)}/organizations`, (items) => {
      for (const o of items.slice(soFar.length)) soFar.push({ ...o, key: searchKey(o.name) });
      for (const listener of listeners) listener(soFar.slice());
    }).then(() => soFar);
    load = { soFar, listeners, done };
    loads.set(campaignId, load);
    done.catch(() => loads.delete(campaignId));
  }
  if (onProgress) {
    load.listeners.add(onProgress);
    if (load.soFar.length) onProgress(load.soFar.slice());
    const stop = () => load.listeners.delete(onProgress);
    load.done.then(stop, stop);
  }
  return load.done;
}

export function forgetOrganizations(campaignId: string): void {
  loads.delete(campaignId);
}
