import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimCompletion, IdempotencyStore, IdempotentResponse } from '#core/ports.ts';
import { isConditionFailure, type Item, type Table } from './table.ts';

type Record_ = {
  fingerprint: string;
  state: 'in-progress' | 'done';
  /** Who holds the claim: a takeover gives it a new token, so the old holder can no longer write. */
  token: string;
  lockedUntil: number;
  response?: IdempotentResponse;
};
const recordKey = (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' });

/**
 * How long a claim holds before another request with the same key may take it over, in seconds.
 * No HTTP function can still be running by then: API Gateway ends every request at 30 s (the
 * HTTP functions time out at 29 s at most), and the local host has no longer requests.
 */
export const CLAIM_LEASE_SECONDS = 30;

/**
 * A conditional put claims the key, so of two requests arriving together exactly one runs; the
 * record expires through the table's TTL, and is treated as absent once past it (DynamoDB
 * deletes expired items late, and DynamoDB Local not at all).
 */
export function idempotencyStore(table: Table, now: () => number = Date.now): IdempotencyStore {
  const seconds = () => Math.floor(now() / 1000);
  return {
    async claim(key, fingerprint, ttlSeconds) {
      const t = seconds();
      const token = randomUUID();
      try {
        await table.doc.send(
          new PutCommand({
            TableName: table.name,
            Item: {
              ...recordKey(key),
              ttl: t + ttlSeconds,
              data: { fingerprint, state: 'in-progress', token, lockedUntil: t + CLAIM_LEASE_SECONDS },
            } satisfies Item<Record_>,
            // Free, expired, or held by a request that died (its lease ran out, nothing was written).
            ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now OR (#d.#st = :prog AND #d.#lu < :now AND #d.#fp = :fp)',
            ExpressionAttributeNames: { '#ttl': 'ttl', '#d': 'data', '#st': 'state', '#lu': 'lockedUntil', '#fp': 'fingerprint' },
            ExpressionAttributeValues: { ':now': t, ':prog': 'in-progress', ':fp': fingerprint },
          }),
        );
        return { state: 'claimed', token };
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
      const out = await table.doc.send(new GetCommand({ TableName: table.name, Key: recordKey(key), ConsistentRead: true }));
      const item = out.Item as Item<Record_> | undefined;
      // Gone or expired between the two calls: claim again.
      if (!item || (item.ttl ?? 0) < t) return this.claim(key, fingerprint, ttlSeconds);
      const existing = item.data;
      if (existing.fingerprint !== fingerprint) return { state: 'conflict' };
      if (existing.state === 'done' && existing.response) return { state: 'done', response: existing.response };
      if (existing.lockedUntil < t) return this.claim(key, fingerprint, ttlSeconds);
      return { state: 'in-progress', retryAfterSeconds: Math.max(1, existing.lockedUntil - t + 1) };
    },
    async complete(key, token, response) {
      try {
        await table.doc.send(new UpdateCommand(completionUpdate(table.name, { key, token, response })));
      } catch (err) {
        // Done already (by the write's own transaction), or taken over: either way not ours to write.
        if (!isConditionFailure(err)) throw err;
      }
    },
    async release(key, token) {
      try {
        await table.doc.send(
          new DeleteCommand({
            TableName: table.name,
            Key: recordKey(key),
            ConditionExpression: '#d.#tok = :token AND #d.#st = :prog',
            ExpressionAttributeNames: { '#d': 'data', '#tok': 'token', '#st': 'state' },
            ExpressionAttributeValues: { ':token': token, ':prog': 'in-progress' },
          }),
        );
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
    },
  };
}

/**
 * The update that completes a claim, on condition that the request still holds it and it is not
 * done: used alone (`complete`) and as the last item of the transaction that stores the data.
 */
export function completionUpdate(tableName: string, c: ClaimCompletion) {
  return {
    TableName: tableName,
    Key: recordKey(c.key),
    UpdateExpression: 'SET #d.#st = :done, #d.#r = :r',
    ConditionExpression: '#d.#tok = :token AND #d.#st = :prog',
    ExpressionAttributeNames: { '#d': 'data', '#st': 'state', '#r': 'response', '#tok': 'token' },
    ExpressionAttributeValues: { ':done': 'done', ':r': c.response, ':token': c.token, ':prog': 'in-progress' },
  };
}
