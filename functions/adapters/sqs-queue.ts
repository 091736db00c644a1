import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DocumentQueue } from '#core/ports.ts';

/** The render queue in AWS: one message per document; the worker reads it with partial batch responses. */
export function sqsDocumentQueue(client: SQSClient, queueUrl: string): DocumentQueue {
  return {
    async send(job) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(job) }));
    },
  };
}
