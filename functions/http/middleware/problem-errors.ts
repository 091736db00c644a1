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

/** The outermost middleware: every failure becomes problem+json; a 500 shows no internals. */
export function problemErrors(): MiddlewareObj<HttpEvent, HttpResponse> {
  return {
    onError: (request) => {
      request.response = problemFromError(request.error, request.event.requestContext?.requestId ?? request.context.awsRequestId);
    },
  };
}
