import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  it('names every invalid field', async () => {
    const file = exampleFile('report');
    (file.document as Record<string, unknown>).issuedOn = '2020-02-30';
    delete (file.campaign as Record<string, unknown>).id;
    await expect(renderFiles([write('bad.json', file)], join(dir, 'bad.pdf'))).rejects.toThrow(
      /\/campaign\/id.*|\/document\/issuedOn/,
    );
  });
});
