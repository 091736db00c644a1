import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { getDeps } from '#adapters/runtime-deps.ts';
import { authenticate } from '#core/authentication.ts';
import { bearerToken } from '#core/keys.ts';

type Context = { keyId: string; role: string; campaignId: string; organizationId: string };

/**
 * The API Gateway Lambda authorizer (simple responses): checks the bearer key against its stored
 * hash and hands the principal to the route's function. Which route a key may call is decided
 * by the route's own middleware and use case, the same code the local server runs.
 */
export async function handler(
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<Context>> {
  const principal = await authenticate((await getDeps()).repo, bearerToken(event.headers?.authorization));
  if (!principal) return { isAuthorized: false, context: { keyId: '', role: '', campaignId: '', organizationId: '' } };
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
