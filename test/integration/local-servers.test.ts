import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DESIGN } from '../../functions/adapters/table-design.ts';
import { ensureBucket, ensureTable, startLocalServers, type LocalServers } from '../../functions/local/servers.ts';
import { clients, createTestBucket, createTestTable } from '../support/local-aws.ts';

const JAVA_START_TIMEOUT = 120_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parentOf(pid: number): number | undefined {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

async function waitUntilGone(pid: number, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

describe('the shared local servers (globalSetup)', () => {
  let table: string;
  let bucket: string;

  beforeAll(async () => {
    table = await createTestTable('local-servers');
    bucket = await createTestBucket('local-servers');
  }, 60_000);

  it('creates the table with the design keys, gsi1 and TTL on `ttl`', async () => {
    const { Table } = await clients().dynamo.send(new DescribeTableCommand({ TableName: table }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
    ]);
    const gsi = Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === TABLE_DESIGN.index.name);
    expect(gsi?.KeySchema).toEqual([
      { AttributeName: TABLE_DESIGN.index.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DESIGN.index.sortKey, KeyType: 'RANGE' },
    ]);
    expect(gsi?.Projection?.ProjectionType).toBe('ALL');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');

    const { TimeToLiveDescription } = await clients().dynamo.send(new DescribeTimeToLiveCommand({ TableName: table }));
    expect(TimeToLiveDescription?.TimeToLiveStatus).toBe('ENABLED');
    expect(TimeToLiveDescription?.AttributeName).toBe(TABLE_DESIGN.ttlAttribute);
  });

  it('creating the same table or bucket again is a no-op: what they hold is still there', async () => {
    const item = { pk: 'KEY#kept', sk: 'KEY', label: 'Văn phòng Tỉnh ủy' };
    await clients().doc.send(new PutCommand({ TableName: table, Item: item }));
    await clients().s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'kept.txt', Body: 'still here' }));

    await ensureTable(clients().dynamo, table);
    await ensureBucket(clients().s3, bucket);

    const { Item } = await clients().doc.send(new GetCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }));
    expect(Item).toEqual(item);
    const object = await clients().s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'kept.txt' }));
    expect(await object.Body?.transformToString()).toBe('still here');
  });

  it('round-trips an item, also through gsi1', async () => {
    const item = { pk: 'DOCUMENT#d1', sk: 'DOCUMENT', gsi1pk: 'CAMPAIGN#c1#DOCS', gsi1sk: '2026-01-01#d1', title: 'Báo cáo' };
    await clients().doc.send(new PutCommand({ TableName: table, Item: item }));
    const { Item } = await clients().doc.send(new GetCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk } }));
    expect(Item).toEqual(item);
  });

  it('runs TransactWriteItems atomically, with conditions', async () => {
    const doc = clients().doc;
    const claim = (n: number) => ({
      Put: {
        TableName: table,
        Item: { pk: 'CAMPAIGN#c1', sk: `NUMBER#BC#${n}` },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    await doc.send(new TransactWriteCommand({ TransactItems: [claim(1), claim(2)] }));

    // claim 3 is new, claim 2 is taken: the whole transaction is cancelled
    const failed = doc.send(new TransactWriteCommand({ TransactItems: [claim(3), claim(2)] }));
    await expect(failed).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    const error = (await failed.catch((err: unknown) => err)) as { CancellationReasons?: { Code?: string }[] };
    expect(error.CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);

    const three = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'CAMPAIGN#c1', sk: 'NUMBER#BC#3' } }));
    expect(three.Item).toBeUndefined();
    const two = await doc.send(new GetCommand({ TableName: table, Key: { pk: 'CAMPAIGN#c1', sk: 'NUMBER#BC#2' } }));
    expect(two.Item).toBeDefined();
  });

  it('stores an object that a presigned GET URL (≤ 300 s) downloads byte for byte', async () => {
    const s3 = clients().s3;
    const body = Buffer.from(`%PDF-1.7\n${'x'.repeat(5000)}\nđ ư ơ\n`, 'utf8');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'documents/d1.pdf', Body: body, ContentType: 'application/pdf' }));

    const url = await getSignedUrl(
      s3,
      new GetObjectCommand({
        Bucket: bucket,
        Key: 'documents/d1.pdf',
        ResponseContentDisposition: 'attachment; filename="d1.pdf"',
      }),
      { expiresIn: 300 },
    );
    const expires = Number(new URL(url).searchParams.get('X-Amz-Expires'));
    expect(expires).toBeGreaterThan(0);
    expect(expires).toBeLessThanOrEqual(300);

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="d1.pdf"');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(body);
  });
});

describe('startLocalServers (own instances)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'congress-docs-servers-test-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'keeps data under dataDir across stop and start, and stop() leaves no java process',
    async () => {
      const options = { dataDir, tableName: 'congress-docs', bucketName: 'congress-docs-documents' };
      const connect = (servers: LocalServers) => ({
        doc: DynamoDBDocumentClient.from(
          new DynamoDBClient({ endpoint: servers.dynamoEndpoint, region: servers.region, credentials: servers.credentials }),
        ),
        s3: new S3Client({
          endpoint: servers.s3Endpoint,
          region: servers.region,
          credentials: servers.credentials,
          forcePathStyle: true,
        }),
      });

      const first = await startLocalServers(options);
      expect(first.dynamoEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(first.s3Endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(isAlive(first.dynamoPid)).toBe(true);
      let c = connect(first);
      try {
        await c.doc.send(new PutCommand({ TableName: options.tableName, Item: { pk: 'KEY#k1', sk: 'KEY', n: 1 } }));
        await c.s3.send(new PutObjectCommand({ Bucket: options.bucketName, Key: 'a.txt', Body: 'kept' }));
      } finally {
        c.doc.destroy();
        c.s3.destroy();
        await first.stop();
      }
      expect(await waitUntilGone(first.dynamoPid, 1_000)).toBe(true); // stop() waited for the exit
      await first.stop(); // idempotent

      const second = await startLocalServers(options); // table and bucket exist: no error
      expect(second.dynamoPid).not.toBe(first.dynamoPid);
      c = connect(second);
      try {
        const { Item } = await c.doc.send(
          new GetCommand({ TableName: options.tableName, Key: { pk: 'KEY#k1', sk: 'KEY' } }),
        );
        expect(Item).toEqual({ pk: 'KEY#k1', sk: 'KEY', n: 1 });
        const object = await c.s3.send(new GetObjectCommand({ Bucket: options.bucketName, Key: 'a.txt' }));
        expect(await object.Body?.transformToString()).toBe('kept');
      } finally {
        c.doc.destroy();
        c.s3.destroy();
        await second.stop();
      }
      expect(await waitUntilGone(second.dynamoPid, 1_000)).toBe(true);
    },
    2 * JAVA_START_TIMEOUT,
  );

  it(
    'says in one sentence when DynamoDB Local dies under it, and leaves no watchdog behind',
    async () => {
      const servers = await startLocalServers({ tableName: 'congress-docs', bucketName: 'congress-docs-documents' });
      try {
        let settled = false;
        void servers.died.then(() => (settled = true));
        await new Promise((r) => setTimeout(r, 300));
        expect(settled).toBe(false); // nothing died yet
        const watchdog = parentOf(servers.dynamoPid);
        process.kill(servers.dynamoPid, 'SIGKILL');
        expect(await servers.died).toBe(`DynamoDB Local (pid ${servers.dynamoPid}) stopped by itself (killed by SIGKILL)`);
        expect(await waitUntilGone(watchdog!, 5_000)).toBe(true);
      } finally {
        await servers.stop();
      }
    },
    JAVA_START_TIMEOUT,
  );

  it(
    'a stop() is not a death: died never settles',
    async () => {
      const servers = await startLocalServers({ tableName: 'congress-docs', bucketName: 'congress-docs-documents' });
      let settled = false;
      void servers.died.then(() => (settled = true));
      await servers.stop();
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false);
      expect(isAlive(servers.dynamoPid)).toBe(false);
    },
    JAVA_START_TIMEOUT,
  );

  it('says in one line what to install when java is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = join(dataDir, 'no-java-here');
    try {
      const error = await startLocalServers({ tableName: 'never', bucketName: 'never' }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toMatch(/Java 17 or newer/);
      expect(message).toMatch(/openjdk-17-jre-headless/);
      expect(message).not.toMatch(/\n/);
    } finally {
      process.env.PATH = path;
    }
  });
});
