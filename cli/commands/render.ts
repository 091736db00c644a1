import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { globals, printJson, type Io } from '../context.ts';

/** `render IN.json… -o OUT`: PDFs without a server (the renderer is loaded only here). */
export async function renderCommand(
  inputs: string[],
  opts: { out: string; verifyBase?: string },
  cmd: Command,
  io: Io,
): Promise<number> {
  const { renderFiles } = await import('../render-command.ts');
  const out = resolve(io.cwd, opts.out);
  // OUT is a file for one input (make its folder), a folder for several (renderFiles makes it).
  if (inputs.length === 1) await mkdir(dirname(out), { recursive: true });
  const written: string[] = await renderFiles(
    inputs.map((p) => resolve(io.cwd, p)),
    out,
    { verifyBase: opts.verifyBase || undefined },
    io.env,
  );
  if (globals(cmd).json) printJson(io, written);
  else io.stdout(written.map((p) => p + '\n').join(''));
  return 0;
}
