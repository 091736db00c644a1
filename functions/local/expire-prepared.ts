import { DeleteObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { PREPARED_EXPIRY_DAYS, PREPARED_PREFIX } from '#adapters/table-design.ts';

const DAY_MS = 86_400_000;

/** How often local mode looks for expired prepared files. */
export const EXPIRY_SWEEP_MS = 3_600_000;

/**
 * Local mode's stand-in for the bucket's lifecycle rule `expire-prepared-signatures`
 * (infra/constructs/data-store.ts): s3rver has no lifecycle, so a file prepared for a person's
 * signature and never completed would stay in the data folder for ever. Deletes the files under
 * `prepared/` last written before `now` minus PREPARED_EXPIRY_DAYS; nothing else is looked at.
 * Resolves with how many it deleted.
 */
export async function expirePreparedFiles(s3: S3Client, bucket: string, now: Date): Promise<number> {
  const before = now.getTime() - PREPARED_EXPIRY_DAYS * DAY_MS;
  let deleted = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: PREPARED_PREFIX, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      if (!object.Key || !object.LastModified || object.LastModified.getTime() >= before) continue;
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }));
      deleted++;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return deleted;
}
