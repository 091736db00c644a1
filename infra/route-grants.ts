/**
 * What each route's function may touch, in one place, keyed by the route id of
 * `functions/http/routes.ts`. The API construct reads this map to bind resources to functions;
 * a route that is missing here (or an id that is not a route) does not compile, and a test
 * checks the same at run time.
 *
 * The rule is the narrowest grant that works: a route that only reads gets `read`, and only
 * routes that change data get `write` (POST routes also write their idempotency record).
 */
import type { RouteId } from '../functions/http/routes.ts';
// What a route may do with one kind of object in the documents bucket (defined with its actions).
import type { ObjectAccess } from './constructs/data-store.ts';

export type { ObjectAccess };
export type TableAccess = 'none' | 'read' | 'write';

export type RouteGrants = {
  /**
   * DynamoDB: `read` = grantReadData, `write` = grantReadWriteData (writers also read), `none` =
   * no permission (the function still gets TABLE_NAME: the shared runtime wiring wants it).
   */
  readonly table: TableAccess;
  /**
   * The documents' files in the bucket, `documents/<id>/<sha256>.pdf` (every version: issued, then
   * each signature): `read` = s3:GetObject (presign a download, read a file to sign), `write` =
   * s3:PutObject, `read-write` both.
   */
  readonly documents?: ObjectAccess;
  /** The frozen inputs of a document, `documents/<id>/inputs.json` (ordering writes them). */
  readonly inputs?: ObjectAccess;
  /** Files prepared for the person's signature, `prepared/<id>/<sha256>.pdf` (expire after a day). */
  readonly prepared?: ObjectAccess;
  /** Render queue: `send` = sqs:SendMessage (ordering a document, asking for the organization's signature). */
  readonly renderQueue?: 'send';
  /** The secret that signs list cursors: only routes that issue or read a cursor. */
  readonly cursorSecret?: true;
  /**
   * GET /health's cheap checks: dynamodb:DescribeTable on the table and s3:ListBucket (HeadBucket)
   * on the documents bucket, nothing else.
   */
  readonly healthCheck?: true;
  /** The route renders a PDF in its own function: the renderer's fonts and ICC profile in its bundle. */
  readonly renderer?: true;
  /** Overrides of the HTTP defaults for routes that do bulk work (see `HTTP_FUNCTION_DEFAULTS`). */
  readonly memorySize?: number;
  readonly timeoutSeconds?: number;
};

/** What the document worker may touch: a route's kinds of grant, and the signing key. */
export type WorkerGrants = Pick<RouteGrants, 'table' | 'documents' | 'inputs' | 'prepared' | 'renderQueue'> & {
  /** KMS Sign and GetPublicKey on the organization's key, and its certificate chain's secret. */
  readonly signingKey?: true;
};

/**
 * The worker (infra/constructs/document-worker.ts binds exactly this): it reads a document's
 * frozen inputs and its latest file (to sign it), writes each new file version (rendered, then
 * signed) and the document's state, signs for the organization, and sends again the jobs of
 * documents stranded without one.
 */
export const workerGrants: WorkerGrants = { table: 'write', documents: 'read-write', inputs: 'read', renderQueue: 'send', signingKey: true };

export const routeGrants: Readonly<Record<RouteId, RouteGrants>> = {
  health: { table: 'none', healthCheck: true },
  openapi: { table: 'none' },
  // Swagger UI: a page and three static files from the bundle.
  docs: { table: 'none' },
  docsAsset: { table: 'none' },
  getMe: { table: 'read' },
  listCampaigns: { table: 'read', cursorSecret: true },
  putCampaign: { table: 'write' },
  getCampaign: { table: 'read' },
  // Up to 1,000 organizations in batches of 25: give it the time and memory a bulk write needs.
  putOrganizations: { table: 'write', memorySize: 512, timeoutSeconds: 29 },
  listOrganizations: { table: 'read', cursorSecret: true },
  createSubmission: { table: 'write' },
  // A CSV of up to 256 KiB, one transaction per valid row.
  importSubmissions: { table: 'write', memorySize: 512, timeoutSeconds: 29 },
  listSubmissions: { table: 'read', cursorSecret: true },
  getSubmission: { table: 'read' },
  listOrganizationSubmissions: { table: 'read' },
  // Every organization and latest submission of a campaign, as one CSV.
  exportSubmissions: { table: 'read', memorySize: 512, timeoutSeconds: 29 },
  // Statistics read every organization and latest submission of a campaign.
  getStats: { table: 'read', memorySize: 512 },
  // Freezes the inputs the document will be made from beside its files (CONTRACT §3).
  createDocument: { table: 'write', renderQueue: 'send', inputs: 'write' },
  // Renders the draft in its own function, reading what ordering would freeze (nothing is stored).
  previewDocument: { table: 'read', renderer: true, memorySize: 1024, timeoutSeconds: 29 },
  listDocuments: { table: 'read', cursorSecret: true },
  getDocument: { table: 'read' },
  getDocumentPdf: { table: 'read', documents: 'read' },
  recallDocument: { table: 'write' },
  verifyDocument: { table: 'read' },
  createKey: { table: 'write' },
  listKeys: { table: 'read', cursorSecret: true },
  revokeKey: { table: 'write' },
  // The person's signature: preparing reads the latest file and stores the prepared one apart;
  // completing reads that back and stores the signed file. Both read the frozen inputs (the
  // signature steps as the document was ordered); the signing id is sealed with the cursor
  // secret; completing queues the organization's signature.
  prepareSignature: { table: 'write', documents: 'read', prepared: 'write', inputs: 'read', cursorSecret: true },
  completeSignature: { table: 'write', documents: 'write', prepared: 'read', inputs: 'read', renderQueue: 'send', cursorSecret: true },
};
