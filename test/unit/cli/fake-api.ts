import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CsvFileError, parseSubmissionsCsv } from '#core/csv-submissions.ts';

/**
 * A tiny stand-in for the API (CONTRACT §2) on 127.0.0.1:0, enough for the CLI tests:
 * bearer check, problem+json errors, submissions, CSV import (with the real CSV parser),
 * documents that become ready after two polls, and a 302 to a "presigned" PDF URL; lists in
 * pages shorter than asked for (the client must follow the cursor), stats, a draft preview,
 * recall; and transient failures on demand (`failNext`).
 */

export const KEY = 'test-key-123';
export const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 250, 251, 252]), Buffer.from('\n%%EOF\n')]);

export type Recorded = { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer };

export type FakeApi = {
  url: string;
  requests: Recorded[];
  /** The next `times` requests (but presigned downloads) answer `status` (and `headers`), as a busy server does. */
  failNext(status: number, times: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
};

export const DRAFT = Buffer.from('%PDF-1.7\n% DỰ THẢO\n%%EOF\n');

export const STATS = {
  asOf: '2020-05-31',
  levels: {
    branch: { total: 140, held: 140, heldPercent: 100, lastHeldOn: '2020-01-18', completedOn: '2020-01-18', daysBeforeDeadline: 13, directElection: 140, directElectionPercent: 100, unanimous: 85, nonLocal: 0, nonLocalPercent: 0, concurrentChair: 0, villageHead: 140 },
    grassroots: { total: 60, held: 52, heldPercent: 86.7, lastHeldOn: '2020-05-20', directElection: 50, directElectionPercent: 96.2, unanimous: 31, nonLocal: 40, nonLocalPercent: 76.9, concurrentChair: 41, villageHead: 0 },
    district: { total: 14, held: 0, heldPercent: 0, lastHeldOn: null, directElection: 0, directElectionPercent: null, unanimous: 0, nonLocal: 0, nonLocalPercent: null, concurrentChair: 0, villageHead: 0 },
  },
  targets: [
    { metric: 'communeNonLocalPercent', target: 75, actual: 81.5, met: true },
    { metric: 'districtConcurrentChairCount', target: 3, actual: 0, met: false },
    { metric: 'districtNonLocalPercent', target: 100, actual: null, met: false },
  ],
};

const listed = (organizationId: string, fullName: string, version: number) => ({
  id: `sub-${organizationId}-${version}`,
  campaignId: 'qn-2020',
  version,
  receivedAt: '2020-06-01T03:04:05.678Z',
  organizationId,
  congress: { heldOn: '2020-05-12', delegatesElected: 120, delegatesAttended: 118 },
  secretary: { fullName, electedDirectly: true, votes: { for: 117, valid: 118 }, isLocal: false, concurrentRole: null },
});
export const LISTED_SUBMISSIONS = [
  listed('ha-long', 'Hồ Hồng Bình', 2),
  listed('ha-long-p-bach-dang', 'Nguyễn Văn An', 1),
  listed('uong-bi', 'Đặng Thị Thủy', 1),
];

/** Items of a list in pages of two, whatever the limit: the cursor is the next index. */
function page<T>(items: readonly T[], url: URL): { items: T[]; cursor?: string } {
  const from = Number(url.searchParams.get('cursor') ?? 0);
  const next = from + 2;
  return { items: items.slice(from, next), ...(next < items.length ? { cursor: String(next) } : {}) };
}

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
  let failing: { status: number; times: number; headers?: Record<string, string> } = { status: 0, times: 0 };
  let recall: { at: string; reason: string } | undefined;
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
    ...(status === 'ready' || status === 'recalled' ? { sha256, bytes: PDF.length, pages: 1, readyAt: '2020-06-06T01:00:01.000Z' } : {}),
    ...(status === 'recalled' ? { recalledAt: recall!.at, recallReason: recall!.reason } : {}),
  });
  const documentStatus = () => (recall ? 'recalled' : polls < 2 ? 'queued' : polls < 3 ? 'rendering' : 'ready');

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
    if (failing.times > 0) {
      failing.times--;
      res.writeHead(failing.status, { 'content-type': 'application/problem+json', ...failing.headers });
      return res.end(JSON.stringify({ type: 'about:blank', title: 'Try again', status: failing.status }));
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
    if (route === 'GET /campaigns/qn-2020/stats') {
      if (url.searchParams.get('asOf') === '2020-02-30') {
        return problem(res, 400, 'Invalid query', { errors: [{ path: '/query/asOf', message: 'must be a real calendar date' }] });
      }
      return json(res, 200, { ...STATS, asOf: url.searchParams.get('asOf') ?? STATS.asOf });
    }
    if (route === 'GET /campaigns/qn-2020/submissions') {
      const org = url.searchParams.get('organizationId');
      return json(res, 200, page(LISTED_SUBMISSIONS.filter((x) => !org || x.organizationId === org), url));
    }
    if (route === 'GET /campaigns/qn-2020/documents') {
      const older = [1, 2].map((n) => ({ ...doc('ready'), id: `doc-old-${n}`, number: `${415 - n}-BC/TU` }));
      return json(res, 200, page([doc(documentStatus()), ...older], url));
    }
    if (route === 'POST /campaigns/qn-2020/documents:preview') {
      const request = JSON.parse(body.toString('utf8')) as { type?: string };
      if (request.type !== 'report') {
        return problem(res, 400, 'Invalid document request', {
          errors: [
            { path: '/type', message: 'must be one of report, proposal, letter' },
            { path: '/issuedOn', message: 'is required' },
          ],
        });
      }
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(DRAFT.length) });
      return res.end(DRAFT);
    }
    if (route === 'POST /documents/doc-1:recall') {
      const { reason } = JSON.parse(body.toString('utf8')) as { reason?: string };
      if (!reason?.trim()) return problem(res, 400, 'Invalid recall', { errors: [{ path: '/reason', message: 'is required' }] });
      if (documentStatus() !== 'ready') return problem(res, 409, 'Conflict', { detail: 'Only a ready document can be recalled.' });
      recall = { at: '2020-07-01T02:00:00.000Z', reason };
      return json(res, 200, doc('recalled'));
    }
    if (route === 'POST /campaigns/qn-2020/documents') {
      polls = 0;
      recall = undefined;
      return json(res, 202, doc('queued'), { location: '/documents/doc-1' });
    }
    if (route === 'GET /documents/doc-1') {
      polls++;
      return json(res, 200, doc(documentStatus()));
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
    failNext: (status, times, headers) => void (failing = { status, times, headers }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
