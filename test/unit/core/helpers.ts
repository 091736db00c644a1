/** Builders for hand-made campaigns in the core unit tests. */
import type { Campaign, Organization, Submission } from '../../../functions/core/model.ts';
import type { Level } from '../../../functions/core/schemas.ts';

export type Unit = Organization['unit'];
export type Role = Submission['secretary']['concurrentRole'];

export function org(id: string, level: Level, unit: Unit, parentId?: string): Organization {
  return { id, name: `Tổ chức ${id}`, level, unit, campaignId: 'c-test', ...(parentId ? { parentId } : {}) };
}

export type SubOptions = {
  version?: number;
  direct?: boolean;
  /** [for, valid]; defaults to unanimous [10, 10] when direct. */
  votes?: [number, number] | null;
  isLocal?: boolean;
  role?: Role;
};

let seq = 0;

export function sub(organizationId: string, heldOn: string, o: SubOptions = {}): Submission {
  const direct = o.direct ?? true;
  const votes: [number, number] | null = o.votes === undefined ? (direct ? [10, 10] : null) : o.votes;
  seq += 1;
  return {
    id: `sub-${seq}`,
    campaignId: 'c-test',
    version: o.version ?? 1,
    receivedAt: '2020-01-01T00:00:00.000Z',
    organizationId,
    congress: { heldOn },
    secretary: {
      fullName: 'Nguyễn Văn An',
      electedDirectly: direct,
      ...(votes ? { votes: { for: votes[0], valid: votes[1] } } : {}),
      isLocal: o.isLocal ?? true,
      concurrentRole: o.role ?? null,
    },
  };
}

export const DEADLINES: Campaign['deadlines'] = {
  branch: '2020-01-31',
  grassroots: '2020-06-30',
  district: '2020-08-31',
};

export function campaign(
  targets: Campaign['targets'] = {},
  deadlines: Campaign['deadlines'] = DEADLINES,
): Pick<Campaign, 'deadlines' | 'targets'> {
  return { deadlines, targets };
}
