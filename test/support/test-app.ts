/**
 * The local app for tests: the real handlers and adapters on the suite's own table and bucket in
 * the shared local servers, the HTTP host on a free port, and a small fetch client. Each route
 * gets only what its Lambda's role allows, and so does the worker (route-grants-guard.ts).
 */
import { startLocalApp, type LocalAppOptions } from '../../functions/local/app.ts';
import { createTestBucket, createTestTable, localAws } from './local-aws.ts';
import { routeGrantsGuard, workerGrantsGuard } from './route-grants-guard.ts';

export type ApiAnswer<T = any> = { status: number; headers: Headers; body: T; text: string };

export async function startTestApp(
  opts: Omit<LocalAppOptions, 'servers' | 'port'> & { tableName?: string; bucketName?: string } = {},
) {
  const [tableName, bucketName] = await Promise.all([
    opts.tableName ?? createTestTable('app'),
    opts.bucketName ?? createTestBucket('app'),
  ]);
  const aws = localAws();
  const app = await startLocalApp({
    ...opts,
    port: 0,
    renderBackoffMs: opts.renderBackoffMs ?? 50,
    // every route with only its Lambda's grants, as in AWS
    depsForRoute: opts.depsForRoute ?? routeGrantsGuard,
    depsForWorker: opts.depsForWorker ?? workerGrantsGuard,
    servers: { ...aws, credentials: { ...aws.credentials }, tableName, bucketName },
  });
  const call = async <T = any>(
    method: string,
    path: string,
    body?: unknown,
    { key = app.bootstrapKey, headers = {} }: { key?: string | null; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer<T>> => {
    const res = await fetch(app.url + path, {
      method,
      redirect: 'manual',
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: any = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };
  /** Polls a document until it is ready or failed. */
  const waitForDocument = async (id: string, timeoutMs = 60_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const doc = await call('GET', `/documents/${id}`);
      if (doc.body.status === 'ready' || doc.body.status === 'failed') return doc.body;
      if (Date.now() > until) throw new Error(`document ${id} still ${doc.body.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { app, call, waitForDocument, tableName, bucketName };
}
