import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import { getDeps } from '#adapters/runtime-deps.ts';
import { BadRequest, Conflict } from '#core/errors.ts';
import { bearerToken } from '#core/keys.ts';
import type { ClaimCompletion, IdempotentResponse } from '#core/ports.ts';
import type { HeldClaim, HttpEvent, HttpResponse } from '../http-types.ts';
import type { Route } from '../routes.ts';
import { rawBody } from '../request-body.ts';

const KEY = /^[\x21-\x7e]{1,128}$/;
const TTL_SECONDS = 24 * 3600;
const WAIT_MS = 15_000;


/**
 * CONTRACT §2 Idempotency for POST routes: the same Idempotency-Key with the same body within 24 h
 * answers the first response again and creates nothing; another body is a 409. A request that
 * arrives while the first is running waits for its answer (then 409 with Retry-After). Scoped to
 * the calling key, so two callers never see each other's answers.
 *
 * Exactly once: routes that store something complete the claim in the transaction of their write
 * (`completion` below, through HttpRequest.completeWith); `after` completes it for the others.
 */
export function idempotency(route: Route): MiddlewareObj<HttpEvent, HttpResponse, Error> {
  const store = async () => (await getDeps()).idempotency;
  return {
    before: async (request) => {
      const header = request.event.headers?.['idempotency-key'];
      if (route.method !== 'POST' || header === undefined || route.storesNothing) return;
      if (!KEY.test(header)) throw new BadRequest('Idempotency-Key must be 1 to 128 visible ASCII characters.');
      const caller = `${request.event.principal?.id ?? 'anonymous'} ${route.id} ${request.event.rawPath} ${header}`;
      // Hashed: the path may be long, and a record key must stay well under DynamoDB's key size.
      const scope = createHash('sha256').update(caller).digest('hex');
      const seal = sealKey(request.event, caller);
      const fingerprint = createHash('sha256')
        .update(request.event.headers?.['content-type'] ?? '')
        .update('\n')
        .update(rawBody(request.event))
        .digest('hex');
      const deadline = Date.now() + WAIT_MS;
      for (let wait = 25; ; wait = Math.min(wait * 2, 500)) {
        const claim = await (await store()).claim(scope, fingerprint, TTL_SECONDS);
        if (claim.state === 'claimed') {
          // On the event, as the principal is: the route function completes it in its own write.
          request.event.heldClaim = { scope, token: claim.token, seal };
          return;
        }
        if (claim.state === 'conflict') throw new Conflict('This Idempotency-Key was used with another body.');
        if (claim.state === 'done') return replay(claim.response, seal);
        if (Date.now() > deadline) {
          throw new Conflict('A request with this Idempotency-Key is still being processed; try again later.', claim.retryAfterSeconds);
        }
        await new Promise((r) => setTimeout(r, wait));
      }
    },
    after: async (request) => {
      const held = request.event.heldClaim;
      const response = request.response;
      if (!held || !response) return;
      if (response.statusCode >= 500) return (await store()).release(held.scope, held.token);
      // A no-op when the route's write completed the claim already.
      await (await store()).complete(held.scope, held.token, sealedAnswer(response, held.seal));
    },
    onError: async (request) => {
      const held = request.event.heldClaim;
      // Nothing was created: free the key, so that a retry runs (and answers) the same way again.
      if (held) await (await store()).release(held.scope, held.token);
    },
  };
}

/** The completion of a held claim with this answer, for the transaction that stores what it answers. */
export function completion(held: HeldClaim, response: HttpResponse): ClaimCompletion {
  return { key: held.scope, token: held.token, response: sealedAnswer(response, held.seal) };
}

function sealedAnswer(response: HttpResponse, seal: Buffer): IdempotentResponse {
  return {
    status: response.statusCode,
    headers: response.headers,
    body: sealBody(typeof response.body === 'string' ? response.body : '', seal),
  };
}

function replay(r: IdempotentResponse, seal: Buffer): HttpResponse {
  return { statusCode: r.status, headers: { ...r.headers, 'idempotent-replayed': 'true' }, body: openBody(r.body, seal) };
}

/*
 * A stored answer may hold a secret (POST /keys shows its new key once), so its body is sealed
 * (AES-256-GCM) with a key derived from the caller's own bearer token, which the table never
 * holds: a reader of the table cannot open it, the same caller replaying the request can.
 */
const SEALED = 'sealed:v1:';

function sealKey(event: HttpEvent, caller: string): Buffer {
  return createHash('sha256')
    .update('congress-docs idempotency\n')
    .update(bearerToken(event.headers?.authorization) ?? '')
    .update('\n')
    .update(caller)
    .digest();
}

function sealBody(body: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(body, 'utf8'), cipher.final()]);
  return SEALED + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

function openBody(stored: string, key: Buffer): string {
  if (!stored.startsWith(SEALED)) return stored;
  const raw = Buffer.from(stored.slice(SEALED.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
