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

export type TableAccess = 'none' | 'read' | 'write';

export type RouteGrants = {
  /**
   * DynamoDB: `read` = grantReadData, `write` = grantReadWriteData (writers also read), `none` =
   * no permission (the function still gets TABLE_NAME: the shared runtime wiring wants it).
   */
  readonly table: TableAccess;
  /** Documents bucket: `read` = s3:GetObject on the PDFs, needed to presign a download URL. */
  readonly documents?: 'read';
  /** Render queue: `send` = sqs:SendMessage (ordering a document). */
  readonly renderQueue?: 'send';
  /** The secret that signs list cursors: only routes that issue or read a cursor. */
  readonly cursorSecret?: true;
  /** Overrides of the HTTP defaults for routes that do bulk work (see `HTTP_FUNCTION_DEFAULTS`). */
  readonly memorySize?: number;
  readonly timeoutSeconds?: number;
};

export const routeGrants: Readonly<Record<RouteId, RouteGrants>> = {
  health: { table: 'none' },
  openapi: { table: 'none' },
  // Swagger UI: a page and three static files from the bundle.
  docs: { table: 'none' },
  docsAsset: { table: 'none' },
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
  // Statistics read every organization and latest submission of a campaign.
  getStats: { table: 'read', memorySize: 512 },
  createDocument: { table: 'write', renderQueue: 'send' },
  listDocuments: { table: 'read', cursorSecret: true },
  getDocument: { table: 'read' },
  getDocumentPdf: { table: 'read', documents: 'read' },
  verifyDocument: { table: 'read' },
  createKey: { table: 'write' },
  listKeys: { table: 'read', cursorSecret: true },
  revokeKey: { table: 'write' },
};
