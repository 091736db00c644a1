/**
 * The API client of the console: same origin (no CORS), the tab's key as a Bearer token, and
 * every failure turned into an ApiError whose message a person can read (Vietnamese).
 */
import { problemMessage, type FieldError } from './messages.ts';
import { storedKey } from './session.ts';

/** Sent on `window` when the API refuses the tab's key. */
export const KEY_REFUSED = 'congress-docs:key-refused';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

type Options = { body?: unknown; csv?: string; headers?: Record<string, string>; key?: string; redirect?: RequestRedirect };

async function send(method: string, path: string, opts: Options = {}): Promise<Response> {
  const key = opts.key ?? storedKey();
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (key) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (opts.csv !== undefined) {
    headers['content-type'] = 'text/csv; charset=utf-8';
    body = opts.csv;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, cache: 'no-store', redirect: opts.redirect ?? 'follow' });
  } catch {
    throw new ApiError(0, problemMessage(0));
  }
  if (!res.ok && res.type !== 'opaqueredirect') {
    // the tab's key stopped working (revoked): the shell goes back to the sign-in page
    if (res.status === 401 && !opts.key) dispatchEvent(new Event(KEY_REFUSED));
    throw await toError(res);
  }
  return res;
}

async function toError(res: Response): Promise<ApiError> {
  let problem: { errors?: FieldError[]; requestId?: string } = {};
  try {
    problem = (await res.json()) as typeof problem;
  } catch {
    // not problem+json (a proxy's page): the status alone says enough
  }
  return new ApiError(res.status, problemMessage(res.status, problem.requestId), problem.errors ?? []);
}

export async function getJson<T>(path: string, opts?: Options): Promise<T> {
  return (await send('GET', path, opts)).json() as Promise<T>;
}

export async function sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, opts?: Options): Promise<T> {
  const res = await send(method, path, opts);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function getBlob(method: 'GET' | 'POST', path: string, opts?: Options): Promise<Blob> {
  return (await send(method, path, { ...opts, headers: { accept: '*/*', ...opts?.headers } })).blob();
}

/** Every page of a list, following the cursor (a page may be short and still carry one). */
export async function getAll<T>(path: string, onPage?: (soFar: T[]) => void): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const page = await getJson<{ items: T[]; cursor?: string }>(
      `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.cursor;
    onPage?.(items);
  } while (cursor);
  return items;
}

/**
 * Downloads an issued PDF. The file lives in the bucket (another origin, which the console's CSP
 * does not let scripts fetch, and a redirect there could not be followed): the API gives its
 * presigned address as JSON (`?as=link`, `{"url"}`) and the browser navigates there, which the
 * bucket answers as an attachment.
 */
export async function downloadDocument(documentId: string): Promise<void> {
  const res = await send('GET', `/documents/${enc(documentId)}/pdf?as=link`, { redirect: 'manual' });
  if (res.type === 'opaqueredirect') throw new ApiError(501, 'Máy chủ chưa hỗ trợ tải tệp qua trình duyệt (cần địa chỉ tải dạng JSON).');
  const { url } = (await res.json()) as { url: string };
  const a = document.createElement('a');
  a.href = url;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

export const enc = encodeURIComponent;
