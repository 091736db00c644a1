import type { MiddlewareObj } from '@middy/core';
import { AppError, problemType } from '#core/errors.ts';
import { log, loggable } from '#adapters/telemetry.ts';
import type { HttpEvent, HttpResponse } from '../http-types.ts';

export const PROBLEM_JSON = 'application/problem+json';

/** An RFC 9457 problem answer. */
export function problemResponse(
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
  type = problemType(title),
): HttpResponse {
  return {
    statusCode: status,
    headers: { 'content-type': PROBLEM_JSON },
    body: JSON.stringify({ type, title, status, detail, ...extra }),
  };
}

export function problemFromError(err: unknown, requestId: string): HttpResponse {
  if (err instanceof AppError) {
    const answer = problemResponse(err.status, err.title, err.message, err.errors ? { errors: err.errors } : {}, err.type);
    return { ...answer, headers: { ...answer.headers, ...err.headers } };
  }
  // Anything unexpected: logged (secrets scrubbed), answered with nothing but a request id.
  log.error('request failed', { requestId, error: loggable(err) });
  return problemResponse(500, 'Internal error', `Something failed on our side. Request id: ${requestId}.`, { requestId });
}

/**
 * A route that serves pages to browsers answers a browser's failures with a page too, those of
 * the checks before its function included (a malformed id in the address); undefined: JSON.
 */
export type ErrorPage = (err: unknown, event: HttpEvent, requestId: string) => HttpResponse | undefined;

/** The outermost middleware: every failure becomes problem+json (or the route's page); a 500 shows no internals. */
export function problemErrors(errorPage?: ErrorPage): MiddlewareObj<HttpEvent, HttpResponse> {
  return {
    onError: (request) => {
      const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId;
      request.response = errorPage?.(request.error, request.event, requestId) ?? problemFromError(request.error, requestId);
    },
  };
}
