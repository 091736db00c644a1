import { AppError } from '#core/errors.ts';
import type { HealthCheckTarget } from '#core/ports.ts';
import { httpRoute } from '../http-handler.ts';

/** 503: a store every request needs does not answer; a load balancer or supervisor acts on it. */
class StoresUnavailable extends AppError {
  constructor(failing: HealthCheckTarget[]) {
    const what = failing.map((target) => (target === 'table' ? 'the database' : 'the document storage')).join(' and ');
    super(503, 'Service unavailable', `The service cannot work now: ${what} did not answer.`);
  }
}

export const handler = httpRoute('health', async ({ deps }) => {
  const failing = (await deps.health?.failing()) ?? [];
  if (failing.length > 0) throw new StoresUnavailable(failing);
  return { status: 200, body: { status: 'ok' } };
});
