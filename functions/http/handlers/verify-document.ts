import { ValidationError } from '#core/errors.ts';
import { verifyDocument } from '#core/use-cases/documents.ts';
import { httpRoute } from '../http-handler.ts';

export const handler = httpRoute('verifyDocument', async ({ deps, params, query }) => {
  const sha256 = query.sha256 ?? '';
  if (!/^[0-9a-fA-F]{64}$/.test(sha256)) {
    throw new ValidationError([{ path: '/query/sha256', message: 'must be the SHA-256 of the PDF, 64 hex digits' }]);
  }
  return { status: 200, body: await verifyDocument(deps, params.documentId!, sha256) };
});
