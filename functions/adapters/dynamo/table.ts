import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Page, PageKey, PageRequest } from '#core/ports.ts';
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
