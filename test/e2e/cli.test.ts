/**
 * The congress-docs CLI, run as a user runs it (a child process), against the real local server:
 * submissions from the example, a 42-row CSV, a document generated and downloaded, and errors
 * as one line with a non-zero exit.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('generates a document, waits for it and writes the PDF', async () => {
    const out = join(tmp, 'report.pdf');
    const { code, stdout, stderr } = await cli(['--json', 'generate', 'examples/documents/report.json', '--campaign', 'qn-2020', '--wait', '--out', out]);
    expect(code, stderr).toBe(0);
    const doc = JSON.parse(stdout);
    const pdf = readFileSync(out);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe((await t.call('GET', `/documents/${doc.id}`)).body.sha256);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('says what went wrong in one line and exits non-zero', async () => {
    const bad = await cli(['generate', 'examples/documents/report.json', '--campaign', 'qn-2020'], { CONGRESS_DOCS_KEY: 'cdk_nonexistent00_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^congress-docs: .*(401|key)/i);
  });
});
