import { randomUUID } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Deps } from '#core/deps.ts';
import { dynamoClient, s3Client, sqsClient } from './clients.ts';
import { optionalEnv, requireEnv } from './config.ts';
import { dynamoRepositories } from './dynamo/index.ts';
import { storesHealthCheck } from './health-check.ts';
import { s3DocumentStorage } from './s3-storage.ts';
import { sqsDocumentQueue } from './sqs-queue.ts';

/**
 * The dependencies of the handlers, made once per process. In AWS they come from the environment
 * the stack sets; the local host and the tests install their own with `setDeps` first.
 */
let current: Promise<Deps> | undefined;
let forRoute: ((routeId: string, deps: Deps) => Deps) | undefined;

/**
 * `narrow`: what a route's handler sees instead of `deps` (the tests give each route only what
 * its Lambda's role allows, test/support/route-grants-guard.ts); the local host passes none.
 */
export function setDeps(deps: Deps, narrow?: (routeId: string, deps: Deps) => Deps): void {
  current = Promise.resolve(deps);
  forRoute = narrow;
}

/** The dependencies, as the route `routeId` may use them (middleware omit it: the table only). */
export async function getDeps(routeId?: string): Promise<Deps> {
  current ??= fromEnvironment();
  const deps = await current;
  return forRoute && routeId ? forRoute(routeId, deps) : deps;
}

export const PRESIGN_SECONDS = 300;
export const RENDER_ATTEMPTS = 3;

async function fromEnvironment(): Promise<Deps> {
  const dynamo = dynamoClient();
  const tableName = requireEnv('TABLE_NAME');
  const repo = dynamoRepositories(dynamo, tableName);
  const bucket = optionalEnv('BUCKET_NAME');
  const s3 = bucket ? s3Client() : undefined;
  const queueUrl = optionalEnv('QUEUE_URL');
  return {
    repo,
    idempotency: repo.idempotency,
    storage: s3 && bucket ? s3DocumentStorage(s3, bucket) : unavailable('BUCKET_NAME'),
    // GET /health asks what this function was given: the table, and the bucket where it has one.
    health: storesHealthCheck({ dynamo, tableName, s3, bucketName: bucket }),
    queue: queueUrl ? sqsDocumentQueue(sqsClient(), queueUrl) : unavailable('QUEUE_URL'),
    clock: () => new Date(),
    newId: randomUUID,
    settings: {
      publicBaseUrl: optionalEnv('PUBLIC_BASE_URL') ?? '',
      cursorSecret: await cursorSecret(),
      presignSeconds: PRESIGN_SECONDS,
      renderAttempts: Number(optionalEnv('RENDER_ATTEMPTS') ?? RENDER_ATTEMPTS),
    },
  };
}

async function cursorSecret(): Promise<string> {
  const plain = optionalEnv('CURSOR_SECRET');
  if (plain) return plain;
  const arn = optionalEnv('CURSOR_SECRET_ARN');
  if (!arn) return '';
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  return out.SecretString ?? '';
}

/** A port this function was not given: using it is a deployment mistake, reported plainly. */
function unavailable<T extends object>(setting: string): T {
  return new Proxy({} as T, {
    get: () => () => Promise.reject(new Error(`This function has no ${setting}; it cannot use this port.`)),
  });
}
