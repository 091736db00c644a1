import { httpRoute } from '../http-handler.ts';

export const handler = httpRoute('health', async () => ({ status: 200, body: { status: 'ok' } }));
