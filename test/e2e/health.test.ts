/**
 * GET /health tells the truth over HTTP: 200 `{"status":"ok"}` while the table and the bucket
 * answer, 503 problem+json saying which does not otherwise; and when DynamoDB Local itself is
 * killed under a running app, /health goes 503 and the app learns that it died (`died`), which is
 * what `npm start` exits on (test/e2e/npm-start.test.ts checks that outcome).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { startLocalApp } from '../../functions/local/app.ts';
import { clients, uniqueName } from '../support/local-aws.ts';
import { javaPidOf } from '../support/processes.ts';
import { startTestApp } from '../support/test-app.ts';

async function health(url: string) {
  const res = await fetch(`${url}/health`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}

describe('GET /health', () => {
  it('answers 200 ok while the table and the bucket answer', async () => {
    const t = await startTestApp();
    try {
      expect(await health(t.app.url)).toMatchObject({ status: 200, body: { status: 'ok' } });
    } finally {
      await t.app.stop();
    }
  });

  it('answers 503 problem+json naming the document storage when the bucket does not answer', async () => {
    const t = await startTestApp({ bucketName: uniqueName('never-created') });
    try {
      const answer = await health(t.app.url);
      expect(answer.status).toBe(503);
      expect(answer.type).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status: 503, title: 'Service unavailable' });
      expect(answer.body.detail).toBe('The service cannot work now: the document storage did not answer.');
    } finally {
      await t.app.stop();
    }
  });

  it('answers 503 naming the database when the table is gone', async () => {
    const t = await startTestApp();
    try {
      await clients().dynamo.send(new DeleteTableCommand({ TableName: t.tableName }));
      const answer = await health(t.app.url);
      expect(answer.status).toBe(503);
      expect(answer.body.detail).toBe('The service cannot work now: the database did not answer.');
      expect(JSON.stringify(answer.body)).not.toContain(t.tableName);
    } finally {
      await t.app.stop();
    }
  });

  it('goes 503 when DynamoDB Local is killed, and the app is told that it died', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'congress-docs-health-'));
    const app = await startLocalApp({ dataDir, port: 0, bootstrapKey: 'health-test-key-0123456789' });
    try {
      expect((await health(app.url)).status).toBe(200);
      process.kill(javaPidOf(dataDir), 'SIGKILL');
      const died = await app.died;
      expect(died).toMatch(/^DynamoDB Local \(pid \d+\) stopped by itself \(killed by SIGKILL\)$/);
      const answer = await health(app.url);
      expect(answer.status).toBe(503);
      expect(answer.body.detail).toBe('The service cannot work now: the database did not answer.');
    } finally {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
