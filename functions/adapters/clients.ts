import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * SDK clients, made once per process. In AWS they take region and credentials from the Lambda
 * environment; the local mode passes the embedded servers' endpoints.
 */
export type Endpoints = {
  region?: string;
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

export function dynamoClient(e: Endpoints = {}): DynamoDBClient {
  return new DynamoDBClient({ region: e.region, endpoint: e.dynamoEndpoint, credentials: e.credentials, maxAttempts: 5 });
}

export function s3Client(e: Endpoints = {}): S3Client {
  return new S3Client({
    region: e.region,
    endpoint: e.s3Endpoint,
    credentials: e.credentials,
    forcePathStyle: e.s3Endpoint !== undefined,
    // The local S3 server does not speak aws-chunked trailing checksums; send plain bodies there.
    ...(e.s3Endpoint ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
  });
}

export const sqsClient = (e: Endpoints = {}) => new SQSClient({ region: e.region });
