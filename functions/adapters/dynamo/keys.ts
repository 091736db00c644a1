import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKey } from '#core/model.ts';
import type { KeyRepository } from '#core/ports.ts';
import { isConditionFailure, queryPage, transactWrite, type Item, type Table } from './table.ts';

const keyKey = (id: string) => ({ pk: `KEY#${id}`, sk: 'KEY' });

export function keyRepository(table: Table): KeyRepository {
  return {
    async putKey(key, completeWith) {
      const item = { ...keyKey(key.id), gsi1pk: 'KEYS', gsi1sk: `${key.createdAt}#${key.id}`, data: key } satisfies Item<ApiKey>;
      // A new key, shown once, is answered in the same transaction (its secret exists nowhere else).
      if (completeWith) await transactWrite(table, [{ Put: { TableName: table.name, Item: item } }], completeWith(key));
      else await table.doc.send(new PutCommand({ TableName: table.name, Item: item }));
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
