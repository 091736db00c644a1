import type { Command } from 'commander';
import { ApiClient, type KeyRequestBody } from '../api-client.ts';
import { checkIdempotencyKey, clientFor, globals, printJson, type Io } from '../context.ts';

/** `keys create`: issue a key (POST /keys); its secret is shown this once. */
export async function keysCreateCommand(
  opts: { role: KeyRequestBody['role']; campaign?: string; organization?: string; label?: string; idempotencyKey?: string },
  cmd: Command,
  io: Io,
): Promise<number> {
  const client = clientFor(cmd, io);
  const body: KeyRequestBody = { role: opts.role };
  if (opts.campaign) body.campaignId = opts.campaign;
  if (opts.organization) body.organizationId = opts.organization;
  if (opts.label) body.label = opts.label;
  const created = await client.createKey(body, checkIdempotencyKey(opts.idempotencyKey) ?? ApiClient.newIdempotencyKey());
  if (globals(cmd).json) printJson(io, created);
  else {
    io.stdout(`id\t${created.id}\nkey\t${created.key}\n`);
    io.stderr('The key is shown this once: store it now.\n');
  }
  return 0;
}
