import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Principal } from '#core/model.ts';

/** The event every route receives (API Gateway HTTP API, payload 2.0) once authenticated, and its answer. */
export type HttpEvent = APIGatewayProxyEventV2 & { principal?: Principal; heldClaim?: HeldClaim };

/** The idempotency claim a request holds (set by the idempotency middleware). */
export type HeldClaim = { scope: string; token: string; seal: Buffer };
export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

/** What a route function answers: JSON by default; bytes, or text with its own content-type, as they are. */
export type HttpResult = { status: number; body?: unknown; headers?: Record<string, string> };
