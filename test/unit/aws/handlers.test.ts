/**
 * Handlers as Lambda runs them: API Gateway v2 events in, responses out, DynamoDB and S3 mocked.
 * What a caller sees on success, on bad input (nothing written) and on an AWS failure (no internals).
 */
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { dynamoRepositories } from '../../../functions/adapters/dynamo/index.ts';
import { setDeps } from '../../../functions/adapters/runtime-deps.ts';
import { s3DocumentStorage } from '../../../functions/adapters/s3-storage.ts';
import { sqsDocumentQueue } from '../../../functions/adapters/sqs-queue.ts';
import { newKey } from '../../../functions/core/keys.ts';
import type { HttpEvent } from '../../../functions/http/http-handler.ts';
import { handler as authorizer } from '../../../functions/http/authorizer.ts';
import { handler as createSubmission } from '../../../functions/http/handlers/create-submission.ts';
import { handler as getDocumentPdf } from '../../../functions/http/handlers/get-document-pdf.ts';
import { handler as putCampaign } from '../../../functions/http/handlers/put-campaign.ts';
import { handler as createDocument } from '../../../functions/http/handlers/create-document.ts';
import { handler as recallDocument } from '../../../functions/http/handlers/recall-document.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const s3 = mockClient(S3Client);
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

beforeEach(() => {
  ddb.reset();
  sqs.reset();
  s3.reset();
  const repo = dynamoRepositories(new DynamoDBClient({ region: 'ap-southeast-1', credentials }), 'prod-congress-table');
  setDeps({
    repo,
    idempotency: repo.idempotency,
    storage: s3DocumentStorage(new S3Client({ region: 'ap-southeast-1', credentials }), 'docs-bucket'),
    queue: sqsDocumentQueue(new SQSClient({ region: 'ap-southeast-1', credentials }), 'https://sqs.example/q'),
    clock: () => new Date('2020-06-06T03:00:00Z'),
    newId: () => 'id-1',
    settings: { publicBaseUrl: 'https://docs.example', cursorSecret: 's', presignSeconds: 300, renderAttempts: 3 },
  });
});

const context = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as Context;
const secretariat = { keyId: 'k1', role: 'secretariat', campaignId: '', organizationId: '' };

function event(method: string, path: string, params: Record<string, string>, body?: unknown, authorizer: object | null = secretariat): HttpEvent {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters: params,
    requestContext: { requestId: 'req-1', http: { method, path }, ...(authorizer ? { authorizer: { lambda: authorizer } } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
  } as unknown as HttpEvent;
}

const submission = {
  organizationId: 'ha-long',
  congress: { heldOn: '2020-05-12' },
  secretary: { fullName: 'Hồ Hồng Bình', electedDirectly: true, votes: { for: 205, valid: 205 }, isLocal: false, concurrentRole: 'people-committee-chair' },
};

describe('POST /campaigns/{id}/submissions', () => {
  it('stores version 1 and answers 201 with the stored submission', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: { pk: 'CAMPAIGN#qn', sk: 'CAMPAIGN' } }).resolves({ Item: { data: { id: 'qn' } } });
    ddb.on(BatchGetCommand).resolves({ Responses: { 'prod-congress-table': [{ data: { id: 'ha-long' } }] } });
    ddb.on(TransactWriteCommand).resolves({});
    const res = await createSubmission(event('POST', '/campaigns/qn/submissions', { campaignId: 'qn' }, submission), context);
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.body!)).toMatchObject({ id: 'id-1', campaignId: 'qn', version: 1, organizationId: 'ha-long' });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('refuses a submitter of another organization with 403 and writes nothing', async () => {
    const other = { keyId: 'k2', role: 'submitter', campaignId: 'qn', organizationId: 'cam-pha' };
    const res = await createSubmission(event('POST', '/campaigns/qn/submissions', { campaignId: 'qn' }, submission, other), context);
    expect(res.statusCode).toBe(403);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers a DynamoDB failure with a bare 500: a request id, no SDK message, no table name', async () => {
    const missing = Object.assign(new Error('Requested resource not found: Table: prod-congress-table'), { name: 'ResourceNotFoundException' });
    ddb.on(GetCommand).rejects(missing);
    ddb.on(BatchGetCommand).rejects(missing);
    const res = await createSubmission(event('POST', '/campaigns/qn/submissions', { campaignId: 'qn' }, submission), context);
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body!)).toMatchObject({ status: 500, requestId: 'req-1' });
    expect(res.body).not.toMatch(/prod-congress-table|ResourceNotFound|at .*\.ts/);
  });
});

describe('PUT /campaigns/{id}', () => {
  it('names every invalid field and writes nothing', async () => {
    const res = await putCampaign(event('PUT', '/campaigns/qn', { campaignId: 'qn' }, { name: '', term: '2020' }), context);
    expect(res.statusCode).toBe(400);
    const paths = JSON.parse(res.body!).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/name', '/term', '/issuer', '/directive', '/deadlines']));
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('answers 401 without an authorizer principal or a key', async () => {
    const res = await putCampaign(event('PUT', '/campaigns/qn', { campaignId: 'qn' }, {}, null), context);
    expect(res.statusCode).toBe(401);
  });
});

describe('POST /campaigns/{id}/documents', () => {
  it('numbers the document, queues it and answers 202 with its Location', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: { pk: 'CAMPAIGN#qn', sk: 'CAMPAIGN' } }).resolves({
      Item: { data: { id: 'qn', issuer: { name: 'TỈNH ỦY QUẢNG NINH', code: 'TU' }, lastNumbers: { BC: 414 } } },
    });
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteCommand).resolves({});
    s3.on(PutObjectCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({});
    const request = { type: 'report', issuedOn: '2020-06-06', signer: { capacity: 'T/M BAN THƯỜNG VỤ', title: 'BÍ THƯ', fullName: 'Nguyễn Xuân Ký' } };
    const res = await createDocument(event('POST', '/campaigns/qn/documents', { campaignId: 'qn' }, request), context);
    expect(res.statusCode).toBe(202);
    // The inputs it will be made from, frozen beside its files before the number is taken.
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: 'documents/id-1/inputs.json', ContentType: 'application/json' });
    expect(res.headers.location).toBe('/documents/id-1');
    expect(JSON.parse(res.body!)).toMatchObject({ number: '415-BC/TU', status: 'queued', asOf: '2020-06-06' });
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, { MessageBody: '{"documentId":"id-1"}' });
  });
});

describe('POST /documents/{id}:recall through API Gateway', () => {
  it('reads the id before the colon of the segment API Gateway passes whole', async () => {
    const doc = { id: 'd1', campaignId: 'qn', status: 'ready', number: '415-BC/TU', sha256: 'ab'.repeat(32), bytes: 1000 };
    ddb.on(GetCommand).resolves({ Item: { data: doc } });
    ddb.on(UpdateCommand).resolves({});
    const res = await recallDocument(event('POST', '/documents/d1:recall', { documentId: 'd1:recall' }, { reason: 'Sai số liệu' }), context);
    expect(res.statusCode, res.body).toBe(200);
    expect(JSON.parse(res.body!)).toMatchObject({ id: 'd1', status: 'recalled', recallReason: 'Sai số liệu' });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, { Key: { pk: 'DOCUMENT#d1', sk: 'DOCUMENT' } });
  });

  it('recalls nothing for a plain POST /documents/{id}, which the same gateway route also receives', async () => {
    ddb.on(GetCommand).resolves({ Item: { data: { id: 'd1', campaignId: 'qn', status: 'ready', number: '415-BC/TU' } } });
    const res = await recallDocument(event('POST', '/documents/d1', { documentId: 'd1' }, { reason: 'Sai số liệu' }), context);
    expect(res.statusCode).toBe(404);
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });
});

describe('GET /documents/{id}/pdf', () => {
  it('redirects to a presigned URL once ready, and answers 409 before', async () => {
    const doc = { id: 'd1', campaignId: 'qn', status: 'ready', number: '415-BC/TU', sha256: 'ab'.repeat(32), bytes: 1000 };
    ddb.on(GetCommand).resolvesOnce({ Item: { data: doc } }).resolves({ Item: { data: { ...doc, status: 'rendering' } } });
    const ready = await getDocumentPdf(event('GET', '/documents/d1/pdf', { documentId: 'd1' }), context);
    expect(ready.statusCode).toBe(302);
    expect(new URL(ready.headers.location!).searchParams.get('X-Amz-Expires')).toBe('300');
    const early = await getDocumentPdf(event('GET', '/documents/d1/pdf', { documentId: 'd1' }), context);
    expect(early.statusCode).toBe(409);
  });

  it('answers the link itself as JSON with ?as=link (a page cannot follow a redirect to another origin)', async () => {
    const doc = { id: 'd1', campaignId: 'qn', status: 'ready', number: '415-BC/TU', sha256: 'ab'.repeat(32), bytes: 1000 };
    ddb.on(GetCommand).resolves({ Item: { data: doc } });
    const link = await getDocumentPdf({ ...event('GET', '/documents/d1/pdf', { documentId: 'd1' }), queryStringParameters: { as: 'link' } }, context);
    expect(link.statusCode).toBe(200);
    expect(link.headers['cache-control']).toBe('no-store');
    const { url } = JSON.parse(link.body!) as { url: string };
    expect(new URL(url).pathname).toBe(`/documents/d1/${'ab'.repeat(32)}.pdf`);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('300');
  });
});

describe('the Lambda authorizer', () => {
  it('authorizes a stored, unrevoked key and passes its principal on', async () => {
    const key = newKey();
    ddb.on(GetCommand).resolves({ Item: { data: { id: key.id, role: 'submitter', campaignId: 'qn', organizationId: 'ha-long', secretHash: key.secretHash } } });
    const ok = await authorizer({ headers: { authorization: `Bearer ${key.token}` } } as never);
    expect(ok).toEqual({ isAuthorized: true, context: { keyId: key.id, role: 'submitter', campaignId: 'qn', organizationId: 'ha-long' } });
  });

  it('passes no principal for a revoked key, a wrong secret or no key, so the route answers 401 as problem+json', async () => {
    const key = newKey();
    const nobody = { isAuthorized: true, context: { keyId: '', role: '', campaignId: '', organizationId: '' } };
    ddb.on(GetCommand).resolves({ Item: { data: { id: key.id, role: 'secretariat', secretHash: key.secretHash, revokedAt: '2020-01-01' } } });
    expect(await authorizer({ headers: { authorization: `Bearer ${key.token}` } } as never)).toEqual(nobody);
    ddb.on(GetCommand).resolves({ Item: { data: { id: key.id, role: 'secretariat', secretHash: 'f'.repeat(64) } } });
    expect(await authorizer({ headers: { authorization: `Bearer ${key.token}` } } as never)).toEqual(nobody);
    expect(await authorizer({ headers: {} } as never)).toEqual(nobody);

    const res = await putCampaign(event('PUT', '/campaigns/qn', { campaignId: 'qn' }, {}, nobody.context), context);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toBe('application/problem+json');
  });
});

describe('the worker', () => {
  it('reports only the failed message of a batch for redelivery', async () => {
    const { handler } = await import('../../../functions/worker/handler.ts');
    ddb.on(GetCommand, { Key: { pk: 'DOCUMENT#gone', sk: 'DOCUMENT' } }).resolves({});
    ddb.on(GetCommand, { Key: { pk: 'DOCUMENT#boom', sk: 'DOCUMENT' } }).rejects(new Error('throttled'));
    const record = (id: string, documentId: string) => ({ messageId: id, body: JSON.stringify({ documentId }), attributes: { ApproximateReceiveCount: '1' } });
    const out = await handler({ Records: [record('m1', 'gone'), record('m2', 'boom')] } as unknown as SQSEvent);
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
  });

  it('on its schedule, sends again the job of each document stranded for half an hour, and of no other', async () => {
    const { handler } = await import('../../../functions/worker/handler.ts');
    // The clock is 2020-06-06T03:00Z: half an hour before is 02:30.
    const documents: Record<string, object> = {
      'lost-order': { status: 'queued', createdAt: '2020-06-06T02:20:00Z' },
      'just-ordered': { status: 'queued', createdAt: '2020-06-06T02:50:00Z' },
      'dead-worker': { status: 'rendering', createdAt: '2020-06-05T10:00:00Z', renderingSince: '2020-06-06T02:00:00Z' },
      'rendering-now': { status: 'rendering', createdAt: '2020-06-05T10:00:00Z', renderingSince: '2020-06-06T02:59:00Z' },
      'settled-meanwhile': { status: 'ready', createdAt: '2020-06-05T10:00:00Z' },
    };
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':p': 'PENDING' } }).resolves({
      Items: [...Object.keys(documents), 'deleted'].map((id) => ({ pk: 'PENDING', sk: `DOCUMENT#${id}`, data: { documentId: id } })),
    });
    ddb.on(GetCommand).resolves({});
    for (const [id, data] of Object.entries(documents)) ddb.on(GetCommand, { Key: { pk: `DOCUMENT#${id}`, sk: 'DOCUMENT' } }).resolves({ Item: { data: { id, ...data } } });
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
    const out = await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event' } as never);
    expect(out).toEqual({ redelivered: 2 });
    const sent = sqs.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody!).documentId);
    expect(sent).toEqual(['lost-order', 'dead-worker']);
  });
});
