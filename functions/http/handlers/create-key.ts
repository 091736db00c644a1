import { createKey, type NewKey } from '#core/use-cases/keys.ts';
import { httpRoute } from '../http-handler.ts';
import { jsonBody } from '../request-body.ts';

const created = (key: NewKey) => ({ status: 201, body: key, headers: { 'cache-control': 'no-store' } });

export const handler = httpRoute('createKey', async ({ deps, principal, event, completeWith }) =>
  created(await createKey(deps, principal, jsonBody(event), completeWith(created))),
);
