import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Organization } from '#core/model.ts';
import type { OrganizationRepository } from '#core/ports.ts';
import { batchGet, jitter, queryAll, queryPage, type Item, type Table } from './table.ts';

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
      const found = await batchGet<Organization>(table, [...new Set(ids)].map((id) => orgKey(campaignId, id)));
      return new Map(found.map((o) => [o.id, o]));
    },
    listOrganizations: (campaignId, page, filter = {}) =>
      queryPage<Organization>(
        table,
        filter.level
          ? {
              ...byCampaign(campaignId),
              FilterExpression: '#d.#level = :level',
              ExpressionAttributeNames: { '#d': 'data', '#level': 'level' },
              ExpressionAttributeValues: { ...byCampaign(campaignId).ExpressionAttributeValues, ':level': filter.level },
            }
          : byCampaign(campaignId),
        page,
      ),
    allOrganizations: (campaignId) => queryAll<Organization>(table, byCampaign(campaignId)),
  };
}
