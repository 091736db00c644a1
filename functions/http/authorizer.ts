import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { getDeps } from '#adapters/runtime-deps.ts';
import { authenticate } from '#core/authentication.ts';
import { bearerToken } from '#core/keys.ts';

type Context = { keyId: string; role: string; campaignId: string; organizationId: string };
const NOBODY: Context = { keyId: '', role: '', campaignId: '', organizationId: '' };

/**
 * The API Gateway Lambda authorizer (simple responses): checks the bearer key against its stored
 * hash and hands the principal to the route's function. It never denies: a request with no valid
 * key goes on with no principal, and the route's middleware (the code the local server runs too)
 * answers 401/403 as problem+json, which API Gateway's own deny answer is not.
 */
export async function handler(
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<Context>> {
  const principal = await authenticate((await getDeps()).repo, bearerToken(event.headers?.authorization));
  if (!principal) return { isAuthorized: true, context: NOBODY };
  return {
    isAuthorized: true,
    context: {
      keyId: principal.id,
      role: principal.role,
      campaignId: principal.campaignId ?? '',
      organizationId: principal.organizationId ?? '',
    },
  };
}
