import { createHash } from 'node:crypto';
import { requireSecretariat } from '../authorization.ts';
import { todayInVietnam } from '../dates.ts';
import { CsvFileError, parseSubmissionsCsv } from '../csv-submissions.ts';
import type { ImportRowAnswer } from '../answers.ts';
import type { Deps } from '../deps.ts';
import { ValidationError } from '../errors.ts';
import type { Principal } from '../model.ts';
import { loadCampaign } from './campaigns.ts';
import { store } from './submissions.ts';

export type ImportResult = ImportRowAnswer;

/**
 * CSV import (CONTRACT §3). In: the file's text. Out: a result per data row, in order.
 * Rows go through the same schema as the JSON route; valid rows are stored even when others fail.
 */
export async function importSubmissions(
  deps: Deps,
  p: Principal,
  campaignId: string,
  csv: string,
  /** Present for a request with an Idempotency-Key: the same request gives each row the same id. */
  idempotencyScope?: string,
): Promise<ImportResult[]> {
  requireSecretariat(p, campaignId);
  await loadCampaign(deps, campaignId);
  let rows;
  try {
    rows = parseSubmissionsCsv(csv, todayInVietnam(deps.clock()));
  } catch (err) {
    if (err instanceof CsvFileError) throw new ValidationError(err.errors, err.message);
    throw err;
  }
  const ids = rows.flatMap((r) => (r.input ? [r.input.organizationId] : []));
  const known = await deps.repo.getOrganizations(campaignId, ids);

  const results: ImportResult[] = [];
  // In file order, so that two rows for one organization become versions in that order.
  for (const { row, input, errors } of rows) {
    if (!input) results.push({ row, errors });
    else if (!known.has(input.organizationId)) {
      results.push({
        row,
        errors: [{ path: '/organizationId', column: 'organizationId', code: 'unknown_organization', message: `names no organization of campaign ${campaignId}` }],
      });
    } else {
      // Retried after a crash, a row already stored answers what it stored instead of a second version.
      const id = idempotencyScope ? rowId(idempotencyScope, row) : undefined;
      const stored = await store(deps, p, campaignId, input, { id });
      results.push({ row, id: stored.id, version: stored.version });
    }
  }
  return results;
}

/** A UUID-shaped id from the request's idempotency scope and the row number. */
function rowId(scope: string, row: number): string {
  const h = createHash('sha256').update(`${scope}\nrow ${row}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
