import { BatchGetCommand, BatchWriteCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Organization } from '#core/model.ts';
import type { OrganizationRepository } from '#core/ports.ts';
import { jitter, queryAll, queryPage, type Item, type Table } from './table.ts';

const orgKey = (campaignId: string, id: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: `ORG#${id}` });
const byCampaign = (campaignId: string) => ({
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :org)',
  ExpressionAttributeValues: { ':pk': `CAMPAIGN#${campaignId}`, ':org': 'ORG#' },
});

export function organizationRepository(table: Table): OrganizationRepository {
  return {
    async upsertOrganizations(campaignId, organizations) {
      const requests = organizations.map((o) => ({
        PutRequest: { Item: { ...orgKey(campaignId, o.id), data: o } satisfies Item<Organization> },
      }));
      for (let i = 0; i < requests.length; i += 25) {
        let pending: typeof requests | undefined = requests.slice(i, i + 25);
        for (let attempt = 0; pending && pending.length > 0; attempt++) {
          if (attempt > 0) await jitter(attempt + 3);
          const out = await table.doc.send(new BatchWriteCommand({ RequestItems: { [table.name]: pending } }));
          pending = out.UnprocessedItems?.[table.name] as typeof requests | undefined;
        }
      }
    },
    async getOrganizations(campaignId, ids) {
      const found = new Map<string, Organization>();
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += 100) {
        let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((id) => orgKey(campaignId, id));
        for (let attempt = 0; keys && keys.length > 0; attempt++) {
          if (attempt > 0) await jitter(attempt + 3);
          const out: BatchGetCommandOutput = await table.doc.send(new BatchGetCommand({ RequestItems: { [table.name]: { Keys: keys } } }));
          for (const item of out.Responses?.[table.name] ?? []) {
            const org = (item as Item<Organization>).data;
            found.set(org.id, org);
          }
          keys = out.UnprocessedKeys?.[table.name]?.Keys;
        }
      }
      return found;
    },
    listOrganizations: (campaignId, page) => queryPage<Organization>(table, byCampaign(campaignId), page),
    allOrganizations: (campaignId) => queryAll<Organization>(table, byCampaign(campaignId)),
  };
}
