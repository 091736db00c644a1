import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict } from '#core/errors.ts';
import type { Submission } from '#core/model.ts';
import type { SubmissionRepository } from '#core/ports.ts';
import { queryAll, queryPage, untilWon, type Item, type Table } from './table.ts';

const versionKey = (id: string) => ({ pk: `SUBMISSION#${id}`, sk: 'SUBMISSION' });
const latestKey = (campaignId: string, orgId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: `LATEST#${orgId}` });
const latestOfCampaign = (campaignId: string) => ({
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :latest)',
  ExpressionAttributeValues: { ':pk': `CAMPAIGN#${campaignId}`, ':latest': 'LATEST#' },
});

const MAX_ATTEMPTS = 20;

export function submissionRepository(table: Table): SubmissionRepository {
  const getLatest = async (campaignId: string, orgId: string) => {
    const out = await table.doc.send(
      new GetCommand({ TableName: table.name, Key: latestKey(campaignId, orgId), ConsistentRead: true }),
    );
    return (out.Item as Item<Submission> | undefined)?.data;
  };

  return {
    getLatest,
    /**
     * Optimistic versioning: read the latest, then write version n+1 and move the pointer in one
     * transaction that holds only if the pointer still says n. A concurrent writer makes us retry.
     */
    addSubmission(campaignId, input, facts) {
      return untilWon(MAX_ATTEMPTS, async () => {
        const latest = await getLatest(campaignId, input.organizationId);
        const submission: Submission = { ...input, ...facts, campaignId, version: (latest?.version ?? 0) + 1 };
        await table.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table.name,
                  Item: { ...versionKey(facts.id), data: submission } satisfies Item<Submission>,
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: table.name,
                  Item: { ...latestKey(campaignId, input.organizationId), data: submission } satisfies Item<Submission>,
                  ...(latest
                    ? {
                        ConditionExpression: '#d.#v = :prev',
                        ExpressionAttributeNames: { '#d': 'data', '#v': 'version' },
                        ExpressionAttributeValues: { ':prev': latest.version },
                      }
                    : { ConditionExpression: 'attribute_not_exists(pk)' }),
                },
              },
            ],
          }),
        );
        return submission;
      }, () => new Conflict('Too many submissions for this organization at the same moment; try again.'));
    },
    async getSubmission(id) {
      const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: versionKey(id) }));
      return (out.Item as Item<Submission> | undefined)?.data;
    },
    listLatest: (campaignId, page) => queryPage<Submission>(table, latestOfCampaign(campaignId), page),
    allLatest: (campaignId) => queryAll<Submission>(table, latestOfCampaign(campaignId)),
  };
}
