/**
 * In Lambda, handlers log JSON with the request id and publish CloudWatch metrics (EMF) on stdout;
 * the key a caller presents never appears in that output.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

process.env.AWS_LAMBDA_FUNCTION_NAME = 'create-submission';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';

const out: string[] = [];
beforeAll(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
});
afterAll(() => vi.restoreAllMocks());

it('publishes SubmissionsAccepted and logs failures (stderr) with the request id, never the key', async () => {
  const { setDeps } = await import('../../../functions/adapters/runtime-deps.ts');
  const { dynamoRepositories } = await import('../../../functions/adapters/dynamo/index.ts');
  const { handler } = await import('../../../functions/http/handlers/create-submission.ts');
  const ddb = mockClient(DynamoDBDocumentClient);
  const repo = dynamoRepositories(new DynamoDBClient({ region: 'ap-southeast-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }), 't');
  setDeps({
    repo,
    idempotency: repo.idempotency,
    storage: {} as never,
    queue: {} as never,
    clock: () => new Date('2020-06-06T00:00:00Z'),
    newId: () => 'sub-1',
    settings: { publicBaseUrl: '', cursorSecret: 's', presignSeconds: 300, renderAttempts: 3 },
  });
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: { pk: 'CAMPAIGN#qn', sk: 'CAMPAIGN' } }).resolves({ Item: { data: { id: 'qn' } } });
  ddb.on(BatchGetCommand).resolves({ Responses: { t: [{ data: { id: 'org' } }] } });
  ddb.on(TransactWriteCommand).resolvesOnce({}).rejects(new Error('boom'));

  const token = 'cdk_abcdefabcdef_THIS-SECRET-MUST-NOT-LEAK-0000000000000';
  const event = (requestId: string) =>
    ({
      rawPath: '/campaigns/qn/submissions',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      pathParameters: { campaignId: 'qn' },
      requestContext: { requestId, http: { method: 'POST' }, authorizer: { lambda: { keyId: 'k', role: 'secretariat' } } },
      body: JSON.stringify({
        organizationId: 'org',
        congress: { heldOn: '2020-05-12' },
        secretary: { fullName: 'A', electedDirectly: false, isLocal: true, concurrentRole: null },
      }),
    }) as never;
  const context = { awsRequestId: 'lambda-req', functionName: 'create-submission', getRemainingTimeInMillis: () => 1000 } as Context;

  expect((await handler(event('req-ok'), context)).statusCode).toBe(201);
  expect((await handler(event('req-fail'), context)).statusCode).toBe(500);

  const lines = out.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const emf = lines.filter((l) => l._aws?.CloudWatchMetrics);
  expect(emf.some((l) => l.SubmissionsAccepted === 1)).toBe(true);
  const failure = lines.find((l) => l.level === 'ERROR');
  expect(failure).toMatchObject({ message: 'request failed', requestId: 'req-fail', function_request_id: 'lambda-req' });
  expect(out.join('')).not.toContain('THIS-SECRET-MUST-NOT-LEAK');
});
