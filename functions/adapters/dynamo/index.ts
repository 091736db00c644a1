import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { IdempotencyStore, Repositories } from '#core/ports.ts';
import { campaignRepository } from './campaigns.ts';
import { documentRepository } from './documents.ts';
import { idempotencyStore } from './idempotency.ts';
import { keyRepository } from './keys.ts';
import { organizationRepository } from './organizations.ts';
import { submissionRepository } from './submissions.ts';
import { openTable } from './table.ts';

/** All repositories over one DynamoDB table. */
export function dynamoRepositories(client: DynamoDBClient, tableName: string): Repositories & { idempotency: IdempotencyStore } {
  const table = openTable(client, tableName);
  return {
    ...campaignRepository(table),
    ...organizationRepository(table),
    ...submissionRepository(table),
    ...documentRepository(table),
    ...keyRepository(table),
    idempotency: idempotencyStore(table),
  };
}
