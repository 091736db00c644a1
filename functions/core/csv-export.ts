import { stringify } from 'csv-stringify/sync';
import { EXPORT_ONLY_COLUMNS, SUBMISSION_CSV_COLUMNS, asCell } from './csv-submissions.ts';
import type { Organization, Submission } from './model.ts';

/**
 * The latest submissions as a spreadsheet opens them: UTF-8 with a BOM (so that Excel keeps the
 * Vietnamese), CRLF, the import's columns first and then the organization's name, level, version,
 * time received and id. An exported file imports again as it is (the import ignores the extras).
 * Every organization has a row, in the order of the campaign's list; one that has not reported
 * has only its id, name and level. A submission's several recommendations share one cell, one per line.
 * No cell is ever a formula (see asCell).
 */
export function submissionsCsv(organizations: readonly Organization[], latest: readonly Submission[]): string {
  const byOrg = new Map(latest.map((s) => [s.organizationId, s]));
  const rows = organizations.map((o) => {
    const s = byOrg.get(o.id);
    const v = s?.secretary.votes;
    const cells: Record<(typeof SUBMISSION_CSV_COLUMNS)[number] | (typeof EXPORT_ONLY_COLUMNS)[number], unknown> = {
      organizationId: o.id,
      heldOn: s?.congress.heldOn,
      delegatesElected: s?.congress.delegatesElected,
      delegatesAttended: s?.congress.delegatesAttended,
      secretaryName: s?.secretary.fullName,
      electedDirectly: s?.secretary.electedDirectly,
      votesFor: v?.for,
      votesValid: v?.valid,
      isLocal: s?.secretary.isLocal,
      concurrentRole: s?.secretary.concurrentRole,
      committeeSize: s?.committeeSize,
      recommendation: s?.recommendations?.join('\n'),
      organizationName: o.name,
      level: o.level,
      version: s?.version,
      receivedAt: s?.receivedAt,
      submissionId: s?.id,
    };
    return [...SUBMISSION_CSV_COLUMNS, ...EXPORT_ONLY_COLUMNS].map((c) => asCell(cells[c]));
  });
  return stringify([[...SUBMISSION_CSV_COLUMNS, ...EXPORT_ONLY_COLUMNS], ...rows], {
    bom: true,
    record_delimiter: 'windows',
    cast: { boolean: (b) => (b ? 'true' : 'false') },
  });
}

