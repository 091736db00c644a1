import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeProblem } from '../../../cli/api-client.ts';
import type { Io } from '../../../cli/context.ts';
import { main } from '../../../cli/main.ts';
import { SUBMISSION_CSV_COLUMNS } from '#core/csv-submissions.ts';
import { DRAFT, KEY, LISTED_SUBMISSIONS, PDF, STATS, startFakeApi, type FakeApi } from './fake-api.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'cli/bin.mjs');
const run = promisify(execFile);

/** Outside variables that change how the CLI starts; each test sets what it means to. */
const cleanEnv = () =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CONGRESS_DOCS_') && k !== 'NODE_OPTIONS'));

/** `command …` as a shell runs it: here the bin file itself, or a link to it (node_modules/.bin). */
async function command(file: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(file, args, { env: { ...cleanEnv(), ...env }, cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout: string; stderr: string };
    return { code: err.code ?? -1, stdout: err.stdout, stderr: err.stderr };
  }
}

/** The CLI as a child process, as a user runs it (covers the launcher). */
const cli = (args: string[], env: Record<string, string> = {}) => command(process.execPath, [BIN, ...args], env);

/** The CLI in this process, with captured output. */
async function cliInProcess(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    stderrIsTTY: false,
    env,
    cwd: dir,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** A port nothing listens on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

let api: FakeApi;
let dir: string;

beforeAll(async () => {
  api = await startFakeApi();
  dir = await mkdtemp(join(tmpdir(), 'congress-docs-cli-'));
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

const submission = (organizationId: string) => ({
  organizationId,
  congress: { heldOn: '2020-05-12', delegatesElected: 120, delegatesAttended: 118 },
  secretary: { fullName: 'Nguyễn Văn An', electedDirectly: true, votes: { for: 118, valid: 118 }, isLocal: false, concurrentRole: null },
});

describe('congress-docs (child process)', () => {
  it('--help lists the commands', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['submit', 'import', 'generate', 'wait', 'download', 'keys', 'render']) expect(r.stdout).toContain(c);
    expect(r.stdout).toContain('--url');
    const sub = await cli(['import', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--campaign');
  });

  it('a missing key is one line on stderr and exit code 2', async () => {
    await writeFile(join(dir, 'request.json'), '{"type":"report"}');
    const r = await cli(['generate', 'request.json', '--campaign', 'qn-2020', '--url', api.url]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('congress-docs: no API key: pass --key KEY or set CONGRESS_DOCS_KEY\n');
  });

  it('a usage error is one line and exit code 2', async () => {
    const r = await cli(['submit', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^congress-docs: .*--campaign/);
  });

  it('an API problem+json becomes one line and exit code 1', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify(submission('bad-one')));
    const r = await cli(['submit', 'bad.json', '--campaign', 'qn-2020'], { CONGRESS_DOCS_URL: api.url, CONGRESS_DOCS_KEY: KEY });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^congress-docs: bad\.json \(bad-one\): 400 Invalid submission: The body has 2 invalid fields\. — /);
    expect(lines[0]).toContain('/secretary/votes/for must not exceed votes.valid');
  });

  it('a bad key is one line and exit code 1', async () => {
    await writeFile(join(dir, 'request.json'), '{"type":"report"}');
    const r = await cli(['generate', 'request.json', '--campaign', 'qn-2020', '--url', api.url, '--key', 'wrong']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('congress-docs: 401 Unauthorized: No or bad API key.\n');
  });

  it('render needs no server (examples/render-input.json as the README says), and a bad input is one line and exit code 1', async () => {
    const ok = await cli(['render', join(ROOT, 'examples/render-input.json'), '-o', 'rendered/report.pdf']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim()).toBe(join(dir, 'rendered/report.pdf'));
    expect((await readFile(join(dir, 'rendered/report.pdf'))).subarray(0, 5).toString()).toBe('%PDF-');

    const bad = await cli(['render', 'missing.json', '-o', 'x.pdf']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^congress-docs: .*missing\.json[^\n]*\n$/);
  });

  it('render --verify-base adds the QR code that PUBLIC_BASE_URL adds; without either there is none', async () => {
    const input = join(ROOT, 'examples/render-input.json');
    const plain = await cli(['render', input, '-o', 'qr/none.pdf']);
    const flag = await cli(['render', input, '-o', 'qr/flag.pdf', '--verify-base', 'https://vb.example.vn']);
    const env = await cli(['render', input, '-o', 'qr/env.pdf'], { PUBLIC_BASE_URL: 'https://vb.example.vn' });
    for (const r of [plain, flag, env]) expect(r.code, r.stderr).toBe(0);
    const pdf = (name: string) => readFile(join(dir, `qr/${name}.pdf`));
    const withFlag = await pdf('flag');
    expect(withFlag.equals(await pdf('env'))).toBe(true);
    expect(withFlag.equals(await pdf('none'))).toBe(false);
  });

  it('an unreachable server is one line and exit code 1', async () => {
    const port = await freePort();
    const r = await cli(['wait', 'doc-1', '--url', `http://127.0.0.1:${port}`, '--key', KEY]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `congress-docs: cannot connect to http://127.0.0.1:${port} (connection refused); is the API running (npm start)?\n`,
    );
  });
});

/** The example report as a `render` input file in the test folder. */
async function writeRenderInput(name: string): Promise<void> {
  await writeFile(join(dir, name), await readFile(join(ROOT, 'examples/render-input.json')));
}

describe('examples/render-input.json', () => {
  it('is the example campaign, organizations, submissions and report request, numbered, without a verification address', async () => {
    const read = async (p: string) => JSON.parse(await readFile(join(ROOT, p), 'utf8')) as Record<string, unknown>;
    const input = await read('examples/render-input.json');
    expect(Object.keys(input).sort()).toEqual(['campaign', 'document', 'organizations', 'submissions']);
    expect(input.campaign).toEqual(await read('examples/campaign.json'));
    expect(input.organizations).toEqual(await read('examples/organizations.json'));
    expect(input.submissions).toEqual(await read('examples/submissions.json'));
    expect(input.document).toEqual({ ...(await read('examples/documents/report.json')), number: 415, id: 'example-report' });
  });
});

/**
 * cli/bin.mjs run as a command is a shell script that starts the startup snapshot as the only
 * process (node cli/bin.mjs starts one more); both must behave the same.
 */
describe.runIf(process.platform !== 'win32')('congress-docs as a command (the shell launcher)', () => {
  // A current cli/dist, so that the snapshot is used (after an edit, the first run rebuilds it).
  beforeAll(async () => {
    const root = resolve(BIN, '../..') + '/';
    const { freshBuild } = await import('../../../cli/dist-manifest.mjs');
    const { buildCli } = (await import(pathToFileURL(resolve(BIN, '../build.mjs')).href)) as {
      buildCli(root: string): Promise<{ snapshot: string | null } | null>;
    };
    for (let attempt = 0; !freshBuild(root)?.snapshot; attempt++) {
      if (attempt === 90) throw new Error('cli/dist could not be built (cli/build.mjs)');
      if (!(await buildCli(root))) await new Promise((r) => setTimeout(r, 1_000)); // another process builds
    }
  }, 120_000);

  it('starts the snapshot itself and writes the same PDF as node cli/bin.mjs', async () => {
    await writeRenderInput('sh-in.json');
    const direct = await command(BIN, ['render', 'sh-in.json', '-o', 'sh.pdf'], { CONGRESS_DOCS_DEBUG: '1' });
    expect(direct.code, direct.stderr).toBe(0);
    expect(direct.stderr).toBe('congress-docs: started from the snapshot by the shell launcher\n');
    expect(direct.stdout.trim()).toBe(join(dir, 'sh.pdf'));
    const viaNode = await cli(['render', 'sh-in.json', '-o', 'node.pdf'], { CONGRESS_DOCS_DEBUG: '1' });
    expect(viaNode.stderr).toBe('congress-docs: started from the snapshot by node cli/bin.mjs\n');
    expect((await readFile(join(dir, 'sh.pdf'))).equals(await readFile(join(dir, 'node.pdf')))).toBe(true);
  });

  it('works through a link (node_modules/.bin), passes exit codes, and errors stay one line', async () => {
    const link = join(dir, 'congress-docs');
    await symlink(BIN, link);
    const version = await command(link, ['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `${JSON.parse(await readFile(resolve(BIN, '../../package.json'), 'utf8')).version}\n` });
    const bad = await command(link, ['render', 'missing.json', '-o', 'x.pdf']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^congress-docs: .*missing\.json[^\n]*\n$/);
    const usage = await command(link, ['render']);
    expect(usage.code).toBe(2);
  });

  it('after a change to the sources, rebuilds and runs the current program', async () => {
    const root = resolve(BIN, '../..') + '/';
    const { freshBuild } = await import('../../../cli/dist-manifest.mjs');
    await writeRenderInput('changed-in.json');
    const now = new Date();
    // npm writes node_modules/.package-lock.json after the prepare script built cli/dist: not a change.
    await utimes(join(root, 'node_modules/.package-lock.json'), now, now);
    expect(freshBuild(root)).not.toBeNull();
    // A bundled package upgraded (its package.json changed) since cli/dist was built: the snapshot is stale.
    await utimes(join(root, 'node_modules/pdfmake/package.json'), now, now);
    expect(freshBuild(root)).toBeNull();
    const r = await command(BIN, ['render', 'changed-in.json', '-o', 'changed.pdf'], { CONGRESS_DOCS_DEBUG: '1' });
    expect(r.code, r.stderr).toBe(0);
    // The stale snapshot hands over at once; the JavaScript launcher rebuilds and starts the new one.
    expect(r.stderr).toBe(
      'congress-docs: started from the snapshot by the shell launcher\ncongress-docs: started from the snapshot by node cli/bin.mjs\n',
    );
    expect(freshBuild(root)?.snapshot).toBeTruthy();
    expect((await readFile(join(dir, 'changed.pdf'))).equals(await readFile(join(dir, 'sh.pdf')))).toBe(true);
  }, 120_000);

  it('runs without the snapshot when NODE_OPTIONS could make Node refuse it', async () => {
    await writeRenderInput('options-in.json');
    const r = await command(BIN, ['render', 'options-in.json', '-o', 'options.pdf'], { NODE_OPTIONS: '--max-old-space-size=2048', CONGRESS_DOCS_DEBUG: '1' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('started from the snapshot');
    expect((await readFile(join(dir, 'options.pdf'))).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('congress-docs (in process)', () => {
  const env = () => ({ CONGRESS_DOCS_URL: api.url, CONGRESS_DOCS_KEY: KEY });

  it('generate --wait --out writes the PDF bytes of the 302 target', async () => {
    await writeFile(join(dir, 'report.json'), JSON.stringify({ type: 'report', issuedOn: '2020-06-06' }));
    api.requests.length = 0;
    const r = await cliInProcess(['generate', 'report.json', '--campaign', 'qn-2020', '--wait', '--out', 'out/report.pdf'], env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const written = await readFile(join(dir, 'out/report.pdf'));
    expect(Buffer.compare(written, PDF)).toBe(0);
    expect(r.stdout).toContain('415-BC/TU\tready\tdoc-1');
    expect(r.stdout).toContain(join(dir, 'out/report.pdf'));
    const post = api.requests.find((q) => q.method === 'POST')!;
    expect(post.headers['idempotency-key']).toMatch(/^[\x21-\x7e]{1,128}$/);
    const pdfGet = api.requests.find((q) => q.url.startsWith('/bucket/'))!;
    expect(pdfGet.headers.authorization).toBeUndefined();
  });

  it('generate --json prints the document', async () => {
    const r = await cliInProcess(['--json', 'generate', 'report.json', '--campaign', 'qn-2020'], env());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 'doc-1', status: 'queued', number: '415-BC/TU' });
  });

  it('download refuses a document that is not ready, in one line', async () => {
    await cliInProcess(['generate', 'report.json', '--campaign', 'qn-2020'], env()); // resets the fake's polls
    const r = await cliInProcess(['download', 'doc-1', '--out', 'x.pdf'], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('congress-docs: document 415-BC/TU is queued, not ready yet (congress-docs wait doc-1)\n');
  });

  it('submit sends a folder of files, one POST per submission, each with its own idempotency key of this run', async () => {
    const folder = join(dir, 'subs');
    await rm(folder, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(folder));
    await writeFile(join(folder, 'a.json'), JSON.stringify([submission('org-a'), submission('org-b')]));
    await writeFile(join(folder, 'b.json'), JSON.stringify(submission('org-c')));
    await writeFile(join(folder, 'notes.txt'), 'ignored');
    api.requests.length = 0;
    const r = await cliInProcess(['submit', 'subs', '--campaign', 'qn-2020'], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/a\.json\[0\]\torg-a\tversion \d+/);
    expect(r.stdout).toContain('submitted 3 of 3');
    const keys = api.requests.map((q) => q.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(3);
    // The same command again is another run: new keys, so the server records the files again
    // (as the latest versions) instead of answering the first run's results.
    api.requests.length = 0;
    await cliInProcess(['submit', 'subs', '--campaign', 'qn-2020'], env());
    const again = api.requests.map((q) => q.headers['idempotency-key']);
    expect(again).toHaveLength(3);
    expect(again.filter((k) => keys.includes(k))).toEqual([]);
  });

  it('import: a retried request resends its key; running the command again sends new keys', async () => {
    const header = SUBMISSION_CSV_COLUMNS.join(',');
    await writeFile(join(dir, 'a.csv'), `${header}\norg-a,2020-05-12,50,49,Trần Thị Hoa,true,48,49,false,,9,\n`);
    api.requests.length = 0;
    api.failNext(503, 1); // the gateway is busy once: the client tries again
    const first = await cliInProcess(['import', 'a.csv', '--campaign', 'qn-2020'], env());
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('stored 1 of 1 rows\n');
    const [failed, retried] = api.requests;
    expect(api.requests).toHaveLength(2);
    expect(retried!.headers['idempotency-key']).toBe(failed!.headers['idempotency-key']);

    api.requests.length = 0;
    await cliInProcess(['import', 'a.csv', '--campaign', 'qn-2020'], env());
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]!.headers['idempotency-key']).not.toBe(failed!.headers['idempotency-key']);
  });

  it('a 409 with Retry-After (the first attempt of this key still runs) is tried again with the key; another 409 is not', async () => {
    api.requests.length = 0;
    api.failNext(409, 1, { 'retry-after': '0' });
    const r = await cliInProcess(['import', 'a.csv', '--campaign', 'qn-2020'], env());
    expect(r.stdout).toBe('stored 1 of 1 rows\n');
    expect(api.requests).toHaveLength(2);
    expect(api.requests[1]!.headers['idempotency-key']).toBe(api.requests[0]!.headers['idempotency-key']);

    api.requests.length = 0;
    api.failNext(409, 1);
    const refused = await cliInProcess(['import', 'a.csv', '--campaign', 'qn-2020'], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('congress-docs: 409 Try again\n');
    expect(api.requests).toHaveLength(1);
  });

  it('keys create prints the key once', async () => {
    const r = await cliInProcess(['keys', 'create', '--role', 'submitter', '--campaign', 'qn-2020', '--organization', 'org-a'], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('id\tkey-9\nkey\tcd_secret_value\n');
    const body = JSON.parse(api.requests.at(-1)!.body.toString()) as unknown;
    expect(body).toEqual({ role: 'submitter', campaignId: 'qn-2020', organizationId: 'org-a' });
    const bad = await cliInProcess(['keys', 'create', '--role', 'admin'], env());
    expect(bad.code).toBe(2);
  });

  it('import splits a large CSV into requests under 256 KiB and re-bases row numbers', async () => {
    const header = SUBMISSION_CSV_COLUMNS.join(',');
    const long = 'Đề nghị, kiến nghị "dài" '.repeat(40); // ~1.1 KB a row: 250 rows would be over 256 KiB
    const lines: string[] = [];
    const total = 1800;
    const badRows = new Set([7, 777, 1501, 1800]);
    for (let i = 1; i <= total; i++) {
      const heldOn = badRows.has(i) ? '2020-02-30' : '2020-05-12';
      const rec = i % 100 === 0 ? `"${long.replace(/"/g, '""')}\nDòng hai"` : `"${long.replace(/"/g, '""')}"`;
      lines.push(`org-${i},${heldOn},120,118,Nguyễn Văn An,true,118,118,false,,11,${rec}`);
    }
    const csv = '\ufeff' + header + '\r\n' + lines.join('\r\n') + '\r\n';
    expect(Buffer.byteLength(csv)).toBeGreaterThan(1024 * 1024);
    await writeFile(join(dir, 'big.csv'), csv);
    api.requests.length = 0;
    const r = await cliInProcess(['--json', 'import', 'big.csv', '--campaign', 'qn-2020'], env());
    const imports = api.requests.filter((q) => q.url.endsWith('submissions:import'));
    expect(imports.length).toBeGreaterThan(Math.ceil(total / 250)); // cut by size, not only by row count
    expect(Math.max(...imports.map((q) => q.body.length))).toBeGreaterThan(200 * 1024);
    for (const q of imports) {
      expect(q.body.length).toBeLessThanOrEqual(256 * 1024);
      expect(q.body.toString('utf8').startsWith(header + '\r\n')).toBe(true);
      expect(q.headers['content-type']).toMatch(/^text\/csv/);
    }
    expect(new Set(imports.map((q) => q.headers['idempotency-key'])).size).toBe(imports.length);
    const out = JSON.parse(r.stdout) as { rows: number; stored: number; failed: number; results: Array<{ row: number; errors?: unknown[] }> };
    expect(out.rows).toBe(total);
    expect(out.stored).toBe(total - badRows.size);
    expect(out.results.map((x) => x.row)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(out.results.filter((x) => x.errors).map((x) => x.row)).toEqual([...badRows]);
    expect(r.code).toBe(1); // some rows failed

    const human = await cliInProcess(['import', 'big.csv', '--campaign', 'qn-2020'], env());
    expect(human.stdout).toContain(`stored ${total - badRows.size} of ${total} rows, 4 failed`);
    expect(human.stdout).toMatch(/\nrow 1501: \/congress\/heldOn \(column heldOn\) must be a real calendar date[^\n;]*\n/);
  });

  it('import reports a bad header as one line', async () => {
    await writeFile(join(dir, 'bad.csv'), 'organizationId,heldOn\nx,2020-01-01\n');
    const r = await cliInProcess(['import', 'bad.csv', '--campaign', 'qn-2020'], env());
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^congress-docs: 400 Invalid CSV: The header row must name the columns .*missing columns: delegatesElected/);
  });
});

describe('congress-docs read commands, preview and recall (in process)', () => {
  const env = () => ({ CONGRESS_DOCS_URL: api.url, CONGRESS_DOCS_KEY: KEY });

  it('stats prints each level side by side and each target; --json the answer', async () => {
    const r = await cliInProcess(['stats', '--campaign', 'qn-2020', '--as-of', '2020-05-31'], env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('as of 2020-05-31');
    expect(lines[2]).toBe('                                    branch      grassroots  district');
    expect(lines.find((l) => l.startsWith('held '))).toMatch(/^held\s+140 \(100%\)\s+52 \(86\.7%\)\s+0 \(0%\)$/);
    expect(lines.find((l) => l.startsWith('days before deadline'))).toMatch(/\s13\s+—\s+—$/);
    expect(lines.find((l) => l.startsWith('communeNonLocalPercent'))).toMatch(/\s75%\s+81\.5%\s+yes$/);
    expect(lines.find((l) => l.startsWith('districtConcurrentChairCount'))).toMatch(/\s3\s+0\s+no$/);
    expect(lines.find((l) => l.startsWith('districtNonLocalPercent'))).toMatch(/\s100%\s+—\s+no$/);
    expect(api.requests.at(-1)!.url).toBe('/campaigns/qn-2020/stats?asOf=2020-05-31');

    const j = await cliInProcess(['stats', '--campaign', 'qn-2020', '--json'], env());
    expect(JSON.parse(j.stdout)).toEqual(STATS);
  });

  it('stats with a bad date is the server\'s refusal in one line, naming the field', async () => {
    const r = await cliInProcess(['stats', '--campaign', 'qn-2020', '--as-of', '2020-02-30'], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('congress-docs: 400 Invalid query — /query/asOf must be a real calendar date\n');
  });

  it('documents list follows the cursor over short pages and shows one document a line', async () => {
    await writeFile(join(dir, 'report.json'), JSON.stringify({ type: 'report', issuedOn: '2020-06-06' }));
    await cliInProcess(['generate', 'report.json', '--campaign', 'qn-2020'], env());
    api.requests.length = 0;
    const r = await cliInProcess(['documents', 'list', '--campaign', 'qn-2020'], env());
    expect(r.code).toBe(0);
    expect(api.requests.map((q) => q.url)).toEqual([
      '/campaigns/qn-2020/documents?limit=100',
      '/campaigns/qn-2020/documents?limit=100&cursor=2',
    ]);
    expect(r.stdout.split('\n')).toEqual([
      'number     type    status  issued on   as of       pages  id',
      '415-BC/TU  report  queued  2020-06-06  2020-05-31  —      doc-1',
      '414-BC/TU  report  ready   2020-06-06  2020-05-31  1      doc-old-1',
      '413-BC/TU  report  ready   2020-06-06  2020-05-31  1      doc-old-2',
      '',
    ]);
    const j = await cliInProcess(['documents', 'list', '--campaign', 'qn-2020', '--json'], env());
    expect((JSON.parse(j.stdout) as Array<{ id: string }>).map((d) => d.id)).toEqual(['doc-1', 'doc-old-1', 'doc-old-2']);
  });

  it('submissions list shows the Vietnamese names as they are, in aligned columns; --organization filters', async () => {
    const r = await cliInProcess(['submissions', 'list', '--campaign', 'qn-2020'], env());
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^organization\s+version\s+held on\s+secretary\s+direct\s+votes\s+local\s+received\s+id$/);
    expect(lines[1]).toBe('ha-long              2        2020-05-12  Hồ Hồng Bình   yes     117/118  no     2020-06-01T03:04:05Z  sub-ha-long-2');
    expect(lines[3]).toContain('  Đặng Thị Thủy  yes  ');
    // Columns line up: each row's "yes" starts where the header's "direct" does.
    const column = lines[0]!.indexOf('direct');
    for (const line of lines.slice(1)) expect(line.indexOf('  yes  ') + 2).toBe(column);

    const one = await cliInProcess(['submissions', 'list', '--campaign', 'qn-2020', '--organization', 'uong-bi', '--json'], env());
    expect(JSON.parse(one.stdout)).toEqual([LISTED_SUBMISSIONS[2]]);
    expect(api.requests.at(-1)!.url).toBe('/campaigns/qn-2020/submissions?organizationId=uong-bi&limit=100');
  });

  it('preview writes the draft PDF and sends no idempotency key (nothing is stored)', async () => {
    api.requests.length = 0;
    const r = await cliInProcess(['preview', 'report.json', '--campaign', 'qn-2020', '-o', 'drafts/draft.pdf'], env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(Buffer.compare(await readFile(join(dir, 'drafts/draft.pdf')), DRAFT)).toBe(0);
    expect(r.stdout).toBe(`draft\t${DRAFT.length} bytes\n${join(dir, 'drafts/draft.pdf')}\n`);
    const [post] = api.requests;
    expect(post!.url).toBe('/campaigns/qn-2020/documents:preview');
    expect(post!.headers.accept).toMatch(/^application\/pdf/);
    expect(post!.headers['idempotency-key']).toBeUndefined();
  });

  it('a refused preview names every bad field by its path, in one line, and writes nothing', async () => {
    await writeFile(join(dir, 'wrong.json'), JSON.stringify({ type: 'memo' }));
    const r = await cliInProcess(['preview', 'wrong.json', '--campaign', 'qn-2020', '-o', 'wrong.pdf'], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'congress-docs: 400 Invalid document request — /type must be one of report, proposal, letter; /issuedOn is required\n',
    );
    await expect(readFile(join(dir, 'wrong.pdf'))).rejects.toThrow();
  });

  it('recall: refused before the document is ready, then recalls it with the reason', async () => {
    await cliInProcess(['generate', 'report.json', '--campaign', 'qn-2020'], env());
    const early = await cliInProcess(['recall', 'doc-1', '--reason', 'Số liệu sai'], env());
    expect(early.code).toBe(1);
    expect(early.stderr).toBe('congress-docs: 409 Conflict: Only a ready document can be recalled.\n');

    await cliInProcess(['wait', 'doc-1'], env());
    api.requests.length = 0;
    const r = await cliInProcess(['recall', 'doc-1', '--reason', 'Số liệu của Đảng bộ phường Bạch Đằng sai'], env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^415-BC\/TU\trecalled\tdoc-1\t.*\trecalled 2020-07-01T02:00:00\.000Z: Số liệu của Đảng bộ phường Bạch Đằng sai\n$/);
    expect(JSON.parse(api.requests[0]!.body.toString('utf8'))).toEqual({ reason: 'Số liệu của Đảng bộ phường Bạch Đằng sai' });
    expect(api.requests[0]!.headers['idempotency-key']).toMatch(/^[\x21-\x7e]{1,128}$/);

    // The PDF of a recalled document stays downloadable, for the archive.
    const download = await cliInProcess(['download', 'doc-1', '-o', 'recalled.pdf'], env());
    expect(download.code).toBe(0);
    expect(Buffer.compare(await readFile(join(dir, 'recalled.pdf')), PDF)).toBe(0);

    const noReason = await cliInProcess(['recall', 'doc-1'], env());
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/^congress-docs: .*--reason/);
  });
});

describe('congress-docs --help', () => {
  it('names only files a user of this repository has', async () => {
    const r = await cliInProcess(['--help']);
    const named = [...r.stdout.matchAll(/\S+\.(?:json|csv)\b/g)].map((m) => m[0]);
    expect(named).toEqual(expect.arrayContaining(['examples/submissions.csv', 'examples/render-input.json']));
    for (const file of named) await expect(readFile(join(ROOT, file)), file).resolves.toBeTruthy();
  });
});

describe('describeProblem', () => {
  it('is one line naming every field error by its path', () => {
    const line = describeProblem(400, 'Bad Request', {
      title: 'Invalid\nsubmission',
      detail: 'Fix these.',
      errors: [
        { path: '/a', code: 'invalid', message: 'one' },
        { path: '/b', code: 'invalid', message: 'two' },
        { path: '/c', code: 'invalid', message: 'three', column: 'heldOn' },
        { path: '/d', code: 'invalid', message: 'four' },
      ],
    });
    expect(line).toBe('400 Invalid submission: Fix these. — /a one; /b two; /c (column heldOn) three; /d four');
    expect(describeProblem(502, 'Bad Gateway', undefined)).toBe('502 Bad Gateway');
  });
});
