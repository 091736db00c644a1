import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { HealthCheck, HealthCheckTarget } from '#core/ports.ts';

/** Long enough for a healthy store on a busy machine, short enough for a load balancer's probe. */
export const HEALTH_TIMEOUT_MS = 2_000;

/**
 * GET /health's check: one cheap call to each store, in parallel, each given `timeoutMs`.
 * - the table: DescribeTable (free, reads no item; needs dynamodb:DescribeTable on the table);
 * - the bucket, when one is given: HeadBucket (needs s3:ListBucket on the bucket).
 * Anything but an answer (refused, timed out, missing table or bucket, denied) counts as failing.
 */
export function storesHealthCheck(opts: {
  dynamo: DynamoDBClient;
  tableName: string;
  s3?: S3Client;
  bucketName?: string;
  timeoutMs?: number;
}): HealthCheck {
  const timeoutMs = opts.timeoutMs ?? HEALTH_TIMEOUT_MS;
  const probes: [HealthCheckTarget, (abortSignal: AbortSignal) => Promise<unknown>][] = [
    ['table', (abortSignal) => opts.dynamo.send(new DescribeTableCommand({ TableName: opts.tableName }), { abortSignal })],
  ];
  const { s3, bucketName } = opts;
  if (s3 && bucketName) probes.push(['bucket', (abortSignal) => s3.send(new HeadBucketCommand({ Bucket: bucketName }), { abortSignal })]);
  return {
    async failing() {
      const results = await Promise.allSettled(probes.map(([, probe]) => withinTime(timeoutMs, probe)));
      return probes.flatMap(([target], i) => (results[i]?.status === 'rejected' ? [target] : []));
    },
  };
}

/** Rejects after `ms` whatever the call does (the SDK's retries and back-off included) and aborts it. */
function withinTime(ms: number, call: (signal: AbortSignal) => Promise<unknown>): Promise<unknown> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new Error(`no answer within ${ms} ms`));
    }, ms);
  });
  return Promise.race([call(abort.signal), late]).finally(() => clearTimeout(timer));
}
