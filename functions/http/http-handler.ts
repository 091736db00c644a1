import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { getDeps } from '#adapters/runtime-deps.ts';
import { flushMetrics, log, tracer } from '#adapters/telemetry.ts';
import type { Deps } from '#core/deps.ts';
import type { Principal } from '#core/model.ts';
import { authentication } from './middleware/authentication.ts';
import type { CompleteWith } from '#core/ports.ts';
import type { HttpEvent, HttpResponse, HttpResult } from './http-types.ts';
import { completion, idempotency } from './middleware/idempotency.ts';
import { pathParameters } from './middleware/path-parameters.ts';
import { problemErrors, type ErrorPage } from './middleware/problem-errors.ts';
import { routes, type Route, type RouteId } from './routes.ts';

export type { HttpEvent, HttpResponse, HttpResult } from './http-types.ts';

/** What a route's function receives: the event, already authenticated, and the dependencies. */
export type HttpRequest = {
  event: HttpEvent;
  route: Route;
  deps: Deps;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  /** The caller; for public routes, a principal with no rights. */
  principal: Principal;
  requestId: string;
  /**
   * For a write answered with `toResult(stored)`: completes the request's idempotency claim in the
   * write's own transaction (exactly once). Undefined without an Idempotency-Key.
   */
  completeWith<T>(toResult: (stored: T) => HttpResult): CompleteWith<T> | undefined;
};

const ANONYMOUS: Principal = { id: 'anonymous', role: 'submitter', campaignId: '\u0000', organizationId: '\u0000' };

function routeById(id: RouteId): Route {
  const route = routes.find((r) => r.id === id);
  if (!route) throw new Error(`No route ${id}`);
  return route;
}

/**
 * The middy stack every route shares: telemetry (request id in logs, metrics flushed, a trace),
 * problem+json errors (so it sees every failure), authentication against the route's access rule,
 * idempotency for POSTs, then the route function.
 */
export function httpRoute(id: RouteId, fn: (req: HttpRequest) => Promise<HttpResult>, options: { errorPage?: ErrorPage } = {}) {
  const route = routeById(id);
  return middy<HttpEvent, HttpResponse, Error, Context>({ timeoutEarlyInMillis: 0 })
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(log))
    .use(flushMetrics())
    .use(problemErrors(options.errorPage))
    .use(authentication(route))
    .use(pathParameters())
    .use(idempotency(route))
    .handler(async (event, context) => {
      const held = event.heldClaim;
      const result = await fn({
        event,
        route,
        deps: await getDeps(id),
        params: (event.pathParameters ?? {}) as Record<string, string>,
        query: event.queryStringParameters ?? {},
        principal: event.principal ?? ANONYMOUS,
        requestId: event.requestContext?.requestId ?? context.awsRequestId,
        completeWith: (toResult) => (held ? (stored) => completion(held, toResponse(toResult(stored))) : undefined),
      });
      return toResponse(result);
    });
}

/** JSON by default; bytes and pre-typed text (a route that sets content-type) go out as they are. */
export function toResponse({ status, body, headers = {} }: HttpResult): HttpResponse {
  if (body === undefined) return { statusCode: status, headers: { ...headers } };
  if (Buffer.isBuffer(body)) return { statusCode: status, headers, body: body.toString('base64'), isBase64Encoded: true };
  if (typeof body === 'string' && headers['content-type']) return { statusCode: status, headers, body };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}
