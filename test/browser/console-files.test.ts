/**
 * The console's files as the local host serves them: only `/`, `/index.html` and `/assets/*`, for
 * GET and HEAD, after the API's routes; the right content types; brotli or gzip when accepted;
 * an ETag answered by 304; the security headers of browser pages on every one.
 */
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../functions/http/security-headers.ts';
import { startTestApp } from '../support/test-app.ts';
import { buildConsoleIfStale } from '../../web/build.mjs';

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  await buildConsoleIfStale();
  t = await startTestApp();
});
afterAll(async () => t?.app.stop());

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetch(t.app.url + path, { method, headers });

/** A request as sent, byte for byte: fetch would decode the body and normalise `..` in the path. */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(t.app.url, { path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the console served by the local host', () => {
  it('serves the page at / and /index.html with the pages security headers and no caching without revalidation', async () => {
    for (const path of ['/', '/index.html']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const html = await res.text();
      expect(html).toContain('<html lang="vi">');
      expect(html).toContain('<script type="module" src="/assets/app.js"></script>');
      expect(html).not.toMatch(/<script>(?!<\/script>)|style="/);
    }
  });

  it('serves the assets with their types, compressed when the browser accepts it', async () => {
    const plain = await get('/assets/app.js', { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const source = Buffer.from(await plain.arrayBuffer());

    const br = await fetch(t.app.url + '/assets/app.js', { headers: { 'accept-encoding': 'br' } });
    // fetch decodes by itself; the raw bytes are checked through node:http below
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(Buffer.from(await br.arrayBuffer())).toEqual(source);

    const compressed = (encoding: string) => raw('/assets/app.css', { 'accept-encoding': encoding });
    const css = Buffer.from(await (await get('/assets/app.css', { 'accept-encoding': 'identity' })).arrayBuffer());
    const gz = await compressed('gzip, deflate');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body)).toEqual(css);
    const b = await compressed('gzip;q=0.5, br');
    expect(b.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(b.body)).toEqual(css);
    expect(b.body.length).toBeLessThan(css.length / 2);
    expect((await compressed('br;q=0, gzip;q=0')).headers['content-encoding']).toBeUndefined();

    const font = await get('/assets/fonts/noto-sans-vietnamese-400-normal.woff2', { 'accept-encoding': 'br' });
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect(font.headers.get('content-encoding')).toBeNull();
    expect((await get('/assets/submissions.csv')).headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await get('/assets/verify.js')).status).toBe(200);
  });

  it('answers 304 to a matching ETag, per encoding, and HEAD without a body', async () => {
    const first = await get('/assets/app.js', { 'accept-encoding': 'gzip' });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+-gzip"$/);
    const again = await get('/assets/app.js', { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await get('/assets/app.js', { 'accept-encoding': 'br', 'if-none-match': etag })).status).toBe(200);
    const head = await get('/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(100);
    expect(await head.text()).toBe('');
  });

  it('serves nothing else: other paths, hidden files, climbing out, other methods, and the API keeps its routes', async () => {
    for (const path of ['/assets/nope.js', '/assets/.manifest.json', '/assets/../package.json', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e/%2e%2e/package.json', '/dot/x', '/web/dist/index.html']) {
      const res = await raw(path);
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type'], path).toBe('application/problem+json');
    }
    expect((await fetch(t.app.url + '/', { method: 'POST' })).status).toBe(404);
    expect(await (await get('/health')).json()).toEqual({ status: 'ok' });
    expect((await get('/me')).status).toBe(401);
  });
});
