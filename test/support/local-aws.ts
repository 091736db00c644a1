/**
 * For integration tests: the local servers started by test/global-setup.ts, clients pointed at
 * them, and uniquely named tables and buckets created with the same code as `npm start`.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { ensureBucket, ensureTable } from '../../functions/local/servers.ts';
import type { LocalAwsContext } from '../global-setup.ts';

export function localAws(): LocalAwsContext {
  const context = inject('localAws');
  if (!context) throw new Error("no local servers: add globalSetup: ['test/global-setup.ts'] to vitest.config.ts");
  return context;
}

export interface LocalClients {
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  s3: S3Client;
}

let cached: LocalClients | undefined;

/** Clients on the local endpoints (one set per test file, reused). */
export function clients(): LocalClients {
  if (cached) return cached;
  const { dynamoEndpoint, s3Endpoint, region, credentials } = localAws();
  const dynamo = new DynamoDBClient({ endpoint: dynamoEndpoint, region, credentials: { ...credentials } });
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const s3 = new S3Client({ endpoint: s3Endpoint, region, credentials: { ...credentials }, forcePathStyle: true });
  cached = { dynamo, doc, s3 };
  return cached;
}

/** `prefix-xxxxxxxx`, valid for a DynamoDB table and an S3 bucket. */
export function uniqueName(prefix: string): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 't';
  return `${clean}-${randomUUID().slice(0, 8)}`;
}

/** A fresh table with the design's keys, gsi1 and TTL; returns its name. */
export async function createTestTable(prefix = 'test'): Promise<string> {
  const name = uniqueName(prefix);
  await ensureTable(clients().dynamo, name);
  return name;
}

/** A fresh bucket; returns its name. */
export async function createTestBucket(prefix = 'test'): Promise<string> {
  const name = uniqueName(prefix);
  await ensureBucket(clients().s3, name);
  return name;
}
