/**
 * Each route's handler, and the document worker, given only what its Lambda's role allows in AWS
 * (infra/route-grants.ts): the documents' files and frozen inputs read or written as granted,
 * the render queue, the cursor secret, the health checks, the signing key. Locally nothing
 * enforces IAM (s3rver checks no permission), so without this a function that reads an object
 * its role cannot read passes every local test and fails in AWS with AccessDenied. The table is
 * not narrowed: reads and writes are not told apart by the repository's method names.
 */
import type { Deps } from '../../functions/core/deps.ts';
import type { DocumentStorage } from '../../functions/core/ports.ts';
import { routeGrants, workerGrants, type ObjectAccess, type RouteGrants, type WorkerGrants } from '../../infra/route-grants.ts';
import type { RouteId } from '../../functions/http/routes.ts';

export class NotGranted extends Error {}

const KINDS = { documents: "a document's files", inputs: "a document's frozen inputs", prepared: 'a file prepared for signing' } as const;

const may = (access: ObjectAccess | undefined, want: 'read' | 'write') => access === 'read-write' || access === want;

export function routeGrantsGuard(routeId: string, deps: Deps): Deps {
  const grants = routeGrants[routeId as RouteId];
  if (!grants) throw new NotGranted(`${routeId} is not a route of infra/route-grants.ts`);
  return grantsGuard(`route ${routeId}`, grants, deps);
}

/** What the worker's jobs (rendering, signing, sending stranded jobs again) see in the tests. */
export function workerGrantsGuard(deps: Deps): Deps {
  return grantsGuard('the document worker', workerGrants, deps);
}

function grantsGuard(who: string, grants: RouteGrants & WorkerGrants, deps: Deps): Deps {
  const refuse = (what: string): never => {
    throw new NotGranted(`${who} may not ${what} (infra/route-grants.ts): in AWS this is AccessDenied`);
  };
  const check = (kind: keyof typeof KINDS, want: 'read' | 'write') => may(grants[kind], want) || refuse(`${want} ${KINDS[kind]}`);
  const storage: DocumentStorage = {
    putPdf: (...a) => (check('documents', 'write'), deps.storage.putPdf(...a)),
    getPdf: (...a) => (check('documents', 'read'), deps.storage.getPdf(...a)),
    // A presigned GET is made with the function's own credentials: S3 checks its read at download.
    presignPdf: (...a) => (check('documents', 'read'), deps.storage.presignPdf(...a)),
    putInputs: (...a) => (check('inputs', 'write'), deps.storage.putInputs(...a)),
    getInputs: (...a) => (check('inputs', 'read'), deps.storage.getInputs(...a)),
    putPreparedPdf: (...a) => (check('prepared', 'write'), deps.storage.putPreparedPdf(...a)),
    getPreparedPdf: (...a) => (check('prepared', 'read'), deps.storage.getPreparedPdf(...a)),
  };
  return {
    ...deps,
    storage,
    queue: { send: (job) => (grants.renderQueue === 'send' || refuse('send to the render queue'), deps.queue.send(job)) },
    get signatureKey() {
      return grants.signingKey ? deps.signatureKey : refuse('use the signing key');
    },
    get health() {
      return grants.healthCheck ? deps.health : refuse('run the health checks');
    },
    settings: {
      ...deps.settings,
      get cursorSecret() {
        return grants.cursorSecret ? deps.settings.cursorSecret : refuse('read the cursor secret');
      },
    },
  };
}
