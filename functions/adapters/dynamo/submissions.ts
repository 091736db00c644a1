import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict } from '#core/errors.ts';
import type { Submission } from '#core/model.ts';
import type { SubmissionRepository } from '#core/ports.ts';
import { batchGet, queryAll, queryPage, transactWrite, untilWon, type Item, type Table } from './table.ts';

const versionKey = (id: string) => ({ pk: `SUBMISSION#${id}`, sk: 'SUBMISSION' });
/** gsi1 of a version: an organization's versions, newest first. */
const versionsOf = (campaignId: string, orgId: string) => `CAMPAIGN#${campaignId}#VERSIONS#${orgId}`;
const versionSortKey = (version: number) => String(version).padStart(10, '0');
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

  const getSubmission = async (id: string) => {
    const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: versionKey(id), ConsistentRead: true }));
    return (out.Item as Item<Submission> | undefined)?.data;
  };

  return {
    getLatest,
    /**
     * Optimistic versioning: read the latest, then write version n+1 and move the pointer in one
     * transaction that holds only if the pointer still says n. A concurrent writer makes us retry.
     */
    addSubmission(campaignId, input, facts, completeWith) {
      return untilWon(MAX_ATTEMPTS, async () => {
        const latest = await getLatest(campaignId, input.organizationId);
        const submission: Submission = { ...input, ...facts, campaignId, version: (latest?.version ?? 0) + 1 };
        const version = {
          ...versionKey(facts.id),
          gsi1pk: versionsOf(campaignId, input.organizationId),
          gsi1sk: versionSortKey(submission.version),
          data: submission,
        } satisfies Item<Submission>;
        const pointer = { ...latestKey(campaignId, input.organizationId), data: submission } satisfies Item<Submission>;
        const pointerHolds = latest
          ? {
              ConditionExpression: '#d.#v = :prev',
              ExpressionAttributeNames: { '#d': 'data', '#v': 'version' },
              ExpressionAttributeValues: { ':prev': latest.version },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' };
        try {
          await transactWrite(
            table,
            [
              { Put: { TableName: table.name, Item: version, ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: table.name, Item: pointer, ...pointerHolds } },
            ],
            completeWith?.(submission),
          );
          return submission;
        } catch (err) {
          // The id is stored already: the same write again (an import's row, retried with its key).
          const idTaken = err instanceof TransactionCanceledException && err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
          const stored = idTaken ? await getSubmission(facts.id) : undefined;
          if (stored && stored.campaignId === campaignId && stored.organizationId === input.organizationId) return stored;
          throw err;
        }
      }, () => new Conflict('Too many submissions for this organization at the same moment; try again.'));
    },
    async listVersions(campaignId, organizationId) {
      return queryAll<Submission>(table, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': versionsOf(campaignId, organizationId) },
        ScanIndexForward: false,
      });
    },
    async latestFor(campaignId, organizationIds) {
      const found = await batchGet<Submission>(table, [...new Set(organizationIds)].map((id) => latestKey(campaignId, id)));
      return new Map(found.map((s) => [s.organizationId, s]));
    },
    getSubmission,
    listLatest: (campaignId, page) => queryPage<Submission>(table, latestOfCampaign(campaignId), page),
    allLatest: (campaignId) => queryAll<Submission>(table, latestOfCampaign(campaignId)),
  };
}
