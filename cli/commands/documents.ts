import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ApiClient, type DocumentInfo } from '../api-client.ts';
import {
  CliError,
  UsageError,
  checkIdempotencyKey,
  clientFor,
  globals,
  printJson,
  sha256Hex,
  writeFileAtomic,
  type Io,
} from '../context.ts';

/**
 * `generate`, `wait`, `download`, `preview` and `recall`: order a document, wait for it, fetch
 * its PDF, see its draft before a number is taken, withdraw it.
 */

type WaitOptions = { timeout?: string };

export async function generateCommand(
  requestFile: string,
  opts: WaitOptions & { campaign: string; wait?: boolean; out?: string; idempotencyKey?: string },
  cmd: Command,
  io: Io,
): Promise<number> {
  const client = clientFor(cmd, io);
  const json = globals(cmd).json ?? false;
  const request = await readJson(resolve(io.cwd, requestFile), requestFile);
  // A fresh key per run unless given: ordering the same request again is a new document
  // (the data may have changed); the client's own retries reuse the key.
  const key = checkIdempotencyKey(opts.idempotencyKey) ?? ApiClient.newIdempotencyKey();
  let doc = await client.createDocument(opts.campaign, request, key);

  let file: string | undefined;
  if (opts.wait || opts.out) {
    doc = await waitReady(client, doc.id, opts, io, json);
    if (opts.out) file = await savePdf(client, doc, opts.out, io);
  }
  if (json) printJson(io, file ? { ...doc, file } : doc);
  else io.stdout(describeDocument(doc, file));
  return 0;
}

export async function waitCommand(documentId: string, opts: WaitOptions, cmd: Command, io: Io): Promise<number> {
  const client = clientFor(cmd, io);
  const json = globals(cmd).json ?? false;
  const doc = await waitReady(client, documentId, opts, io, json);
  if (json) printJson(io, doc);
  else io.stdout(describeDocument(doc));
  return 0;
}

/** `preview REQUEST.json -o draft.pdf`: the draft (DỰ THẢO, no number, no QR); nothing is stored. */
export async function previewCommand(
  requestFile: string,
  opts: { campaign: string; out: string },
  cmd: Command,
  io: Io,
): Promise<number> {
  const client = clientFor(cmd, io);
  const request = await readJson(resolve(io.cwd, requestFile), requestFile);
  const bytes = await client.previewDocument(opts.campaign, request);
  const file = resolve(io.cwd, opts.out);
  await writeFileAtomic(file, bytes);
  if (globals(cmd).json) printJson(io, { file, bytes: bytes.length, sha256: sha256Hex(bytes) });
  else io.stdout(`draft\t${bytes.length} bytes\n${file}\n`);
  return 0;
}

/** `recall ID --reason "…"`: thu hồi a ready document; its number stays taken, its PDF kept. */
export async function recallCommand(
  documentId: string,
  opts: { reason: string; idempotencyKey?: string },
  cmd: Command,
  io: Io,
): Promise<number> {
  const client = clientFor(cmd, io);
  const doc = await client.recallDocument(documentId, opts.reason, checkIdempotencyKey(opts.idempotencyKey));
  if (globals(cmd).json) printJson(io, doc);
  else io.stdout(describeDocument(doc));
  return 0;
}

export async function downloadCommand(documentId: string, opts: { out: string }, cmd: Command, io: Io): Promise<number> {
  const client = clientFor(cmd, io);
  const json = globals(cmd).json ?? false;
  const doc = await client.getDocument(documentId);
  // A recalled document's PDF stays downloadable, for the archive.
  if (doc.status !== 'ready' && doc.status !== 'recalled') {
    throw new CliError(
      doc.status === 'failed'
        ? `document ${doc.number} failed: ${doc.error ?? 'no reason given'}`
        : `document ${doc.number} is ${doc.status}, not ready yet (congress-docs wait ${documentId})`,
    );
  }
  const file = await savePdf(client, doc, opts.out, io);
  if (json) printJson(io, { ...doc, file });
  else io.stdout(describeDocument(doc, file));
  return 0;
}

async function waitReady(client: ApiClient, id: string, opts: WaitOptions, io: Io, json: boolean): Promise<DocumentInfo> {
  const seconds = opts.timeout === undefined ? 120 : Number(opts.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError('--timeout must be a number of seconds above 0');
  const doc = await client.waitForDocument(id, {
    timeoutMs: seconds * 1000,
    onStatus: (d) => {
      if (!json && io.stderrIsTTY) io.stderr(`${d.number ?? id}: ${d.status}\n`);
    },
  });
  if (doc.status === 'failed') throw new CliError(`document ${doc.number} failed: ${doc.error ?? 'no reason given'}`);
  return doc;
}

async function savePdf(client: ApiClient, doc: DocumentInfo, out: string, io: Io): Promise<string> {
  const bytes = await client.downloadPdf(doc.id);
  if (doc.sha256 && sha256Hex(bytes) !== doc.sha256.toLowerCase()) {
    throw new CliError(`the downloaded PDF of ${doc.number} does not match its SHA-256; nothing written`);
  }
  const file = resolve(io.cwd, out);
  await writeFileAtomic(file, bytes);
  return file;
}

function describeDocument(doc: DocumentInfo, file?: string): string {
  const facts = [doc.number, doc.status, doc.id];
  if (doc.pages !== undefined) facts.push(`${doc.pages} page${doc.pages === 1 ? '' : 's'}`);
  if (doc.sha256) facts.push(`sha256 ${doc.sha256}`);
  if (doc.recalledAt) facts.push(`recalled ${doc.recalledAt}: ${doc.recallReason ?? ''}`.trim());
  return facts.join('\t') + '\n' + (file ? `${file}\n` : '');
}

export async function readJson(path: string, shown: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CliError(`cannot read ${shown}`);
  }
  try {
    return JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (e) {
    throw new CliError(`${shown} is not valid JSON: ${(e as Error).message}`);
  }
}
