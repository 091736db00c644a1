import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, type BatchGetCommandOutput, type QueryCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { Conflict } from '#core/errors.ts';
import type { ClaimCompletion, Page, PageKey, PageRequest } from '#core/ports.ts';
import { completionUpdate } from './idempotency.ts';
import { TABLE_DESIGN } from '../table-design.ts';

/** The shared plumbing of the repositories: one document client, one table, items as `{pk, sk, data}`. */
export type Table = { doc: DynamoDBDocumentClient; name: string };

export function openTable(client: DynamoDBClient, name: string): Table {
  return {
    doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    name,
  };
}

export type Item<T> = {
  pk: string;
  sk: string;
  gsi1pk?: string;
  gsi1sk?: string;
  ttl?: number;
  data: T;
};

export const { partitionKey: PK, sortKey: SK, index: GSI1, ttlAttribute: TTL } = TABLE_DESIGN;

/** One page of a query; the DynamoDB key of the last item is the position for the next page. */
export async function queryPage<T>(table: Table, input: Omit<QueryCommandInput, 'TableName'>, page: PageRequest): Promise<Page<T>> {
  const out = await table.doc.send(
    new QueryCommand({ ...input, TableName: table.name, Limit: page.limit, ExclusiveStartKey: page.after }),
  );
  const items = (out.Items ?? []).map((i) => (i as Item<T>).data);
  return out.LastEvaluatedKey ? { items, next: out.LastEvaluatedKey as PageKey } : { items };
}

/** Every item of a query, page after page (for the worker and the statistics; never a Scan). */
export async function queryAll<T>(table: Table, input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
  const all: T[] = [];
  let after: PageKey | undefined;
  do {
    const out = await table.doc.send(new QueryCommand({ ...input, TableName: table.name, ExclusiveStartKey: after }));
    for (const i of out.Items ?? []) all.push((i as Item<T>).data);
    after = out.LastEvaluatedKey as PageKey | undefined;
  } while (after);
  return all;
}

/** True when a transaction lost a race (a condition failed or another transaction got there first). */
export function lostRace(err: unknown): boolean {
  if (err instanceof TransactionCanceledException) {
    return (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
  }
  return (err as { name?: string })?.name === 'TransactionConflictException';
}

export function isConditionFailure(err: unknown): boolean {
  return (err as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/** A short random pause before trying again after losing a race. */
export const jitter = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6))));

/**
 * Optimistic concurrency: runs `attempt` (read, then a conditional transaction) until it does not
 * lose a race to a concurrent writer, pausing a random moment between tries; other errors pass.
 */
export async function untilWon<T>(maxAttempts: number, attempt: () => Promise<T>, giveUp: () => Error): Promise<T> {
  for (let n = 0; n < maxAttempts; n++) {
    if (n > 0) await jitter(n);
    try {
      return await attempt();
    } catch (err) {
      if (!lostRace(err)) throw err;
    }
  }
  throw giveUp();
}

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/**
 * One transaction of `items`, plus the completion of the request's idempotency claim when there
 * is one (exactly once: the data and its answer are stored together or not at all). When the
 * claim is what failed, another request with the same key took it over: this one must not write,
 * and says so with a 409 that a client retries to read that request's answer.
 */
export async function transactWrite(table: Table, items: TransactItems, completion?: ClaimCompletion): Promise<void> {
  const all = completion ? [...items, { Update: completionUpdate(table.name, completion) }] : items;
  try {
    await table.doc.send(new TransactWriteCommand({ TransactItems: all }));
  } catch (err) {
    const reasons = err instanceof TransactionCanceledException ? (err.CancellationReasons ?? []) : [];
    if (completion && reasons[all.length - 1]?.Code === 'ConditionalCheckFailed') {
      throw new Conflict('Another request with this Idempotency-Key is being processed; try again to read its answer.', 1);
    }
    throw err;
  }
}

/** The items at `keys`, in batches of 100, asking again for what DynamoDB left unprocessed. */
export async function batchGet<T>(table: Table, keys: Record<string, unknown>[]): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 0) await jitter(attempt + 3);
      const out: BatchGetCommandOutput = await table.doc.send(new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending } } }));
      for (const item of out.Responses?.[table.name] ?? []) found.push((item as Item<T>).data);
      pending = out.UnprocessedKeys?.[table.name]?.Keys;
    }
  }
  return found;
}
