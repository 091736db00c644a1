/**
 * The single-table design, in one place: the local server creates its table from this, and the
 * CDK stack declares the same keys and index.
 *
 * Items (pk / sk):
 *   CAMPAIGN#<cid>               / CAMPAIGN                     the campaign; gsi1: CAMPAIGNS / <cid>
 *   CAMPAIGN#<cid>               / ORG#<oid>                    an organization
 *   CAMPAIGN#<cid>               / LATEST#<oid>                 the latest submission of an organization
 *   CAMPAIGN#<cid>               / SERIES#<symbol>              the last number given in a series
 *   CAMPAIGN#<cid>               / NUMBER#<symbol>#<n>          the claim on one number (never reused)
 *   SUBMISSION#<sid>             / SUBMISSION                   one submission version;
 *                                                               gsi1: CAMPAIGN#<cid>#VERSIONS#<oid> / <version, 10 digits>
 *   DOCUMENT#<did>               / DOCUMENT                     a document; gsi1: CAMPAIGN#<cid>#DOCS / <createdAt>#<did>
 *   KEY#<kid>                    / KEY                          an API key (hash only); gsi1: KEYS / <createdAt>#<kid>
 *   IDEMPOTENCY#<scope>          / IDEMPOTENCY                  an idempotency record, expires by `ttl`
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  index: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  ttlAttribute: 'ttl',
} as const;

/**
 * Where a document's PDF lives in the documents bucket: addressed by its digest, so the object a
 * download points at is always the one whose SHA-256 the document records, even if two deliveries
 * of one render job ever wrote at the same moment.
 */
export const pdfObjectKey = (documentId: string, sha256: string) => `documents/${documentId}/${sha256}.pdf`;
/** The inputs a document was ordered with, beside its PDFs (CONTRACT §3: made from the data as it stood when ordered). */
export const inputsObjectKey = (documentId: string) => `documents/${documentId}/inputs.json`;
/**
 * A file prepared for the person's signature (a placeholder where the signature goes), kept
 * apart from the document's files under a prefix that expires: one prepared and never completed
 * is not a version of the document, and the bucket forgets it (infra: DocumentsBucket; in local
 * mode, functions/local/expire-prepared.ts).
 */
export const PREPARED_PREFIX = 'prepared/';
/** How long a prepared file is kept: a signing session lasts 30 minutes. */
export const PREPARED_EXPIRY_DAYS = 1;
export const preparedObjectKey = (documentId: string, sha256: string) => `${PREPARED_PREFIX}${documentId}/${sha256}.pdf`;
