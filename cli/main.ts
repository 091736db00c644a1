import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { CliError, DEFAULT_URL, processIo, type Io } from './context.ts';

/**
 * The `congress-docs` command (CONTRACT §1). Only commander and this file load at start; each
 * command loads its own module (and the renderer, csv-parse, the progress bar) when it runs, so
 * that `congress-docs render` starts fast.
 *
 * Output: results on stdout (`--json` for machine output), messages on stderr, every error as
 * one line `congress-docs: <message>`. Exit codes: 0 ok, 1 failed, 2 usage (bad arguments,
 * options or settings).
 */

const NAME = 'congress-docs';

type Action = (...args: unknown[]) => Promise<number>;

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let exitCode = 0;
  const run =
    (load: () => Promise<Action>) =>
    async (...args: unknown[]) => {
      const action = await load();
      // commander passes (...arguments, options, command); the command modules also take io.
      exitCode = await action(...args, io);
    };
  const program = buildProgram(io, run);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    return report(e, io);
  }
}

function buildProgram(io: Io, run: (load: () => Promise<Action>) => (...args: unknown[]) => Promise<void>): Command {
  const program = new Command(NAME);
  program
    .description('Client of the congress-docs API: record congress results, order official documents, fetch PDFs.')
    .version(version(), '-V, --version')
    .addOption(
      new Option('--url <url>', `API base URL (env CONGRESS_DOCS_URL, default ${DEFAULT_URL})`),
    )
    .addOption(new Option('--key <key>', 'API key (env CONGRESS_DOCS_KEY; prefer the variable, a flag shows in ps)'))
    .option('--json', 'machine-readable output on stdout')
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(`${NAME}: ${s.replace(/^error:\s*/, '').trim()} (see --help)\n`),
    })
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Examples (from the project root, which holds examples/):
  $ export CONGRESS_DOCS_KEY=$(cat .data/bootstrap.key)   # the key npm start printed
  $ ${NAME} submit examples/submissions.json --campaign qn-2020
  $ ${NAME} import examples/submissions.csv --campaign qn-2020
  $ ${NAME} stats --campaign qn-2020 --as-of 2020-05-31
  $ ${NAME} preview examples/documents/report.json --campaign qn-2020 -o draft.pdf
  $ ${NAME} generate examples/documents/report.json --campaign qn-2020 --out report.pdf
  $ ${NAME} render examples/render-input.json -o report.pdf   # no server needed`,
    );

  const campaign = () => new Option('-c, --campaign <id>', 'campaign id').makeOptionMandatory();
  const timeout = () => new Option('--timeout <seconds>', 'how long to wait for the document').default('120');
  const idempotency = () =>
    new Option('--idempotency-key <key>', 'send this Idempotency-Key (a re-run with it returns the first answer)');

  program
    .command('submit')
    .description('record submissions: a JSON file with one submission or an array, or a folder of .json files')
    .argument('<path>', 'FILE.json or DIR')
    .addOption(campaign())
    .option('--concurrency <n>', 'requests at a time', '4')
    .action(run(async () => (await import('./commands/submit.ts')).submitCommand as Action));

  program
    .command('import')
    .description('import submissions from a CSV file (one submission a row; split into requests under 256 KiB)')
    .argument('<file>', 'FILE.csv with the header row of the contract (as examples/submissions.csv)')
    .addOption(campaign())
    .addOption(new Option('--max-rows <n>', 'rows per request at most').default('250').hideHelp())
    .action(run(async () => (await import('./commands/import.ts')).importCommand as Action));

  program
    .command('generate')
    .description('order an official document (report, proposal, letter) from a request JSON file')
    .argument('<request>', 'REQUEST.json (type, issuedOn, signer, …; as examples/documents/report.json)')
    .addOption(campaign())
    .option('-w, --wait', 'wait until the document is ready (or failed)')
    .option('-o, --out <file>', 'download the PDF to FILE (implies --wait)')
    .addOption(timeout())
    .addOption(idempotency())
    .action(run(async () => (await import('./commands/documents.ts')).generateCommand as Action));

  program
    .command('preview')
    .description('the draft PDF of a request (marked DỰ THẢO, no number, no QR code); nothing is stored, no number taken')
    .argument('<request>', 'REQUEST.json, as for generate')
    .addOption(campaign())
    .requiredOption('-o, --out <file>', 'where to write the draft PDF')
    .action(run(async () => (await import('./commands/documents.ts')).previewCommand as Action));

  program
    .command('recall')
    .description('recall (thu hồi) a ready document: its number stays taken, its PDF stays downloadable')
    .argument('<documentId>')
    .requiredOption('--reason <text>', 'why it is recalled (kept with the document)')
    .addOption(idempotency())
    .action(run(async () => (await import('./commands/documents.ts')).recallCommand as Action));

  program
    .command('wait')
    .description('wait until a document is ready; exit code 1 if it failed')
    .argument('<documentId>')
    .addOption(timeout())
    .action(run(async () => (await import('./commands/documents.ts')).waitCommand as Action));

  program
    .command('download')
    .description('download the PDF of a ready document')
    .argument('<documentId>')
    .requiredOption('-o, --out <file>', 'where to write the PDF')
    .action(run(async () => (await import('./commands/documents.ts')).downloadCommand as Action));

  program
    .command('stats')
    .description('the statistics the documents print: each level and each target')
    .addOption(campaign())
    .option('--as-of <date>', 'data cut-off YYYY-MM-DD (default today in Vietnam)')
    .action(run(async () => (await import('./commands/stats.ts')).statsCommand as Action));

  program
    .command('documents')
    .description('documents of a campaign')
    .command('list')
    .description('every document of a campaign, newest first')
    .addOption(campaign())
    .action(run(async () => (await import('./commands/lists.ts')).documentsListCommand as Action));

  program
    .command('submissions')
    .description('submissions of a campaign')
    .command('list')
    .description('the latest version of each organization’s submission')
    .addOption(campaign())
    .option('--organization <id>', 'only this organization')
    .action(run(async () => (await import('./commands/lists.ts')).submissionsListCommand as Action));

  const keys = program.command('keys').description('API keys');
  keys
    .command('create')
    .description('issue a key; its secret is printed this once')
    .addOption(new Option('--role <role>', 'secretariat or submitter').choices(['secretariat', 'submitter']).makeOptionMandatory())
    .option('--campaign <id>', 'the campaign (required for a submitter; all campaigns when absent for a secretariat)')
    .option('--organization <id>', 'the organization of a submitter')
    .option('--label <text>', 'a name to recognise the key by')
    .addOption(idempotency())
    .action(run(async () => (await import('./commands/keys.ts')).keysCreateCommand as Action));

  program
    .command('sign')
    .description("sign a ready document as the person with authority, with a PKCS#12 file standing in for the token; the organization's signature follows")
    .argument('<documentId>')
    .requiredOption('--p12 <file>', 'the signer’s PKCS#12 file (.p12/.pfx): key and certificate')
    .option('--password <password>', 'its password (env SIGNING_P12_PASSWORD; prefer the variable, a flag shows in ps)')
    .action(run(async () => (await import('./commands/sign.ts')).signCommand as Action));

  program
    .command('render')
    .description('render input files to PDF on this machine, no server (OUT a file for one input, a folder for several)')
    .argument('<inputs...>', 'IN.json: {campaign, organizations, submissions, document} (as examples/render-input.json)')
    .requiredOption('-o, --out <path>', 'output file or folder')
    .option('--verify-base <url>', 'base URL of /verify/{id} for the QR code (env PUBLIC_BASE_URL); none: no QR code')
    .action(run(async () => (await import('./commands/render.ts')).renderCommand as Action));

  return program;
}

/** Print an error as one line and choose the exit code. */
function report(e: unknown, io: Io): number {
  if (e instanceof CommanderError) {
    // Help and version were printed already; commander printed its own usage errors.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
    return 2;
  }
  if (e instanceof CliError) {
    io.stderr(`${NAME}: ${oneLine(e.message)}\n`);
    return e.exitCode;
  }
  const name = e instanceof Error ? e.name : '';
  if (name === 'ApiError' || name === 'NetworkError' || name === 'WaitTimeoutError') {
    io.stderr(`${NAME}: ${oneLine((e as Error).message)}\n`);
    return 1;
  }
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const message = e instanceof Error ? e.message : String(e);
  io.stderr(`${NAME}: ${oneLine(code && !message.includes(code) ? `${code}: ${message}` : message)}\n`);
  if (io.env.CONGRESS_DOCS_DEBUG && e instanceof Error && e.stack) io.stderr(e.stack + '\n');
  return 1;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
