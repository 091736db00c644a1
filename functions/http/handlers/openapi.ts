import { buildOpenApi } from '../openapi.ts';
import { httpRoute } from '../http-handler.ts';

export const handler = httpRoute('openapi', async () => ({ status: 200, body: buildOpenApi() }));
