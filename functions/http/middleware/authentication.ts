import type { MiddlewareObj } from '@middy/core';
import { getDeps } from '#adapters/runtime-deps.ts';
import { authenticate } from '#core/authentication.ts';
import { Forbidden, Unauthorized } from '#core/errors.ts';
import { bearerToken } from '#core/keys.ts';
import type { Principal } from '#core/model.ts';
import type { HttpEvent, HttpResponse } from '../http-types.ts';
import type { Route } from '../routes.ts';

type AuthorizerContext = { lambda?: { keyId?: string; role?: Principal['role']; campaignId?: string; organizationId?: string } };

/**
 * Puts the caller on `event.principal`. In AWS the Lambda authorizer has checked the key already
 * and passes the principal in its context; the local host has no authorizer, so the key is
 * checked here, with the same function the authorizer uses.
 */
export function authentication(route: Route): MiddlewareObj<HttpEvent, HttpResponse> {
  return {
    before: async ({ event }) => {
      if (route.access === 'public') return;
      const principal = fromAuthorizer(event) ?? (await authenticate((await getDeps()).repo, bearerToken(event.headers?.authorization)));
      if (!principal) throw new Unauthorized();
      if (route.access === 'secretariat' && principal.role !== 'secretariat') {
        throw new Forbidden('This needs a secretariat key.');
      }
      event.principal = principal;
    },
  };
}

function fromAuthorizer(event: HttpEvent): Principal | undefined {
  const ctx = (event.requestContext as { authorizer?: AuthorizerContext } | undefined)?.authorizer?.lambda;
  if (!ctx?.keyId || !ctx.role) return undefined;
  return {
    id: ctx.keyId,
    role: ctx.role,
    campaignId: ctx.campaignId || undefined,
    organizationId: ctx.organizationId || undefined,
  };
}
