import { BadRequest, PayloadTooLarge, UnsupportedMediaType } from '#core/errors.ts';
import { MAX_BODY_BYTES } from '#core/limits.ts';
import type { HttpEvent } from './http-types.ts';

export function rawBody(event: HttpEvent): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

function checkedBody(event: HttpEvent, accepts: (mediaType: string) => boolean, expected: string): string {
  const raw = rawBody(event);
  if (raw.byteLength > MAX_BODY_BYTES) throw new PayloadTooLarge(MAX_BODY_BYTES);
  const mediaType = (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!accepts(mediaType)) throw new UnsupportedMediaType(expected);
  if (raw.byteLength === 0) throw new BadRequest('The request needs a body.');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(raw);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The JSON body, after the size and content-type checks; a syntax error is a 400. */
export function jsonBody(event: HttpEvent): unknown {
  const text = checkedBody(event, (t) => t === 'application/json' || /^application\/[\w.+-]+\+json$/.test(t), 'application/json');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadRequest(`The body is not valid JSON: ${(err as Error).message}`);
  }
}

export function csvBody(event: HttpEvent): string {
  return checkedBody(event, (t) => t === 'text/csv', 'text/csv (UTF-8)');
}
