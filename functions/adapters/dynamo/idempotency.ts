import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyStore, IdempotentResponse } from '#core/ports.ts';
import { isConditionFailure, type Item, type Table } from './table.ts';

type Record_ = { fingerprint: string; state: 'in-progress' | 'done'; lockedUntil: number; response?: IdempotentResponse };
const recordKey = (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' });
/** A claim whose request died is taken over after this long. */
const LOCK_SECONDS = 60;

/**
 * A conditional put claims the key, so of two requests arriving together exactly one runs; the
 * record expires through the table's TTL (and is treated as absent once past it).
 */
export function idempotencyStore(table: Table, now: () => number = Date.now): IdempotencyStore {
  return {
    async claim(key, fingerprint, ttlSeconds) {
      const t = Math.floor(now() / 1000);
      try {
        await table.doc.send(
          new PutCommand({
            TableName: table.name,
            Item: {
              ...recordKey(key),
              ttl: t + ttlSeconds,
              data: { fingerprint, state: 'in-progress', lockedUntil: t + LOCK_SECONDS },
            } satisfies Item<Record_>,
            ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now OR (#d.#st = :prog AND #d.#lu < :now)',
            ExpressionAttributeNames: { '#ttl': 'ttl', '#d': 'data', '#st': 'state', '#lu': 'lockedUntil' },
            ExpressionAttributeValues: { ':now': t, ':prog': 'in-progress' },
          }),
        );
        return { state: 'claimed' };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
      const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: recordKey(key), ConsistentRead: true }));
      const existing = (out.Item as Item<Record_> | undefined)?.data;
      if (!existing) return this.claim(key, fingerprint, ttlSeconds);
      if (existing.fingerprint !== fingerprint) return { state: 'conflict' };
      if (existing.state === 'done' && existing.response) return { state: 'done', response: existing.response };
      return { state: 'in-progress' };
    },
    async complete(key, response) {
      await table.doc.send(
        new UpdateCommand({
          TableName: table.name,
          Key: recordKey(key),
          UpdateExpression: 'SET #d.#st = :done, #d.#r = :r',
          ExpressionAttributeNames: { '#d': 'data', '#st': 'state', '#r': 'response' },
          ExpressionAttributeValues: { ':done': 'done', ':r': response },
        }),
      );
    },
    async release(key) {
      await table.doc.send(new DeleteCommand({ TableName: table.name, Key: recordKey(key) }));
    },
  };
}
