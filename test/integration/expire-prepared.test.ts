/**
 * Local mode forgets files prepared for a signature after a day, as the bucket's lifecycle rule
 * does in AWS, and touches nothing else: against s3rver, the function and the app that runs it.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { inputsObjectKey, pdfObjectKey, preparedObjectKey } from '../../functions/adapters/table-design.ts';
import { expirePreparedFiles } from '../../functions/local/expire-prepared.ts';
import { clients, createTestBucket } from '../support/local-aws.ts';
import { startTestApp } from '../support/test-app.ts';

const HOUR = 3_600_000;

async function bucketWithFiles() {
  const bucket = await createTestBucket('expire');
  const keys = [preparedObjectKey('doc-1', 'a'.repeat(64)), preparedObjectKey('doc-2', 'b'.repeat(64)), pdfObjectKey('doc-1', 'c'.repeat(64)), inputsObjectKey('doc-1')];
  for (const key of keys) await clients().s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' }));
  return { bucket, keys };
}

const keysIn = async (bucket: string) =>
  ((await clients().s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key).sort();

describe('prepared files expire in local mode', () => {
  it('deletes prepared files a day old, keeps younger ones and every document file', async () => {
    const { bucket, keys } = await bucketWithFiles();
    expect(await expirePreparedFiles(clients().s3, bucket, new Date(Date.now() + 23 * HOUR))).toBe(0);
    expect(await keysIn(bucket)).toEqual([...keys].sort());
    expect(await expirePreparedFiles(clients().s3, bucket, new Date(Date.now() + 25 * HOUR))).toBe(2);
    expect(await keysIn(bucket)).toEqual([keys[2], keys[3]].sort());
    const kept = await clients().s3.send(new GetObjectCommand({ Bucket: bucket, Key: keys[2] }));
    expect(await kept.Body!.transformToString()).toBe('x');
  });

  it('the local app sweeps when it starts', async () => {
    const { bucket, keys } = await bucketWithFiles();
    const later = await startTestApp({ bucketName: bucket, clock: () => new Date(Date.now() + 2 * 24 * HOUR) });
    try {
      expect(await keysIn(bucket)).toEqual([keys[2], keys[3]].sort());
    } finally {
      await later.app.stop();
    }
  });
});
