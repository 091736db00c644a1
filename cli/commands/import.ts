import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ApiError, describeFieldError, type FieldError, type ImportRowResult } from '../api-client.ts';
import { CliError, UsageError, clientFor, globals, printJson, type Io } from '../context.ts';
import { CsvSplitError, splitCsv } from '#core/csv-chunks.ts';

/**
 * `import FILE.csv --campaign ID`: the file is cut between records into bodies under the API's
 * 256 KiB limit, each with the header row, and sent one after the other to
 * `POST /campaigns/{id}/submissions:import`. Row numbers in the answers are re-based onto the
 * whole file. Each chunk's idempotency key belongs to this run (see ApiClient): a retry of a
 * chunk is not stored twice, and importing the file again stores its rows again as the latest
 * versions (a corrected file, or one sent back after another, must win; a key from the content
 * would replay the first answer instead).
 * Exit code 1 when any row failed (the others are stored all the same).
 */

export async function importCommand(
  file: string,
  opts: { campaign: string; maxRows?: string },
  cmd: Command,
  io: Io,
): Promise<number> {
  const client = clientFor(cmd, io);
  const json = globals(cmd).json ?? false;
  const path = resolve(io.cwd, file);
  const text = await readFile(path, 'utf8').catch(() => {
    throw new CliError(`cannot read ${file}`);
  });
  const maxRows = opts.maxRows === undefined ? undefined : Number(opts.maxRows);
  if (maxRows !== undefined && !(Number.isInteger(maxRows) && maxRows >= 1)) {
    throw new UsageError('--max-rows must be a whole number of at least 1');
  }
  let split: ReturnType<typeof splitCsv>;
  try {
    split = splitCsv(text, maxRows ? { maxRows } : {});
  } catch (e) {
    if (e instanceof CsvSplitError) throw new CliError(`${file}: ${e.message}`);
    throw e;
  }
  const { chunks, totalRows } = split;
  if (totalRows === 0) throw new CliError(`${file} has a header row but no data rows`);

  const bar = !json && io.stderrIsTTY && io.stderrStream ? await progressBar(io.stderrStream, totalRows) : undefined;
  const rows: ImportRowResult[] = [];
  let failure: { error: unknown; fromRow: number } | undefined;
  try {
    for (const chunk of chunks) {
      try {
        const answer = await client.importSubmissionsCsv(opts.campaign, chunk.body);
        for (const r of answer.results ?? []) rows.push({ ...r, row: chunk.firstRow - 1 + r.row });
      } catch (e) {
        failure = { error: e, fromRow: chunk.firstRow };
        break;
      }
      bar?.update(chunk.firstRow - 1 + chunk.rows);
    }
  } finally {
    bar?.stop();
  }

  const stored = rows.filter((r) => !r.errors?.length).length;
  const failedRows = rows.filter((r) => r.errors?.length);
  const notSent = failure ? totalRows - failure.fromRow + 1 : 0;

  if (failure && rows.length === 0) throw failure.error; // nothing happened: one clear line
  if (json) {
    printJson(io, {
      rows: totalRows,
      stored,
      failed: failedRows.length,
      notImported: notSent,
      results: rows,
      ...(failure ? { error: messageOf(failure.error) } : {}),
    });
  } else {
    io.stdout(`stored ${stored} of ${totalRows} rows${failedRows.length ? `, ${failedRows.length} failed` : ''}\n`);
    for (const r of failedRows) io.stdout(`row ${r.row}: ${describeRowErrors(r.errors!)}\n`);
    if (failure) {
      io.stderr(
        `congress-docs: rows ${failure.fromRow}-${totalRows} were not imported: ${messageOf(failure.error)}\n`,
      );
    }
  }
  return failure || failedRows.length ? 1 : 0;
}

function describeRowErrors(errors: FieldError[]): string {
  return errors.map(describeFieldError).join('; ');
}

function messageOf(e: unknown): string {
  return e instanceof ApiError || e instanceof Error ? e.message : String(e);
}

async function progressBar(stream: NodeJS.WriteStream, total: number) {
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream, format: 'importing [{bar}] {value}/{total} rows', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}
