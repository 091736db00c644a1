import type { Command } from 'commander';
import type { DocumentInfo, StoredSubmission } from '../api-client.ts';
import { clientFor, globals, printJson, type Io } from '../context.ts';
import { formatTable } from '../table.ts';

/**
 * `documents list` and `submissions list`: every item of the list (all pages), as a table or,
 * with `--json`, as one JSON array.
 */

export async function documentsListCommand(opts: { campaign: string }, cmd: Command, io: Io): Promise<number> {
  const documents = await clientFor(cmd, io).listDocuments(opts.campaign);
  if (globals(cmd).json) printJson(io, documents);
  else io.stdout(documentsTable(documents));
  return 0;
}

export async function submissionsListCommand(
  opts: { campaign: string; organization?: string },
  cmd: Command,
  io: Io,
): Promise<number> {
  const submissions = await clientFor(cmd, io).listSubmissions(opts.campaign, opts.organization);
  if (globals(cmd).json) printJson(io, submissions);
  else io.stdout(submissionsTable(submissions));
  return 0;
}

function documentsTable(documents: readonly DocumentInfo[]): string {
  if (documents.length === 0) return 'no documents yet\n';
  return formatTable(
    ['number', 'type', 'status', 'issued on', 'as of', 'pages', 'id'],
    documents.map((d) => [d.number, d.type, statusOf(d), d.issuedOn, d.asOf, d.pages, d.id]),
  );
}

/** A recalled document says when; a failed one, why. */
function statusOf(d: DocumentInfo): string {
  if (d.status === 'recalled' && d.recalledAt) return `recalled ${d.recalledAt.slice(0, 10)}`;
  if (d.status === 'failed' && d.error) return `failed: ${d.error}`;
  return d.status;
}

function submissionsTable(submissions: readonly StoredSubmission[]): string {
  if (submissions.length === 0) return 'no submissions\n';
  return formatTable(
    ['organization', 'version', 'held on', 'secretary', 'direct', 'votes', 'local', 'received', 'id'],
    submissions.map((s) => [
      s.organizationId,
      s.version,
      s.congress.heldOn,
      s.secretary.fullName,
      s.secretary.electedDirectly,
      s.secretary.votes ? `${s.secretary.votes.for}/${s.secretary.votes.valid}` : undefined,
      s.secretary.isLocal,
      s.receivedAt.replace(/\.\d+Z$/, 'Z'),
      s.id,
    ]),
  );
}
