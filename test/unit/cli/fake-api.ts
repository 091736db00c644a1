import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CsvFileError, parseSubmissionsCsv } from '#core/csv-submissions.ts';

/**
 * A tiny stand-in for the API (CONTRACT §2) on 127.0.0.1:0, enough for the CLI tests:
 * bearer check, problem+json errors, submissions, CSV import (with the real CSV parser),
 * documents that become ready after two polls, and a 302 to a "presigned" PDF URL.
 */

export const KEY = 'test-key-123';
export const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 250, 251, 252]), Buffer.from('\n%%EOF\n')]);

export type Recorded = { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer };

export type FakeApi = {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
};

const problem = (res: ServerResponse, status: number, title: string, extra: Record<string, unknown> = {}) => {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title, status, ...extra }));
};
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

export async function startFakeApi(): Promise<FakeApi> {
  const requests: Recorded[] = [];
  let polls = 0;
  let version = 0;
  const sha256 = createHash('sha256').update(PDF).digest('hex');
  const doc = (status: string) => ({
    id: 'doc-1',
    campaignId: 'qn-2020',
    type: 'report',
    status,
    number: '415-BC/TU',
    issuedOn: '2020-06-06',
    asOf: '2020-05-31',
    createdAt: '2020-06-06T01:00:00.000Z',
    ...(status === 'ready' ? { sha256, bytes: PDF.length, pages: 1, readyAt: '2020-06-06T01:00:01.000Z' } : {}),
  });

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    const url = new URL(req.url!, 'http://x');
    const route = `${req.method} ${url.pathname}`;

    if (route === 'GET /bucket/doc-1.pdf') {
      if (req.headers.authorization) return problem(res, 400, 'Presigned URLs take no Authorization header');
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(PDF.length) });
      return res.end(PDF);
    }
    if (req.headers.authorization !== `Bearer ${KEY}`) return problem(res, 401, 'Unauthorized', { detail: 'No or bad API key.' });

    if (route === 'POST /campaigns/qn-2020/submissions') {
      const s = JSON.parse(body.toString('utf8')) as { organizationId?: string };
      if (s.organizationId === 'bad-one') {
        return problem(res, 400, 'Invalid submission', {
          detail: 'The body has 2 invalid fields.',
          errors: [
            { path: '/secretary/votes/for', message: 'must not exceed votes.valid' },
            { path: '/congress/heldOn', message: 'must be a real calendar date' },
          ],
        });
      }
      return json(res, 201, { ...s, id: `sub-${++version}`, campaignId: 'qn-2020', version, receivedAt: '2020-06-01T00:00:00Z' });
    }
    if (route === 'POST /campaigns/qn-2020/submissions:import') {
      if (!String(req.headers['content-type']).startsWith('text/csv')) return problem(res, 415, 'Unsupported Media Type');
      if (body.length > 256 * 1024) return problem(res, 413, 'Content Too Large');
      try {
        const rows = parseSubmissionsCsv(body.toString('utf8'));
        return json(res, 200, {
          results: rows.map((r) => (r.errors ? { row: r.row, errors: r.errors } : { row: r.row, id: `sub-${++version}`, version: 1 })),
        });
      } catch (e) {
        if (e instanceof CsvFileError) return problem(res, 400, 'Invalid CSV', { detail: e.message, errors: e.errors });
        throw e;
      }
    }
    if (route === 'POST /campaigns/qn-2020/documents') {
      polls = 0;
      return json(res, 202, doc('queued'), { location: '/documents/doc-1' });
    }
    if (route === 'GET /documents/doc-1') {
      polls++;
      return json(res, 200, doc(polls < 2 ? 'queued' : polls < 3 ? 'rendering' : 'ready'));
    }
    if (route === 'GET /documents/doc-1/pdf') {
      if (polls < 3) return problem(res, 409, 'Not ready', { detail: 'The document is not ready yet.' });
      const { port } = server.address() as AddressInfo;
      res.writeHead(302, { location: `http://127.0.0.1:${port}/bucket/doc-1.pdf?X-Amz-Expires=300&X-Amz-Signature=abc` });
      return res.end();
    }
    if (route === 'POST /keys') return json(res, 201, { id: 'key-9', key: 'cd_secret_value' });
    return problem(res, 404, 'Not Found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
