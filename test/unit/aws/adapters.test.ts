/** The AWS adapters with mocked clients: the commands they send and how they handle AWS's answers. */
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { dynamoRepositories } from '../../../functions/adapters/dynamo/index.ts';
import { s3DocumentStorage } from '../../../functions/adapters/s3-storage.ts';
import { sqsDocumentQueue } from '../../../functions/adapters/sqs-queue.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
beforeEach(() => {
  ddb.reset();
  s3.reset();
  sqs.reset();
});

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const repo = () => dynamoRepositories(new DynamoDBClient({ region: 'ap-southeast-1', credentials }), 'docs-table');
const cancelled = (code: string) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: code }] });

const input = {
  organizationId: 'org-a',
  congress: { heldOn: '2020-05-12' },
  secretary: { fullName: 'A', electedDirectly: false, isLocal: true, concurrentRole: null },
} as const;

describe('submission versions', () => {

  it('writes the version and the latest pointer in one conditional transaction', async () => {
    ddb.on(GetCommand).resolves({ Item: { data: { version: 3 } } });
    ddb.on(TransactWriteCommand).resolves({});
    const s = await repo().addSubmission('c1', input, { id: 'sub-1', receivedAt: '2020-05-13T00:00:00Z' });
    expect(s.version).toBe(4);
    expect(ddb).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: [
        expect.objectContaining({ Put: expect.objectContaining({ TableName: 'docs-table', ConditionExpression: 'attribute_not_exists(pk)' }) }),
        expect.objectContaining({
          Put: expect.objectContaining({ ConditionExpression: '#d.#v = :prev', ExpressionAttributeValues: { ':prev': 3 } }),
        }),
      ],
    });
  });

  it('retries with the new latest version when another writer got there first', async () => {
    ddb.on(GetCommand).resolvesOnce({ Item: { data: { version: 1 } } }).resolves({ Item: { data: { version: 2 } } });
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed')).resolves({});
    const s = await repo().addSubmission('c1', input, { id: 'sub-2', receivedAt: '2020-05-13T00:00:00Z' });
    expect(s.version).toBe(3);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });

  it('lets any other DynamoDB failure through untouched', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).rejects(new Error('ProvisionedThroughputExceeded'));
    await expect(repo().addSubmission('c1', input, { id: 'x', receivedAt: 'y' })).rejects.toThrow('ProvisionedThroughputExceeded');
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});

describe('document numbers', () => {
  const doc = {
    id: 'd1', campaignId: 'c1', type: 'report', status: 'queued', symbol: 'BC', issuedOn: '2020-06-06', asOf: '2020-05-31',
    issuerName: 'TỈNH ỦY', request: {} as never, createdAt: '2020-06-06T00:00:00Z',
  } as const;

  it('starts a new series at lastNumbers + 1 and claims the number', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    const d = await repo().createNumberedDocument(doc, { issuerCode: 'TU', firstNumber: 415 });
    expect(d.number).toBe('415-BC/TU');
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => i.Put?.Item?.sk)).toEqual(['SERIES#BC', 'NUMBER#BC#0000000415', 'DOCUMENT', 'DOCUMENT#d1']);
  });

  it('takes the next number after losing a race to a concurrent order', async () => {
    ddb.on(GetCommand).resolvesOnce({ Item: { data: { last: 7 } } }).resolves({ Item: { data: { last: 8 } } });
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict')).resolves({});
    const d = await repo().createNumberedDocument(doc, { issuerCode: 'HU', firstNumber: 1 });
    expect(d.number).toBe('09-BC/HU');
  });
});

describe('PDF storage', () => {
  it('stores the PDF with its SHA-256 for S3 to check', async () => {
    s3.on(PutObjectCommand).resolves({});
    const storage = s3DocumentStorage(new S3Client({ region: 'ap-southeast-1', credentials }), 'docs-bucket');
    const sha256 = 'ab'.repeat(32);
    await storage.putPdf('d1', new Uint8Array([37, 80, 68, 70]), { sha256, fileName: '415-BC-TU.pdf' });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'docs-bucket',
      Key: `documents/d1/${sha256}.pdf`,
      ContentType: 'application/pdf',
      ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
    });
  });

  it('keeps a file prepared for signing apart from the document\'s files, under prepared/ (which the bucket expires)', async () => {
    s3.on(PutObjectCommand).resolves({});
    const storage = s3DocumentStorage(new S3Client({ region: 'ap-southeast-1', credentials }), 'docs-bucket');
    const sha256 = 'cd'.repeat(32);
    await storage.putPreparedPdf('d1', new Uint8Array([37, 80, 68, 70]), { sha256 });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'docs-bucket',
      Key: `prepared/d1/${sha256}.pdf`,
      ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
    });
  });

  it('presigns a GET that expires within 300 seconds and names the file', async () => {
    const storage = s3DocumentStorage(new S3Client({ region: 'ap-southeast-1', credentials }), 'docs-bucket');
    const url = new URL(await storage.presignPdf('d1', 'ab'.repeat(32), '415-BC-TU.pdf', 300));
    expect(url.pathname).toContain(`documents/d1/${'ab'.repeat(32)}.pdf`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('response-content-disposition')).toBe('attachment; filename="415-BC-TU.pdf"');
  });
});

describe('render queue', () => {
  it('sends one message per document', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
    await sqsDocumentQueue(new SQSClient({ region: 'ap-southeast-1', credentials }), 'https://sqs/queue').send({ documentId: 'd1' });
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, { QueueUrl: 'https://sqs/queue', MessageBody: '{"documentId":"d1"}' });
  });
});

describe('exactly once: the answer in the transaction of the write', () => {
  const completion = (token: string) => (s: { id: string }) => ({ key: 'scope-1', token, response: { status: 201, headers: {}, body: s.id } });

  it('completes the idempotency record in the same transaction, on condition the request still holds its claim', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    await repo().addSubmission('c1', input, { id: 'sub-1', receivedAt: '2020-05-13T00:00:00Z' }, completion('tok-1'));
    const sent = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(sent).toHaveLength(3);
    expect(sent[2]).toEqual({
      Update: {
        TableName: 'docs-table',
        Key: { pk: 'IDEMPOTENCY#scope-1', sk: 'IDEMPOTENCY' },
        UpdateExpression: 'SET #d.#st = :done, #d.#r = :r',
        ConditionExpression: '#d.#tok = :token AND #d.#st = :prog',
        ExpressionAttributeNames: { '#d': 'data', '#st': 'state', '#r': 'response', '#tok': 'token' },
        ExpressionAttributeValues: { ':done': 'done', ':r': { status: 201, headers: {}, body: 'sub-1' }, ':token': 'tok-1', ':prog': 'in-progress' },
      },
    });
  });

  it('writes nothing and answers 409 Retry-After when the claim was taken over, without retrying the write', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({ message: 'x', $metadata: {}, CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }] }),
    );
    const write = repo().addSubmission('c1', input, { id: 'sub-2', receivedAt: '2020-05-13T00:00:00Z' }, completion('stale'));
    await expect(write).rejects.toMatchObject({ status: 409, headers: { 'retry-after': '1' } });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('numbers a document and answers its order in one transaction', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    const doc = await repo().createNumberedDocument(
      {
        id: 'd1',
        campaignId: 'c1',
        type: 'report',
        status: 'queued',
        symbol: 'BC',
        issuedOn: '2020-06-06',
        asOf: '2020-06-06',
        issuerName: 'TỈNH ỦY',
        request: {} as never,
        createdAt: '2020-06-06T00:00:00Z',
      },
      { issuerCode: 'TU', firstNumber: 415 },
      (d) => ({ key: 'scope-2', token: 'tok-2', response: { status: 202, headers: {}, body: d.number } }),
    );
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.at(-1)?.Update?.ExpressionAttributeValues?.[':r']).toEqual({ status: 202, headers: {}, body: doc.number });
    expect(doc.number).toBe('415-BC/TU');
  });
});
