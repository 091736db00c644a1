import { createHash } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import { getDeps } from '#adapters/runtime-deps.ts';
import { BadRequest, Conflict } from '#core/errors.ts';
import type { IdempotentResponse } from '#core/ports.ts';
import type { HttpEvent, HttpResponse } from '../http-handler.ts';
import type { Route } from '../routes.ts';
import { rawBody } from '../request-body.ts';

const KEY = /^[\x21-\x7e]{1,128}$/;
const TTL_SECONDS = 24 * 3600;
const WAIT_MS = 15_000;

type Internal = { idempotencyScope?: string };

/**
 * CONTRACT §2 Idempotency for POST routes: the same Idempotency-Key with the same body within 24 h
 * answers the first response again and creates nothing; another body is a 409. A request that
 * arrives while the first is running waits for its answer. Scoped to the calling key, so two
 * callers never see each other's answers.
 */
export function idempotency(route: Route): MiddlewareObj<HttpEvent, HttpResponse, Error> {
  const store = async () => (await getDeps()).idempotency;
  return {
    before: async (request) => {
      const header = request.event.headers?.['idempotency-key'];
      if (route.method !== 'POST' || header === undefined) return;
      if (!KEY.test(header)) throw new BadRequest('Idempotency-Key must be 1 to 128 visible ASCII characters.');
      const scope = `${request.event.principal?.id ?? 'anonymous'} ${route.id} ${request.event.rawPath} ${header}`;
      const fingerprint = createHash('sha256')
        .update(request.event.headers?.['content-type'] ?? '')
        .update('\n')
        .update(rawBody(request.event))
        .digest('hex');
      const deadline = Date.now() + WAIT_MS;
      for (let wait = 25; ; wait = Math.min(wait * 2, 500)) {
        const claim = await (await store()).claim(scope, fingerprint, TTL_SECONDS);
        if (claim.state === 'claimed') {
          (request.internal as Internal).idempotencyScope = scope;
          return;
        }
        if (claim.state === 'conflict') throw new Conflict('This Idempotency-Key was used with another body.');
        if (claim.state === 'done') return replay(claim.response);
        if (Date.now() > deadline) throw new Conflict('A request with this Idempotency-Key is still being processed.');
        await new Promise((r) => setTimeout(r, wait));
      }
    },
    after: async (request) => {
      const scope = (request.internal as Internal).idempotencyScope;
      const response = request.response;
      if (!scope || !response) return;
      if (response.statusCode >= 500) return (await store()).release(scope);
      await (await store()).complete(scope, {
        status: response.statusCode,
        headers: response.headers,
        body: typeof response.body === 'string' ? response.body : '',
      });
    },
    onError: async (request) => {
      const scope = (request.internal as Internal).idempotencyScope;
      // Nothing was created: free the key, so that a retry runs (and answers) the same way again.
      if (scope) await (await store()).release(scope);
    },
  };
}

function replay(r: IdempotentResponse): HttpResponse {
  return { statusCode: r.status, headers: { ...r.headers, 'idempotent-replayed': 'true' }, body: r.body };
}
