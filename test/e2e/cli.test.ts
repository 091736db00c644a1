/**
 * The congress-docs CLI, run as a user runs it (a child process), against the real local server:
 * submissions from the example, the example CSV, a 42-row CSV, a file imported again after
 * another, the read commands, a document generated and downloaded, and errors as one line with
 * a non-zero exit.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../support/pdf-reader.ts';
import { startTestApp } from '../support/test-app.ts';

const root = new URL('../..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'congress-docs-cli-'));
let t: Awaited<ReturnType<typeof startTestApp>>;

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(root, 'cli/bin.mjs'), ...args], {
      cwd: root,
      env: { ...process.env, CONGRESS_DOCS_URL: t.app.url, CONGRESS_DOCS_KEY: t.app.bootstrapKey!, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(async () => {
  t = await startTestApp();
  await t.call('PUT', '/campaigns/qn-2020', JSON.parse(readFileSync(join(root, 'examples/campaign.json'), 'utf8')));
  await t.call('PUT', '/campaigns/qn-2020/organizations', JSON.parse(readFileSync(join(root, 'examples/organizations.json'), 'utf8')));
});
afterAll(() => t?.app.stop());

describe('congress-docs', () => {
  it('lists its commands', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const command of ['submit', 'import', 'generate', 'wait', 'download', 'keys', 'render']) expect(stdout).toContain(command);
  });

  it('submits the example submissions', async () => {
    const { code, stdout } = await cli(['--json', 'submit', 'examples/submissions.json', '--campaign', 'qn-2020']);
    expect(code, stdout).toBe(0);
    const listed = await t.call('GET', '/campaigns/qn-2020/submissions?limit=100');
    expect(listed.body.items).toHaveLength(100);
    expect(stdout).toContain('ha-long');
  });

  it('imports a 42-row CSV: stores 40 and explains the other 2 by row and column', async () => {
    const orgs: { id: string; level: string }[] = JSON.parse(readFileSync(join(root, 'examples/organizations.json'), 'utf8'));
    const header = 'organizationId,heldOn,delegatesElected,delegatesAttended,secretaryName,electedDirectly,votesFor,votesValid,isLocal,concurrentRole,committeeSize,recommendation';
    const rows = orgs.slice(0, 40).map(
      (o, i) => `${o.id},2020-05-${String(10 + (i % 18)).padStart(2, '0')},50,49,Trần Thị Hoa,true,48,49,false,,9,"Đề nghị ""tăng cường"" đào tạo, bồi dưỡng cán bộ"`,
    );
    rows.splice(7, 0, 'khong-ton-tai,2020-05-12,50,49,Lê Văn B,true,48,49,true,,9,');
    rows.splice(30, 0, `${orgs[41]!.id},2020-02-30,50,49,Lê Văn C,true,48,49,true,,9,`);
    const file = join(tmp, 'results.csv');
    writeFileSync(file, '\ufeff' + [header, ...rows].join('\r\n') + '\r\n');

    const { code, stdout } = await cli(['--json', 'import', file, '--campaign', 'qn-2020']);
    expect(code).toBe(1); // some rows failed; the valid ones are stored all the same
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ rows: 42, stored: 40, failed: 2 });
    const failed = summary.results.filter((r: { errors?: unknown[] }) => r.errors);
    expect(failed.map((r: { row: number; errors: { column: string }[] }) => [r.row, r.errors[0]!.column])).toEqual([
      [8, 'organizationId'],
      [31, 'heldOn'],
    ]);
    const stored = await t.call('GET', `/campaigns/qn-2020/submissions?organizationId=${orgs[0]!.id}`);
    expect(stored.body.items[0].recommendations).toEqual(['Đề nghị "tăng cường" đào tạo, bồi dưỡng cán bộ']);
  });

  it('imports examples/submissions.csv with every row accepted, quotes and Vietnamese kept', async () => {
    const { code, stdout, stderr } = await cli(['--json', 'import', 'examples/submissions.csv', '--campaign', 'qn-2020']);
    expect(code, stderr).toBe(0);
    const rows = readFileSync(join(root, 'examples/submissions.csv'), 'utf8').trimEnd().split('\n').length - 1;
    expect(JSON.parse(stdout)).toMatchObject({ rows, stored: rows, failed: 0, notImported: 0 });
    const quoted = await t.call('GET', '/campaigns/qn-2020/submissions?organizationId=cam-pha-x-duong-huy');
    expect(quoted.body.items[0].recommendations).toEqual(['Đề nghị tăng cường cán bộ "không phải người địa phương" cho các xã đặc biệt khó khăn.']);
    const emptyCell = await t.call('GET', '/campaigns/qn-2020/submissions?organizationId=van-don');
    expect(emptyCell.body.items[0]).not.toHaveProperty('recommendations');
  });

  it('a file imported again after another is stored again: A, B, then A leaves A as the latest', async () => {
    const orgs: { id: string }[] = JSON.parse(readFileSync(join(root, 'examples/organizations.json'), 'utf8'));
    const [first, second] = [orgs[60]!.id, orgs[61]!.id];
    const header = readFileSync(join(root, 'examples/submissions.csv'), 'utf8').split('\n')[0];
    const file = (name: string, secretary: string, votesFor: number) => {
      const path = join(tmp, name);
      const rows = [first, second].map((id) => `${id},2020-05-14,60,58,${secretary},true,${votesFor},57,false,,9,`);
      writeFileSync(path, [header, ...rows].join('\n') + '\n');
      return path;
    };
    const a = file('a.csv', 'Phạm Thị Lan', 55);
    const b = file('b.csv', 'Vũ Văn Minh', 50);
    const before = await t.call('GET', `/campaigns/qn-2020/submissions?organizationId=${first}`);
    const startVersion: number = before.body.items[0]?.version ?? 0;
    for (const path of [a, b, a]) {
      const r = await cli(['import', path, '--campaign', 'qn-2020']);
      expect(r.stdout, r.stderr).toBe('stored 2 of 2 rows\n');
    }
    for (const id of [first, second]) {
      const latest = (await t.call('GET', `/campaigns/qn-2020/submissions?organizationId=${id}`)).body.items[0];
      expect(latest.secretary).toMatchObject({ fullName: 'Phạm Thị Lan', votes: { for: 55, valid: 57 } });
      if (id === first) expect(latest.version).toBe(startVersion + 3);
    }
  });

  it('stats, submissions list and documents list show what the API holds', async () => {
    const stats = await cli(['--json', 'stats', '--campaign', 'qn-2020', '--as-of', '2020-05-31']);
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toEqual((await t.call('GET', '/campaigns/qn-2020/stats?asOf=2020-05-31')).body);
    const table = await cli(['stats', '--campaign', 'qn-2020', '--as-of', '2020-05-31']);
    expect(table.stdout).toMatch(/^as of 2020-05-31\n/);
    expect(table.stdout).toMatch(/\ncommuneNonLocalPercent +\d+% +[\d.]+% +(yes|no)\n/);

    const all = await cli(['--json', 'submissions', 'list', '--campaign', 'qn-2020']);
    const organizations = JSON.parse(readFileSync(join(root, 'examples/organizations.json'), 'utf8')).length;
    const listed = JSON.parse(all.stdout) as { organizationId: string }[];
    expect(listed.length).toBeGreaterThan(100); // more than one page, followed to the end
    expect(listed.length).toBeLessThanOrEqual(organizations);
    expect(new Set(listed.map((x) => x.organizationId)).size).toBe(listed.length);
    const one = await cli(['submissions', 'list', '--campaign', 'qn-2020', '--organization', 'ha-long']);
    expect(one.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(one.stdout).toContain('  Hồ Hồng Bình  ');
  });

  it('generates a document, waits for it and writes the PDF', async () => {
    const out = join(tmp, 'report.pdf');
    const { code, stdout, stderr } = await cli(['--json', 'generate', 'examples/documents/report.json', '--campaign', 'qn-2020', '--wait', '--out', out]);
    expect(code, stderr).toBe(0);
    const doc = JSON.parse(stdout);
    const pdf = readFileSync(out);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe((await t.call('GET', `/documents/${doc.id}`)).body.sha256);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const listed = await cli(['documents', 'list', '--campaign', 'qn-2020']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.split('\n')[1]).toMatch(new RegExp(`^${doc.number}\\s+report\\s+ready\\s+2020-06-06\\s+2020-05-31\\s+\\d+\\s+${doc.id}$`));
  });

  it('previews a draft without taking a number, orders the next number, and recalls it', async () => {
    const documents = async () => (await t.call('GET', '/campaigns/qn-2020/documents')).body.items as { number: string }[];
    const before = await documents();
    const draft = join(tmp, 'draft.pdf');
    const preview = await cli(['preview', 'examples/documents/report.json', '--campaign', 'qn-2020', '-o', draft]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain(draft);
    const pdf = await readPdf(readFileSync(draft));
    for (const page of pdf.pages) expect(page.runs.filter((run) => run.text === 'DỰ THẢO'), `page ${page.number}`).toHaveLength(1);
    expect(await documents()).toHaveLength(before.length); // nothing stored

    const ordered = await cli(['--json', 'generate', 'examples/documents/report.json', '--campaign', 'qn-2020', '--wait']);
    expect(ordered.code, ordered.stderr).toBe(0);
    const doc = JSON.parse(ordered.stdout) as { id: string; number: string };
    const campaign = JSON.parse(readFileSync(join(root, 'examples/campaign.json'), 'utf8'));
    const last = before[0] ? Number(/^(\d+)-/.exec(before[0].number)![1]) : campaign.lastNumbers.BC;
    expect(doc.number).toBe(`${last + 1}-BC/TU`); // the preview took none

    const recalled = await cli(['recall', doc.id, '--reason', 'Số liệu của một đảng bộ chưa đúng']);
    expect(recalled.code, recalled.stderr).toBe(0);
    expect(recalled.stdout).toMatch(new RegExp(`^${doc.number}\trecalled\t${doc.id}\t.*\trecalled \\S+: Số liệu của một đảng bộ chưa đúng\n$`));
    const verified = await t.call('GET', `/verify/${doc.id}`, undefined, { key: null, headers: { accept: 'application/json' } });
    expect(verified.body).toMatchObject({ number: doc.number, status: 'recalled' });
    const listed = await cli(['documents', 'list', '--campaign', 'qn-2020']);
    expect(listed.stdout.split('\n')[1]).toMatch(new RegExp(`^${doc.number}\\s+report\\s+recalled \\d{4}-\\d{2}-\\d{2}\\s`));

    const again = await cli(['recall', doc.id, '--reason', 'lần nữa']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^congress-docs: 409 [^\n]+\n$/);
  });

  it('a refused preview names every bad field by its JSON pointer, in one line', async () => {
    const request = join(tmp, 'bad-request.json');
    writeFileSync(request, JSON.stringify({ type: 'memo', issuedOn: '2020-02-30' }));
    const r = await cli(['preview', request, '--campaign', 'qn-2020', '-o', join(tmp, 'never.pdf')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^congress-docs: 400 [^\n]* — [^\n]*\/type [^\n]*; [^\n]*\/issuedOn [^\n]*\n$/);
  });

  it('says what went wrong in one line and exits non-zero', async () => {
    const bad = await cli(['generate', 'examples/documents/report.json', '--campaign', 'qn-2020'], { CONGRESS_DOCS_KEY: 'cdk_nonexistent00_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^congress-docs: .*(401|key)/i);
  });
});
