import { createHash, randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Context } from 'aws-lambda';
import type { HttpEvent, HttpResponse } from '#http/http-handler.ts';
import { MAX_BODY_BYTES } from '#core/limits.ts';
import { problemResponse } from '#http/middleware/problem-errors.ts';
import { routes, type Route } from '#http/routes.ts';
import { PAGE_SECURITY_HEADERS } from '#http/security-headers.ts';

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResponse>;
type Compiled = { route: Route; pattern: RegExp; names: string[]; handler: Handler };

/**
 * The local stand-in for API Gateway: the same route table, the same middy handlers, events in
 * API Gateway's HTTP API (payload 2.0) shape. Nothing here decides anything a handler decides.
 */
export async function startHttpHost(opts: { host: string; port: number }): Promise<{ server: Server; url: string }> {
  const table = await compileRoutes();
  const server = createServer((req, res) => {
    handle(table, req, res).catch(() => send(res, problemResponse(500, 'Internal error', 'Something failed on our side.')));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return { server, url: `http://${host}:${port}` };
}

async function compileRoutes(): Promise<Compiled[]> {
  return Promise.all(
    routes.map(async (route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => segment.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), '([^/]+)')).replace(/[.:]/g, '\\$&'))
        .join('/');
      const mod = (await import(`../http/handlers/${route.handler}.ts`)) as { handler: Handler };
      return { route, pattern: new RegExp(`^${source}$`), names, handler: mod.handler };
    }),
  );
}

async function handle(table: Compiled[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  const matches = table.flatMap((c) => {
    const m = c.pattern.exec(url.pathname);
    return m ? [{ c, m }] : [];
  });
  if (matches.length === 0) {
    const file = consoleFile(url.pathname);
    if (file && (method === 'GET' || method === 'HEAD')) return sendConsoleFile(req, res, file, method === 'HEAD');
    return send(res, problemResponse(404, 'Not found', `No route ${url.pathname}.`));
  }
  const hit = matches.find(({ c }) => c.route.method === method);
  if (!hit) {
    const allowed = matches.map(({ c }) => c.route.method).join(', ');
    return send(res, { ...problemResponse(405, 'Method not allowed', `Use ${allowed}.`), headers: { 'content-type': 'application/problem+json', allow: allowed } });
  }

  const body = await readBody(req);
  if (body === 'too-large') {
    return send(res, problemResponse(413, 'Payload too large', `The body must be at most ${MAX_BODY_BYTES} bytes.`), true);
  }
  const requestId = randomUUID();
  const pathParameters = Object.fromEntries(hit.c.names.map((n, i) => [n, safeDecode(hit.m[i + 1]!)]));
  const event = {
    version: '2.0',
    routeKey: `${hit.c.route.method} ${hit.c.route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')])),
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    pathParameters: hit.c.names.length ? pathParameters : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: req.headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '', userAgent: req.headers['user-agent'] ?? '' },
      requestId,
      routeKey: `${hit.c.route.method} ${hit.c.route.path}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    body: body.length ? body.toString('base64') : undefined,
    isBase64Encoded: body.length > 0,
  } as HttpEvent;
  send(res, await hit.c.handler(event, lambdaContext(requestId, hit.c.route.handler)));
}

/*
 * The web console: the static files web/build.mjs writes to web/dist, served for GET/HEAD of `/`,
 * `/index.html` and `/assets/*` only (the console routes by the URL fragment), after the API's
 * routes, with the pages' security headers, brotli or gzip when accepted, and an ETag per encoding.
 * In AWS, CloudFront serves the same files from S3 with the same headers.
 */
const CONSOLE_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
/** Already compressed formats are sent as they are. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.csv', '.json', '.svg']);

type ConsoleFile = { mtimeMs: number; size: number; body: Buffer; br?: Buffer; gzip?: Buffer; etag: string };
const consoleFiles = new Map<string, ConsoleFile>();

function consoleFile(pathname: string): string | null {
  if (pathname === '/' || pathname === '/index.html') return 'index.html';
  if (!pathname.startsWith('/assets/')) return null;
  const relative = normalize(safeDecode(pathname).slice(1));
  if (!relative.startsWith('assets/') || relative.split('/').some((part) => part.startsWith('.'))) return null;
  return CONTENT_TYPES[extname(relative)] ? relative : null;
}

/** Reads (and compresses) a file once per version: a rebuilt console is picked up by its mtime. */
async function loadConsoleFile(relative: string): Promise<ConsoleFile | null> {
  const path = join(CONSOLE_DIR, relative);
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return null;
  const cached = consoleFiles.get(relative);
  if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
  const body = await readFile(path);
  const compress = COMPRESSIBLE.has(extname(relative)) && body.length > 512;
  const file: ConsoleFile = {
    mtimeMs: info.mtimeMs,
    size: info.size,
    body,
    br: compress ? brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }) : undefined,
    gzip: compress ? gzipSync(body, { level: 9 }) : undefined,
    etag: createHash('sha256').update(body).digest('base64url').slice(0, 27),
  };
  consoleFiles.set(relative, file);
  return file;
}

/** `br` or `gzip` when the client accepts it (a `q=0` refuses). */
function acceptedEncoding(header: string | undefined, file: ConsoleFile): 'br' | 'gzip' | null {
  const accepted = new Set(
    (header ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !q || !/^\s*q=0(\.0*)?\s*$/.test(q))
      .map(([name]) => name!.trim().toLowerCase()),
  );
  if (file.br && accepted.has('br')) return 'br';
  if (file.gzip && accepted.has('gzip')) return 'gzip';
  return null;
}

async function sendConsoleFile(req: IncomingMessage, res: ServerResponse, relative: string, headOnly: boolean): Promise<void> {
  const file = await loadConsoleFile(relative);
  if (!file) {
    const missing = relative === 'index.html';
    return send(res, missing ? problemResponse(503, 'Console not built', 'The web console is not built: run `node web/build.mjs`.') : problemResponse(404, 'Not found', `No file ${relative}.`));
  }
  const encoding = acceptedEncoding(req.headers['accept-encoding'], file);
  const etag = `"${file.etag}${encoding ? `-${encoding}` : ''}"`;
  const headers: Record<string, string> = {
    ...PAGE_SECURITY_HEADERS,
    'content-type': CONTENT_TYPES[extname(relative)]!,
    etag,
    vary: 'accept-encoding',
    // Fixed names: the browser revalidates every time (a 304 when unchanged); fonts change with the package only.
    'cache-control': relative.startsWith('assets/fonts/') ? 'public, max-age=604800' : 'no-cache',
  };
  if (req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag)) {
    res.writeHead(304, headers);
    return void res.end();
  }
  const body = encoding === 'br' ? file.br! : encoding === 'gzip' ? file.gzip! : file.body;
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.length);
  res.writeHead(200, headers);
  res.end(headOnly ? undefined : body);
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop buffering but keep draining, so the client reads our 413 instead of a reset.
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, r: HttpResponse, close = false): void {
  if (res.headersSent) return;
  const headers: Record<string, string> = { ...r.headers };
  if (close) headers.connection = 'close';
  res.writeHead(r.statusCode, headers);
  res.end(r.body === undefined ? undefined : r.isBase64Encoded ? Buffer.from(r.body, 'base64') : r.body);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function lambdaContext(requestId: string, name: string): Context {
  return {
    awsRequestId: requestId,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `local:${name}`,
    memoryLimitInMB: '512',
    logGroupName: 'local',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
