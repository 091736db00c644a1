import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKey } from '#core/model.ts';
import type { KeyRepository } from '#core/ports.ts';
import { isConditionFailure, queryPage, type Item, type Table } from './table.ts';

const keyKey = (id: string) => ({ pk: `KEY#${id}`, sk: 'KEY' });

export function keyRepository(table: Table): KeyRepository {
  return {
    async putKey(key) {
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...keyKey(key.id), gsi1pk: 'KEYS', gsi1sk: `${key.createdAt}#${key.id}`, data: key } satisfies Item<ApiKey>,
        }),
      );
    },
    async getKey(id) {
      const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: keyKey(id), ConsistentRead: true }));
      return (out.Item as Item<ApiKey> | undefined)?.data;
    },
    listKeys: (page) =>
      queryPage<ApiKey>(
        table,
        { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :k', ExpressionAttributeValues: { ':k': 'KEYS' } },
        page,
      ),
    async revokeKey(id, at) {
      try {
        await table.doc.send(
          new UpdateCommand({
            TableName: table.name,
            Key: keyKey(id),
            UpdateExpression: 'SET #d.#r = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#d.#r)',
            ExpressionAttributeNames: { '#d': 'data', '#r': 'revokedAt' },
            ExpressionAttributeValues: { ':at': at },
          }),
        );
        return true;
      } catch (err) {
        if (isConditionFailure(err)) return false;
        throw err;
      }
    },
  };
}
