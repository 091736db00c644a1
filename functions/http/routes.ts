/**
 * The route table: the one definition of every HTTP route. The local server dispatches from it,
 * the CDK stack creates one API Gateway route and one Lambda function per entry from it, and the
 * OpenAPI document lists it. A handler lives in `functions/http/handlers/<handler>.ts` and exports
 * `handler`.
 *
 * `access` is the gate in front of the handler:
 * - `public`: no key (health, the API description, verification of a digest);
 * - `secretariat`: a secretariat key (its campaign scope is checked by the use case);
 * - `member`: a secretariat key or a submitter key; the use case narrows a submitter to its own
 *   campaign and organization.
 */
export type Access = 'public' | 'secretariat' | 'member';
export type Method = 'GET' | 'PUT' | 'POST' | 'DELETE';

export type Route = {
  readonly id: string;
  readonly method: Method;
  /** API Gateway syntax: `{name}` is one path segment. */
  readonly path: string;
  readonly handler: string;
  readonly access: Access;
  readonly summary: string;
  /**
   * The route key in API Gateway when `path` cannot be one: a path variable there is a whole
   * segment, so `/documents/{documentId}:recall` is routed as `POST /documents/{documentId}` and
   * the handler reads the id before the colon.
   */
  readonly gatewayPath?: string;
  /**
   * A POST that stores nothing (the preview): it takes no Idempotency-Key, since there is nothing
   * to do twice, and its answer (a PDF) is no record to keep.
   */
  readonly storesNothing?: true;
};

export const routes = [
  { id: 'health', method: 'GET', path: '/health', handler: 'health', access: 'public', summary: 'Liveness' },
  { id: 'openapi', method: 'GET', path: '/openapi.json', handler: 'openapi', access: 'public', summary: 'The OpenAPI 3.1 description' },
  { id: 'docs', method: 'GET', path: '/docs', handler: 'docs', access: 'public', summary: 'The API reference, rendered in the browser' },
  { id: 'docsAsset', method: 'GET', path: '/docs/{asset}', handler: 'docs', access: 'public', summary: 'Assets of the API reference page' },
  { id: 'getMe', method: 'GET', path: '/me', handler: 'get-me', access: 'member', summary: 'Who this key is' },
  { id: 'listCampaigns', method: 'GET', path: '/campaigns', handler: 'list-campaigns', access: 'secretariat', summary: 'The campaigns this key may see, a page' },
  { id: 'putCampaign', method: 'PUT', path: '/campaigns/{campaignId}', handler: 'put-campaign', access: 'secretariat', summary: 'Create or replace a campaign' },
  { id: 'getCampaign', method: 'GET', path: '/campaigns/{campaignId}', handler: 'get-campaign', access: 'member', summary: 'Read a campaign' },
  { id: 'putOrganizations', method: 'PUT', path: '/campaigns/{campaignId}/organizations', handler: 'put-organizations', access: 'secretariat', summary: 'Upsert up to 1,000 organizations' },
  { id: 'listOrganizations', method: 'GET', path: '/campaigns/{campaignId}/organizations', handler: 'list-organizations', access: 'secretariat', summary: 'A page of organizations' },
  { id: 'createSubmission', method: 'POST', path: '/campaigns/{campaignId}/submissions', handler: 'create-submission', access: 'member', summary: 'Record a congress result' },
  { id: 'importSubmissions', method: 'POST', path: '/campaigns/{campaignId}/submissions:import', handler: 'import-submissions', access: 'secretariat', summary: 'Import submissions from CSV' },
  { id: 'listSubmissions', method: 'GET', path: '/campaigns/{campaignId}/submissions', handler: 'list-submissions', access: 'member', summary: 'The latest version of each submission, a page' },
  { id: 'exportSubmissions', method: 'GET', path: '/campaigns/{campaignId}/submissions:export', handler: 'export-submissions', access: 'secretariat', summary: 'The latest submissions as CSV for a spreadsheet' },
  { id: 'listOrganizationSubmissions', method: 'GET', path: '/campaigns/{campaignId}/organizations/{organizationId}/submissions', handler: 'list-organization-submissions', access: 'member', summary: "Every version of an organization's result, newest first" },
  { id: 'getSubmission', method: 'GET', path: '/submissions/{submissionId}', handler: 'get-submission', access: 'member', summary: 'One submission version' },
  { id: 'getStats', method: 'GET', path: '/campaigns/{campaignId}/stats', handler: 'get-stats', access: 'secretariat', summary: 'The statistics of the campaign' },
  { id: 'previewDocument', method: 'POST', path: '/campaigns/{campaignId}/documents:preview', handler: 'preview-document', access: 'secretariat', summary: 'The draft of a document: nothing stored, no number taken', storesNothing: true },
  { id: 'createDocument', method: 'POST', path: '/campaigns/{campaignId}/documents', handler: 'create-document', access: 'secretariat', summary: 'Order an official document' },
  { id: 'listDocuments', method: 'GET', path: '/campaigns/{campaignId}/documents', handler: 'list-documents', access: 'secretariat', summary: 'A page of documents, newest first' },
  { id: 'getDocument', method: 'GET', path: '/documents/{documentId}', handler: 'get-document', access: 'secretariat', summary: 'Status and facts of one document' },
  { id: 'getDocumentPdf', method: 'GET', path: '/documents/{documentId}/pdf', handler: 'get-document-pdf', access: 'secretariat', summary: 'Redirect to a presigned download URL of the current file (with ?as=link, the URL as JSON)' },
  { id: 'recallDocument', method: 'POST', path: '/documents/{documentId}:recall', gatewayPath: '/documents/{documentId}', handler: 'recall-document', access: 'secretariat', summary: 'Recall (thu hồi) a ready document' },
  { id: 'verifyDocument', method: 'GET', path: '/verify/{documentId}', handler: 'verify-document', access: 'public', summary: 'The facts and status of an issued document; with ?sha256=, whether a file is one issued (a page for a browser)' },
  { id: 'createKey', method: 'POST', path: '/keys', handler: 'create-key', access: 'secretariat', summary: 'Issue a key' },
  { id: 'listKeys', method: 'GET', path: '/keys', handler: 'list-keys', access: 'secretariat', summary: 'List keys (no secrets)' },
  { id: 'revokeKey', method: 'DELETE', path: '/keys/{keyId}', handler: 'revoke-key', access: 'secretariat', summary: 'Revoke a key' },
  { id: 'prepareSignature', method: 'POST', path: '/documents/{documentId}/signatures:prepare', handler: 'prepare-signature', access: 'secretariat', summary: "The person's signature, first: what their token is to sign" },
  { id: 'completeSignature', method: 'POST', path: '/documents/{documentId}/signatures', handler: 'complete-signature', access: 'secretariat', summary: "The person's signature, then: the signature back, embedded; the organization's follows" },
] as const satisfies readonly Route[];

export type RouteId = (typeof routes)[number]['id'];
