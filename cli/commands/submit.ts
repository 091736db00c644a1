import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ApiError } from '../api-client.ts';
import { CliError, clientFor, globals, mapLimit, printJson, type Io } from '../context.ts';

/**
 * `submit FILE|DIR --campaign ID`: a JSON file holding one submission or an array of them, or a
 * folder of such files (`*.json`, in name order). One POST per submission, a few at a time.
 * Each POST's idempotency key belongs to this run (see ApiClient): its retries are not recorded
 * twice; running the command again records each submission again as a new latest version.
 */

type Item = { source: string; body: unknown };
type Outcome = { source: string; organizationId?: string; id?: string; version?: number; error?: string };

export async function submitCommand(
  path: string,
  opts: { campaign: string; concurrency?: string },
  cmd: Command,
  io: Io,
): Promise<number> {
  const client = clientFor(cmd, io);
  const json = globals(cmd).json ?? false;
  const concurrency = Math.max(1, Math.min(16, Number(opts.concurrency ?? 4) || 4));
  const { items, failures } = await readItems(resolve(io.cwd, path));
  if (items.length === 0 && failures.length === 0) throw new CliError(`no submissions found in ${path}`);

  // A key that is refused is refused for every item: stop at the first and say so once.
  let refused: ApiError | undefined;
  const pending = mapLimit(items, concurrency, async (item): Promise<Outcome> => {
    const organizationId = orgOf(item.body);
    if (refused) return { source: item.source, organizationId, error: 'not sent' };
    try {
      const s = await client.createSubmission(opts.campaign, item.body);
      return { source: item.source, organizationId: s.organizationId ?? organizationId, id: s.id, version: s.version };
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) refused ??= e;
      return { source: item.source, organizationId, error: e instanceof Error ? e.message : String(e) };
    }
  });

  const outcomes: Outcome[] = [...failures];
  for (const f of failures) if (!json) io.stderr(`congress-docs: ${f.source}: ${f.error}\n`);
  for (const p of pending) {
    const o = await p;
    if (refused) continue;
    outcomes.push(o);
    if (json) continue;
    if (o.error) io.stderr(`congress-docs: ${o.source}${o.organizationId ? ` (${o.organizationId})` : ''}: ${o.error}\n`);
    else io.stdout(`${o.source}\t${o.organizationId ?? ''}\tversion ${o.version}\t${o.id}\n`);
  }
  if (refused) throw refused;
  const failed = outcomes.filter((o) => o.error).length;
  if (json) printJson(io, { submitted: outcomes.length - failed, failed, results: outcomes });
  else if (outcomes.length > 1) {
    io.stdout(`submitted ${outcomes.length - failed} of ${outcomes.length}${failed ? `, ${failed} failed` : ''}\n`);
  }
  return failed ? 1 : 0;
}

async function readItems(path: string): Promise<{ items: Item[]; failures: Outcome[] }> {
  let files: string[];
  const info = await stat(path).catch(() => {
    throw new CliError(`no such file or folder: ${path}`);
  });
  if (info.isDirectory()) {
    const names = (await readdir(path)).filter((n) => n.toLowerCase().endsWith('.json')).sort();
    if (names.length === 0) throw new CliError(`no .json files in ${path}`);
    files = names.map((n) => join(path, n));
  } else {
    files = [path];
  }
  const items: Item[] = [];
  const failures: Outcome[] = [];
  for (const file of files) {
    const name = basename(file);
    let value: unknown;
    try {
      value = JSON.parse((await readFile(file, 'utf8')).replace(/^\ufeff/, ''));
    } catch (e) {
      failures.push({ source: name, error: `not valid JSON: ${(e as Error).message}` });
      continue;
    }
    if (Array.isArray(value)) value.forEach((body, i) => items.push({ source: `${name}[${i}]`, body }));
    else items.push({ source: name, body: value });
  }
  return { items, failures };
}

function orgOf(body: unknown): string | undefined {
  const id = (body as { organizationId?: unknown } | null)?.organizationId;
  return typeof id === 'string' ? id : undefined;
}
