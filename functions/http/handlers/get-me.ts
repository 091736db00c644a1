import { whoAmI } from '#core/use-cases/keys.ts';
import { httpRoute } from '../http-handler.ts';

export const handler = httpRoute('getMe', async ({ deps, principal }) => ({
  status: 200,
  body: await whoAmI(deps, principal),
  headers: { 'cache-control': 'no-store' },
}));
