import { randomUUID } from 'node:crypto';
import type { FieldError } from '#core/errors.ts';
import type { DocumentAnswer } from '#core/answers.ts';
import type { Stats, Submission } from '#core/model.ts';
import type { KeyRequest } from '#core/schemas.ts';
import type { ImportResult as ImportRowResult } from '#core/use-cases/import-submissions.ts';

/**
 * A small typed client of the congress-docs HTTP API (CONTRACT §2), on the global `fetch`.
 * - Every POST that records something carries an `Idempotency-Key` made for that one request of
 *   this run: the client's own retries (network failure, 502/503/504, 429) resend it, so a retry
 *   never records twice; running a command again is a new request with a new key, so a file sent
 *   again (perhaps corrected, perhaps sent back after another) is recorded again, as its latest.
 * - A 4xx/5xx answer becomes an `ApiError` holding the problem+json body, if any.
 */

// The shapes the server answers with, taken from its own code (types only: nothing is loaded).
export type { FieldError, ImportRowResult };

export type Problem = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  requestId?: string;
  errors?: FieldError[];
};

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** The server could not be reached at all. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    message: string,
    /** A timeout or a dropped connection: worth one more try with the same idempotency key. */
    readonly retryable = false,
  ) {
    super(message);
  }
}

export type Page<T> = { items: T[]; cursor?: string };

export type StoredSubmission = Submission;

export type { Stats };

export type ImportResult = { results: ImportRowResult[] };

/** The document view, with what recall and signatures add to it (CONTRACT §2–3). */
export type DocumentInfo = DocumentAnswer;
export type DocumentStatus = DocumentAnswer['status'];

export type KeyRequestBody = KeyRequest;
export type CreatedKey = { id: string; key: string };

export type ClientOptions = {
  baseUrl: string;
  key?: string;
  /** Retries after the first attempt for transient failures (default 2). */
  retries?: number;
  /** Per-attempt timeout in ms (default 60 s). */
  timeoutMs?: number;
  /** Delay before retry n (1-based), ms; tests pass a short one. */
  backoffMs?: (attempt: number) => number;
};

type RequestOptions = {
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  text?: { body: string; contentType: string };
  /** Absent: a fresh key for this request; `false`: none (a POST that records nothing). */
  idempotencyKey?: string | false;
  /** The media type wanted (default JSON). */
  accept?: string;
};

/** The largest page the API gives (CONTRACT §2 "Lists"). */
const PAGE_LIMIT = 100;

const TRANSIENT = new Set([429, 502, 503, 504]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET', 'EAI_AGAIN']);

export class ApiClient {
  readonly baseUrl: string;
  private readonly key: string | undefined;
  private readonly retries: number;
  private readonly timeoutMs: number;
  private readonly backoffMs: (attempt: number) => number;

  constructor(opts: ClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.key = opts.key;
    this.retries = opts.retries ?? 2;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.backoffMs = opts.backoffMs ?? ((n) => 250 * 3 ** (n - 1));
  }

  /** A fresh key for one logical POST of this run. */
  static newIdempotencyKey(): string {
    return `cli-${randomUUID()}`;
  }

  createSubmission(campaignId: string, body: unknown, idempotencyKey?: string): Promise<StoredSubmission> {
    return this.json('POST', `/campaigns/${seg(campaignId)}/submissions`, { json: body, idempotencyKey });
  }

  importSubmissionsCsv(campaignId: string, csv: string, idempotencyKey?: string): Promise<ImportResult> {
    return this.json('POST', `/campaigns/${seg(campaignId)}/submissions:import`, {
      text: { body: csv, contentType: 'text/csv; charset=utf-8' },
      idempotencyKey,
    });
  }

  createDocument(campaignId: string, request: unknown, idempotencyKey?: string): Promise<DocumentInfo> {
    return this.json('POST', `/campaigns/${seg(campaignId)}/documents`, { json: request, idempotencyKey });
  }

  getDocument(documentId: string): Promise<DocumentInfo> {
    return this.json('GET', `/documents/${seg(documentId)}`);
  }

  listDocuments(campaignId: string): Promise<DocumentInfo[]> {
    return this.listAll(`/campaigns/${seg(campaignId)}/documents`);
  }

  /** The latest version of each organization's submission, or of one organization's. */
  listSubmissions(campaignId: string, organizationId?: string): Promise<StoredSubmission[]> {
    return this.listAll(`/campaigns/${seg(campaignId)}/submissions`, { organizationId });
  }

  getStats(campaignId: string, asOf?: string): Promise<Stats> {
    return this.json('GET', `/campaigns/${seg(campaignId)}/stats`, { query: { asOf } });
  }

  /** The draft PDF of a request, as ordering it would make it; nothing is stored, so no key. */
  async previewDocument(campaignId: string, request: unknown): Promise<Uint8Array> {
    const res = await this.request('POST', `/campaigns/${seg(campaignId)}/documents:preview`, {
      json: request,
      idempotencyKey: false,
      accept: 'application/pdf, application/problem+json',
    });
    const type = res.headers.get('content-type') ?? '';
    if (!type.startsWith('application/pdf')) {
      await res.body?.cancel();
      throw new ApiError(res.status, undefined, `the preview answered ${type || 'no content type'}, not a PDF`);
    }
    return new Uint8Array(await res.arrayBuffer());
  }

  recallDocument(documentId: string, reason: string, idempotencyKey?: string): Promise<DocumentInfo> {
    return this.json('POST', `/documents/${seg(documentId)}:recall`, { json: { reason }, idempotencyKey });
  }

  createKey(body: KeyRequestBody, idempotencyKey?: string): Promise<CreatedKey> {
    return this.json('POST', '/keys', { json: body, idempotencyKey });
  }

  /**
   * Poll a document until it is done with (`ready`, `failed`, or already `recalled`). Throws
   * `WaitTimeoutError` after `timeoutMs`.
   */
  async waitForDocument(
    documentId: string,
    opts: { timeoutMs?: number; intervalMs?: number; onStatus?: (d: DocumentInfo) => void } = {},
  ): Promise<DocumentInfo> {
    const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
    let interval = opts.intervalMs ?? 200;
    let last: DocumentStatus | undefined;
    for (;;) {
      const doc = await this.getDocument(documentId);
      if (doc.status !== last) opts.onStatus?.(doc);
      last = doc.status;
      if (doc.status === 'ready' || doc.status === 'failed' || doc.status === 'recalled') return doc;
      if (Date.now() + interval > deadline) throw new WaitTimeoutError(documentId, doc.status, opts.timeoutMs ?? 120_000);
      await sleep(interval);
      interval = Math.min(interval * 1.5, 2000);
    }
  }

  /**
   * The PDF bytes: `GET /documents/{id}/pdf` answers 302 to a presigned URL, fetched without our
   * key (a presigned URL carries its own authorization, and the bearer key must not leak).
   */
  async downloadPdf(documentId: string): Promise<Uint8Array> {
    const res = await this.request('GET', `/documents/${seg(documentId)}/pdf`);
    let pdf: Response = res;
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location');
      await res.body?.cancel();
      if (!location) throw new ApiError(res.status, undefined, `${res.status} without a Location header`);
      const target = new URL(location, this.baseUrl + '/').toString();
      pdf = await this.send(target, { method: 'GET', redirect: 'follow' });
    }
    if (!pdf.ok) throw await toApiError(pdf);
    return new Uint8Array(await pdf.arrayBuffer());
  }

  /** Every item of a list, following its cursors (a page may be short and still have one). */
  async listAll<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.json<Page<T>>('GET', path, { query: { ...query, limit: PAGE_LIMIT, cursor } });
      items.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return items;
  }

  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, opts);
    const text = await res.text();
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, undefined, `${method} ${path} answered ${res.status} with a body that is not JSON`);
    }
  }

  /** One logical request with retries; throws `ApiError` on 4xx/5xx; a 3xx is answered as is. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: opts.accept ?? 'application/json, application/problem+json' };
    if (this.key) headers.authorization = `Bearer ${this.key}`;
    let body: string | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.text) {
      headers['content-type'] = opts.text.contentType;
      body = opts.text.body;
    }
    // Made once, before the retry loop: the retries of this request resend it.
    if (method === 'POST' && opts.idempotencyKey !== false) {
      headers['idempotency-key'] = opts.idempotencyKey ?? ApiClient.newIdempotencyKey();
    }

    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.send(url.toString(), { method, headers, body, redirect: 'manual' });
      } catch (e) {
        if (attempt < this.retries && isRetryable(e)) {
          await sleep(this.backoffMs(attempt + 1));
          continue;
        }
        throw e;
      }
      if (isTransient(res) && attempt < this.retries) {
        await res.body?.cancel();
        await sleep(retryAfterMs(res) ?? this.backoffMs(attempt + 1));
        continue;
      }
      if (res.status >= 400) throw await toApiError(res);
      return res;
    }
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      throw toNetworkError(e, url, this.timeoutMs);
    }
  }
}

export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
  constructor(
    readonly documentId: string,
    readonly status: string,
    timeoutMs: number,
  ) {
    super(`document ${documentId} is still ${status} after ${Math.round(timeoutMs / 1000)} s`);
  }
}

async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let problem: Problem | undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) problem = parsed as Problem;
  } catch {
    /* not JSON: keep the status line */
  }
  return new ApiError(res.status, problem, describeProblem(res.status, res.statusText, problem));
}

/**
 * One line for a problem, every field error by its JSON pointer (and CSV column):
 * `400 Invalid submission: 2 fields are invalid — /a must …; /b (column b) must …`.
 * All of them: a person fixes a request in one go only if every bad field is named.
 */
export function describeProblem(status: number, statusText: string, problem: Problem | undefined): string {
  const title = oneLine(problem?.title ?? statusText) || 'Error';
  let line = `${status} ${title}`;
  const detail = problem?.detail ? oneLine(problem.detail) : '';
  if (detail && detail !== title) line += `: ${detail}`;
  const errors = Array.isArray(problem?.errors) ? problem.errors : [];
  if (errors.length) {
    line += ` — ${errors.map(describeFieldError).join('; ')}`;
  }
  if (status >= 500 && problem?.requestId && !line.includes(problem.requestId)) line += ` (request ${problem.requestId})`;
  return line;
}

/** `/congress/heldOn (column heldOn) must be a real calendar date`: the pointer, the CSV column if any. */
export function describeFieldError(e: FieldError): string {
  const where = (e.path || '(body)') + (e.column ? ` (column ${e.column})` : '');
  return `${where} ${oneLine(String(e.message))}`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Worth another try with the same key: a busy or failing gateway, or a 409 with Retry-After (the
 * server still runs the first attempt of this key, e.g. after our timeout; it answers that one).
 */
function isTransient(res: Response): boolean {
  return TRANSIENT.has(res.status) || (res.status === 409 && res.headers.has('retry-after'));
}

function isRetryable(e: unknown): boolean {
  return e instanceof NetworkError && e.retryable;
}

function toNetworkError(e: unknown, url: string, timeoutMs: number): Error {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
    return new NetworkError(`no answer from ${origin(url)} within ${Math.round(timeoutMs / 1000)} s`, true);
  }
  const cause = (e as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = cause?.code;
  if (code === 'ECONNREFUSED') {
    return new NetworkError(`cannot connect to ${origin(url)} (connection refused); is the API running (npm start)?`);
  }
  if (code === 'ENOTFOUND') return new NetworkError(`cannot resolve the host of ${origin(url)}`);
  const message = `request to ${origin(url)} failed: ${cause?.message ?? (e instanceof Error ? e.message : String(e))}`;
  return new NetworkError(message, code !== undefined && RETRYABLE_CODES.has(code));
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function retryAfterMs(res: Response): number | undefined {
  const v = res.headers.get('retry-after');
  if (!v || !/^\d+$/.test(v)) return undefined;
  return Math.min(Number(v) * 1000, 10_000);
}

function seg(s: string): string {
  return encodeURIComponent(s);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
