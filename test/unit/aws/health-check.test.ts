/** The health check with mocked clients: one cheap call per store, what counts as failing, the time limit. */
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient, DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, NotFound, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, expect, it } from 'vitest';
import { storesHealthCheck } from '../../../functions/adapters/health-check.ts';

const ddb = mockClient(DynamoDBClient);
const s3 = mockClient(S3Client);
beforeEach(() => {
  ddb.reset();
  s3.reset();
});

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const check = (timeoutMs?: number) =>
  storesHealthCheck({
    dynamo: new DynamoDBClient({ region: 'ap-southeast-1', credentials }),
    tableName: 'docs-table',
    s3: new S3Client({ region: 'ap-southeast-1', credentials }),
    bucketName: 'docs-bucket',
    timeoutMs,
  });

it('describes the table and asks the bucket for its head; nothing fails when both answer', async () => {
  ddb.on(DescribeTableCommand).resolves({});
  s3.on(HeadBucketCommand).resolves({});
  expect(await check().failing()).toEqual([]);
  expect(ddb).toHaveReceivedCommandTimes(DescribeTableCommand, 1);
  expect(ddb).toHaveReceivedCommandWith(DescribeTableCommand, { TableName: 'docs-table' });
  expect(s3).toHaveReceivedCommandWith(HeadBucketCommand, { Bucket: 'docs-bucket' });
});

it('names each store that does not answer', async () => {
  ddb.on(DescribeTableCommand).rejects(new ResourceNotFoundException({ message: 'no table', $metadata: {} }));
  s3.on(HeadBucketCommand).resolves({});
  expect(await check().failing()).toEqual(['table']);

  ddb.on(DescribeTableCommand).resolves({});
  s3.on(HeadBucketCommand).rejects(new NotFound({ message: 'no bucket', $metadata: {} }));
  expect(await check().failing()).toEqual(['bucket']);
});

it('counts a store that answers too late as failing, within the time limit', async () => {
  ddb.on(DescribeTableCommand).callsFake(() => new Promise(() => undefined)); // never answers
  s3.on(HeadBucketCommand).resolves({});
  const started = Date.now();
  expect(await check(200).failing()).toEqual(['table']);
  expect(Date.now() - started).toBeLessThan(2_000);
});

it('checks only the table where no bucket is given', async () => {
  ddb.on(DescribeTableCommand).resolves({});
  const tableOnly = storesHealthCheck({ dynamo: new DynamoDBClient({ region: 'ap-southeast-1', credentials }), tableName: 'docs-table' });
  expect(await tableOnly.failing()).toEqual([]);
  expect(s3).toHaveReceivedCommandTimes(HeadBucketCommand, 0);
});
