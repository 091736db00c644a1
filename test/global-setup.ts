/**
 * Vitest globalSetup: ONE in-memory pair of local servers (DynamoDB Local + s3rver) for the
 * whole run. Tests read the endpoints with `inject('localAws')` (see test/support/local-aws.ts)
 * and create their own uniquely named tables and buckets on them.
 *
 * Set LOCAL_SERVERS_LOG=1 to see DynamoDB Local's output.
 */
import type { TestProject } from 'vitest/node';
import { startLocalServers, type LocalCredentials, type LocalServers } from '../functions/local/servers.ts';

export interface LocalAwsContext {
  dynamoEndpoint: string;
  s3Endpoint: string;
  region: string;
  credentials: LocalCredentials;
}

declare module 'vitest' {
  export interface ProvidedContext {
    localAws: LocalAwsContext;
  }
}

let servers: LocalServers | undefined;

export async function setup(project: TestProject): Promise<void> {
  const started = Date.now();
  servers = await startLocalServers({
    // the servers need a table and a bucket; suites make their own with unique names
    tableName: 'global-setup',
    bucketName: 'global-setup',
    log: process.env.LOCAL_SERVERS_LOG ? (line) => console.error(line) : undefined,
  });
  if (process.env.LOCAL_SERVERS_LOG) console.error(`globalSetup: local servers up in ${Date.now() - started} ms`);
  project.provide('localAws', {
    dynamoEndpoint: servers.dynamoEndpoint,
    s3Endpoint: servers.s3Endpoint,
    region: servers.region,
    credentials: servers.credentials,
  });
}

export async function teardown(): Promise<void> {
  await servers?.stop();
  servers = undefined;
}
