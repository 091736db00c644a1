import { decodeCursor, encodeCursor } from '#core/cursor.ts';
import { ValidationError } from '#core/errors.ts';
import type { Page, PageRequest } from '#core/ports.ts';
import type { HttpRequest } from './http-handler.ts';

/**
 * `?cursor=&limit=` → a page request, and a page → `{items, cursor}` (CONTRACT §2 "Lists").
 * The cursor is bound to the listing (route and path), so one listing's cursor is refused by another.
 */
export function pageRequest(req: HttpRequest): PageRequest {
  const { limit: rawLimit, cursor } = req.query;
  const limit = rawLimit === undefined ? 50 : Number(rawLimit);
  if (!/^\d{1,3}$/.test(rawLimit ?? '50') || limit < 1 || limit > 100) {
    throw new ValidationError([{ path: '/query/limit', code: 'invalid', params: { minimum: 1, maximum: 100 }, message: 'must be a whole number from 1 to 100' }]);
  }
  return { limit, after: cursor ? decodeCursor(secret(req), scope(req), cursor) : undefined };
}

export function pageBody<T, U>(req: HttpRequest, page: Page<T>, view: (item: T) => U) {
  const items = page.items.map(view);
  return page.next ? { items, cursor: encodeCursor(secret(req), scope(req), page.next) } : { items };
}

const scope = (req: HttpRequest) => `${req.route.id} ${req.event.rawPath} ${req.query.organizationId ?? ''}`;

function secret(req: HttpRequest): string {
  const s = req.deps.settings.cursorSecret;
  if (!s) throw new Error('No cursor secret is configured');
  return s;
}
