import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { ApiClient } from './api-client.ts';

/** Where the CLI reads and writes: the process by default, buffers in tests. */
export type Io = {
  stdout(s: string): void;
  stderr(s: string): void;
  /** The stream for a progress bar; only used when `stderrIsTTY`. */
  stderrStream?: NodeJS.WriteStream;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
};

export function processIo(): Io {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    stderrStream: process.stderr,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** An error the user can act on; printed as one line `congress-docs: <message>`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Wrong or missing arguments, options or settings: exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

export type GlobalOptions = { url?: string; key?: string; json?: boolean };

export const DEFAULT_URL = 'http://127.0.0.1:3000';

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

/** The API client from `--url` / `--key` or `CONGRESS_DOCS_URL` / `CONGRESS_DOCS_KEY`. */
export function clientFor(cmd: Command, io: Io): ApiClient {
  const g = globals(cmd);
  const url = g.url ?? (io.env.CONGRESS_DOCS_URL || DEFAULT_URL);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`not a URL: ${url} (give the API's base URL, e.g. ${DEFAULT_URL})`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`the API URL must be http or https: ${url}`);
  }
  const key = g.key ?? (io.env.CONGRESS_DOCS_KEY || undefined);
  if (!key) throw new UsageError('no API key: pass --key KEY or set CONGRESS_DOCS_KEY');
  return new ApiClient({ baseUrl: parsed.toString(), key });
}

export function printJson(io: Io, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2) + '\n');
}

/** An idempotency key given by the user, checked against the contract's rule. */
export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key !== undefined && !/^[\x21-\x7e]{1,128}$/.test(key)) {
    throw new UsageError('--idempotency-key must be 1 to 128 visible ASCII characters');
  }
  return key;
}

/** Write a file whole or not at all (temporary file, then rename), creating its folder. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.part`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Run `fn` over items with at most `limit` at a time; the promises are in input order. */
export function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R>[] {
  let active = 0;
  const waiting: Array<() => void> = [];
  const acquire = (): Promise<void> => {
    if (active < limit) {
      active++;
      return Promise.resolve();
    }
    return new Promise((r) => waiting.push(r));
  };
  const release = () => {
    const w = waiting.shift();
    if (w) w();
    else active--;
  };
  return items.map((item, i) => acquire().then(() => fn(item, i)).finally(release));
}
