import type { MiddlewareObj } from '@middy/core';
import { NotFound, ValidationError } from '#core/errors.ts';
import { ID_PATTERN } from '#core/text.ts';
import type { HttpEvent, HttpResponse } from '../http-types.ts';

/**
 * Ids the service hands out (UUIDs, key ids, asset names) never look otherwise. An action may
 * follow after a colon: API Gateway routes `POST /documents/{id}:recall` as `/documents/{documentId}`
 * (its path variables are whole segments), and the handler reads the id before the colon.
 */
const OPAQUE_ID = /^[A-Za-z0-9._-]{1,128}(:[a-z]{1,32})?$/;

/**
 * Path parameters are checked before anything reads or writes with them: a campaign id must
 * follow the identifier rule (CONTRACT §3), else a 400; any other id that the service could
 * never have issued is a 404. Nothing unchecked reaches a table key (DynamoDB refuses keys over
 * 2 KB with an error that would otherwise surface as a 500).
 */
export function pathParameters(): MiddlewareObj<HttpEvent, HttpResponse> {
  return {
    before: ({ event }) => {
      for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
        if (name === 'campaignId') {
          if (!ID_PATTERN.test(value ?? '')) {
            throw new ValidationError([{ path: '/path/campaignId', code: 'invalid_format', message: 'must match ^[a-z0-9][a-z0-9-]{1,62}$ (lower-case letters, digits, hyphens)' }]);
          }
        } else if (!OPAQUE_ID.test(value ?? '')) {
          throw new NotFound(`The ${name.replace(/Id$/, '')} named in the path`);
        }
      }
    },
  };
}
