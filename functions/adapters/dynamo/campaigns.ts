import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Campaign } from '#core/model.ts';
import type { CampaignRepository } from '#core/ports.ts';
import { queryPage, type Item, type Table } from './table.ts';

export const campaignKey = (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: 'CAMPAIGN' });

export function campaignRepository(table: Table): CampaignRepository {
  return {
    async getCampaign(id) {
      const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: campaignKey(id), ConsistentRead: true }));
      return (out.Item as Item<Campaign> | undefined)?.data;
    },
    async putCampaign(campaign) {
      const out = await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...campaignKey(campaign.id), gsi1pk: 'CAMPAIGNS', gsi1sk: campaign.id, data: campaign } satisfies Item<Campaign>,
          ReturnValues: 'ALL_OLD',
        }),
      );
      return out.Attributes === undefined;
    },
    listCampaigns: (page) =>
      queryPage<Campaign>(table, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'CAMPAIGNS' } }, page),
  };
}
