import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderFiles } from '../../cli/render-command.ts';
import { exampleFile } from './fixtures.ts';
import { readPdf } from '../support/pdf-reader.ts';

describe('congress-docs render', () => {
  const dir = mkdtempSync(join(tmpdir(), 'render-'));
  const write = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  it('writes OUT as the file for one input', async () => {
    const input = write('report.json', exampleFile('report'));
    const out = join(dir, 'one.pdf');
    expect(await renderFiles([input], out)).toEqual([out]);
    const pdf = await readPdf(readFileSync(out));
    expect(pdf.info.Keywords).toBe('415-BC/TU');
  });

  it('writes <basename>.pdf into OUT for several inputs', async () => {
    const inputs = [write('a.json', exampleFile('proposal')), write('b.json', exampleFile('letter'))];
    const out = join(dir, 'many');
    expect(await renderFiles(inputs, out)).toEqual([join(out, 'a.pdf'), join(out, 'b.pdf')]);
    expect((await readPdf(readFileSync(join(out, 'b.pdf')))).info.Keywords).toBe('2311-CV/TU');
  });

  it('lets a later submission for the same organization win', async () => {
    const file = exampleFile('letter');
    const first = file.submissions.find((s) => s.organizationId === 'ha-long')!;
    file.submissions.push({ ...structuredClone(first), recommendations: ['Đề nghị bổ sung biên chế cho văn phòng cấp ủy.'] });
    const out = join(dir, 'later.pdf');
    await renderFiles([write('later.json', file)], out);
    const text = (await readPdf(readFileSync(out))).text.replace(/\s+/g, ' ');
    expect(text).toContain('Đề nghị bổ sung biên chế cho văn phòng cấp ủy.');
    expect(text).not.toContain('thí điểm bầu trực tiếp Bí thư Tỉnh ủy');
  });

  it('prints a QR code and its address only with a verification base URL (--verify-base, else PUBLIC_BASE_URL)', async () => {
    const input = write('verify.json', exampleFile('report'));
    const lastPage = async (name: string, options: { verifyBase?: string }, env: NodeJS.ProcessEnv) => {
      await renderFiles([input], join(dir, name), options, env);
      return (await readPdf(readFileSync(join(dir, name)))).pages.at(-1)!;
    };
    const none = await lastPage('no-base.pdf', {}, {});
    expect(none.text).not.toContain('/verify/');
    expect(none.text).not.toContain('Tra cứu tính xác thực');
    expect(none.drawings.filter((d) => d.startsWith('fill')).length).toBeLessThan(10);
    const flag = await lastPage('flag.pdf', { verifyBase: 'https://vanban.example.vn/' }, { PUBLIC_BASE_URL: 'https://other.example.vn' });
    expect(flag.text).toContain('https://vanban.example.vn/verify/doc-report-415');
    expect(flag.drawings.filter((d) => d.startsWith('fill')).length).toBeGreaterThan(100);
    const env = await lastPage('env.pdf', {}, { PUBLIC_BASE_URL: 'https://other.example.vn' });
    expect(env.text).toContain('https://other.example.vn/verify/doc-report-415');
  });

  it('names every invalid field', async () => {
    const file = exampleFile('report');
    (file.document as Record<string, unknown>).issuedOn = '2020-02-30';
    delete (file.campaign as Record<string, unknown>).id;
    const error = await renderFiles([write('bad.json', file)], join(dir, 'bad.pdf')).catch((e: Error) => e);
    expect(String(error)).toMatch(/\/campaign\/id: needs an id/);
    expect(String(error)).toMatch(/\/document\/issuedOn: must be a real calendar date/);
  });

  it('in a batch, writes every PDF before a bad or missing input and then names that input', async () => {
    const out = join(dir, 'batch-stops');
    const bad = exampleFile('letter');
    (bad.document as Record<string, unknown>).issuedOn = '2020-02-30';
    const first = [write('b1.json', exampleFile('report')), write('b2.json', exampleFile('proposal'))];
    const invalid = String(await renderFiles([...first, write('b3.json', bad), write('b4.json', exampleFile('letter'))], out).catch((e: Error) => e));
    expect(invalid).toMatch(/b3\.json is not a valid input: \/document\/issuedOn/);
    for (const name of ['b1.pdf', 'b2.pdf']) expect((await readPdf(readFileSync(join(out, name)))).pages.length, name).toBeGreaterThan(0);
    expect(existsSync(join(out, 'b4.pdf'))).toBe(false);
    const missing = String(await renderFiles([first[0]!, join(dir, 'nowhere.json')], join(dir, 'batch-missing')).catch((e: Error) => e));
    expect(missing).toMatch(/nowhere\.json is not readable JSON \(ENOENT/);
    expect(existsSync(join(dir, 'batch-missing', 'b1.pdf'))).toBe(true);
  });

  /** Several inputs in one process: each document comes out as if it were rendered alone. */
  describe('inputs that share their campaign data', () => {
    /** The same data in other JSON text (keys in reverse order): not recognised as seen before. */
    const reordered = (file: ReturnType<typeof exampleFile>) => ({
      ...file,
      campaign: Object.fromEntries(Object.entries(file.campaign).reverse()),
    });

    it('render the same bytes as data seen for the first time', async () => {
      const out = join(dir, 'shared');
      const report = exampleFile('report');
      const letter = exampleFile('letter');
      const inputs = [write('s1.json', report), write('s2.json', letter), write('s3.json', reordered(report)), write('s4.json', report)];
      await renderFiles(inputs, out);
      const bytes = (name: string) => readFileSync(join(out, name));
      expect(bytes('s4.pdf').equals(bytes('s1.pdf'))).toBe(true);
      expect(bytes('s3.pdf').equals(bytes('s1.pdf'))).toBe(true);
      expect((await readPdf(bytes('s2.pdf'))).info.Keywords).toBe('2311-CV/TU');
    });

    it('still name every invalid field of a document, and an unknown part of the file', async () => {
      const good = exampleFile('report');
      const bad = exampleFile('report');
      Object.assign(bad.document, { issuedOn: '2020-02-30', signer: { capacity: 'T/M' } });
      const extra = { ...exampleFile('report'), comment: 'x' };
      await renderFiles([write('g.json', good)], join(dir, 'g.pdf'));
      for (const [name, file] of [['bad', bad], ['bad-first-time', reordered(bad)]] as const) {
        const error = String(await renderFiles([write(`${name}.json`, file)], join(dir, `${name}.pdf`)).catch((e: Error) => e));
        expect(error, name).toMatch(/\/document\/issuedOn: must be a real calendar date/);
        expect(error, name).toMatch(/\/document\/signer\/title: /);
        expect(error, name).toMatch(/\/document\/signer\/fullName: /);
      }
      await expect(renderFiles([write('extra.json', extra)], join(dir, 'extra.pdf'))).rejects.toThrow(/comment/);
    });
  });
});
