import { beforeAll, describe, expect, it } from 'vitest';
import type { RenderInput } from '#core/render-input.ts';
import { MARGINS, TEXT_WIDTH } from '#templates/format-profile.ts';
import { PRODUCER, renderPdf } from '#templates/render.ts';
import { TARGET_WORDING } from '#templates/vocabulary.ts';
import { exampleInput, type DocumentKind } from './fixtures.ts';
import { expectFormatRules, flatText } from './format-rules.ts';
import { findRun, fontDescriptors, pdfDate, readPdf, type ReadPdf } from '../support/pdf-reader.ts';

/** The Quảng Ninh example, one document of each type, checked from the PDF alone. */

type Rendered = { input: RenderInput; bytes: Buffer; pages: number; pdf: ReadPdf };

async function render(kind: DocumentKind): Promise<Rendered> {
  const input = exampleInput(kind);
  const { pdf: bytes, pages } = await renderPdf(input);
  return { input, bytes, pages, pdf: await readPdf(bytes) };
}

const rendered = {} as Record<DocumentKind, Rendered>;

/** What each example document prints, written out (not built with the production formatters). */
const PRINTED: Record<DocumentKind, { number: string; placeAndDate: string; issuedAtUtc: string }> = {
  report: { number: '415-BC/TU', placeAndDate: 'Quảng Ninh, ngày 06 tháng 6 năm 2020', issuedAtUtc: '2020-06-05T17:00:00.000Z' },
  proposal: { number: '121-TTr/TU', placeAndDate: 'Quảng Ninh, ngày 06 tháng 6 năm 2020', issuedAtUtc: '2020-06-05T17:00:00.000Z' },
  letter: { number: '2311-CV/TU', placeAndDate: 'Quảng Ninh, ngày 08 tháng 6 năm 2020', issuedAtUtc: '2020-06-07T17:00:00.000Z' },
};

beforeAll(async () => {
  for (const kind of ['report', 'proposal', 'letter'] as const) rendered[kind] = await render(kind);
});

describe.each(['report', 'proposal', 'letter'] as const)('%s', (kind) => {
  it('follows FORMAT.md', () => {
    const { pdf, input } = rendered[kind];
    expectFormatRules(pdf, input);
  });

  it('counts its pages', () => {
    expect(rendered[kind].pages).toBe(rendered[kind].pdf.pages.length);
  });

  it('embeds a font program for every font it declares', () => {
    const { descriptors, embedded } = fontDescriptors(rendered[kind].bytes);
    expect(descriptors).toBeGreaterThanOrEqual(2);
    expect(embedded).toBe(descriptors);
  });

  it('carries the metadata of FORMAT.md', () => {
    const { pdf } = rendered[kind];
    expect(pdf.info.Author).toBe('TỈNH ỦY QUẢNG NINH');
    expect(pdf.info.Keywords).toBe(PRINTED[kind].number);
    expect(pdf.info.Producer).toBe(PRODUCER);
    expect(pdf.info.Title).toBe(`${{ report: 'BÁO CÁO', proposal: 'TỜ TRÌNH', letter: 'CÔNG VĂN' }[kind]} ${pdf.info.Subject}`);
    // 00:00 of the issue date in Hà Nội (UTC+7).
    expect(pdfDate(pdf.info.CreationDate)?.toISOString()).toBe(PRINTED[kind].issuedAtUtc);
    expect(pdfDate(pdf.info.ModDate)?.toISOString()).toBe(PRINTED[kind].issuedAtUtc);
  });

  it('renders the same bytes twice', async () => {
    const again = await renderPdf(exampleInput(kind));
    expect(again.pdf.equals(rendered[kind].bytes)).toBe(true);
  });

  it('writes the date with leading zeros and the number', () => {
    const { pdf } = rendered[kind];
    expect(pdf.pages[0]!.text).toContain(PRINTED[kind].placeAndDate);
    expect(pdf.pages[0]!.text).toContain(`Số ${PRINTED[kind].number}`);
  });

  it('gives back its text as NFC', () => {
    expect(rendered[kind].pdf.text).toBe(rendered[kind].pdf.text.normalize('NFC'));
  });
});

describe('report', () => {
  it('has the default subject built from the directive', () => {
    const { pdf } = rendered.report;
    expect(pdf.info.Subject).toBe(
      'tình hình thực hiện Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng',
    );
    expect(flatText(pdf)).toContain(pdf.info.Subject!);
  });

  it('prints the statistics of every level with CONTRACT §4 percents', () => {
    const text = flatText(rendered.report.pdf);
    expect(text).toContain('Tổng số 140 chi bộ trực thuộc đảng ủy cơ sở; đã tổ chức đại hội 140/140 (100%).');
    expect(text).toContain('Tổng số 69 tổ chức cơ sở đảng; đã tổ chức đại hội 69/69 (100%).');
    expect(text).toContain('Tổng số 18 đảng bộ cấp trên cơ sở; đã tổ chức đại hội 3/18 (16,7%).');
    expect(text).toContain('Có 46/69 (66,7%) đồng chí bí thư không phải là người địa phương');
    expect(text).toContain('Hoàn thành ngày 18/1/2020, sớm hơn 13 ngày so với tiến độ (ngày 31/1/2020).');
    expect(text).toContain('Kế hoạch số 308-KH/TU');
  });

  it('tables the breakthrough targets with their verdicts', () => {
    const { pdf, input } = rendered.report;
    const text = flatText(pdf);
    for (const target of input.stats.targets) {
      expect(text).toContain(TARGET_WORDING[target.metric].label);
    }
    // The verdict column is the table's last, at the right edge of the text area.
    const verdicts = pdf.pages
      .flatMap((p) => p.runs)
      .filter((r) => (r.text.trim() === 'Đạt' || r.text.trim() === 'Chưa đạt') && r.x > MARGINS.left + TEXT_WIDTH - 70);
    expect(verdicts).toHaveLength(input.stats.targets.length);
  });

  it('lists every district-level organization with its own figures', () => {
    const { pdf, input } = rendered.report;
    const text = flatText(pdf);
    for (const org of input.organizations.filter((o) => o.level === 'district')) {
      expect(text).toContain(org.name);
    }
  });

  it('gathers recommendations once each, attributed to their organizations', () => {
    const { pdf } = rendered.report;
    const text = flatText(pdf);
    const repeated = 'Đề nghị cấp trên bố trí kinh phí tổ chức đại hội phù hợp với điều kiện miền núi, hải đảo';
    expect(text.split(repeated)).toHaveLength(2);
    expect(text).toContain('(Đảng bộ phường Trần Hưng Đạo; Đảng bộ thị trấn Cô Tô; Đảng bộ xã Đông Ngũ; Đảng bộ xã Phong Dụ)');
  });

  it('repeats the table header on each page a table runs over', () => {
    const { pdf } = rendered.report;
    const pagesWithDistrictRows = pdf.pages.filter((p) => p.runs.some((r) => r.text.includes('Đảng bộ huyện')));
    for (const page of pagesWithDistrictRows) {
      expect(findRun(page, 'TT'), `header row on page ${page.number}`).toBeDefined();
    }
  });
});

describe('proposal', () => {
  it('addresses, grounds and asks', () => {
    const { pdf, input } = rendered.proposal;
    const text = flatText(pdf);
    expect(text).toContain('Kính gửi:');
    expect(text).toContain('- Bộ Chính trị;');
    expect(text).toContain('- Ban Bí thư Trung ương Đảng.');
    expect(text).toContain(input.document.proposal!.subject);
    expect(text).toContain('thực hiện thí điểm bầu trực tiếp Bí thư Tỉnh ủy tại Đại hội');
    expect(text).toContain('Việc bầu trực tiếp bí thư cấp ủy tại đại hội được thực hiện ở 69/69 (100%) đại hội tổ chức cơ sở đảng và 3/3 (100%) đại hội đảng bộ cấp trên cơ sở');
    expect(text).toContain('kính trình Bộ Chính trị, Ban Bí thư Trung ương Đảng xem xét, quyết định./.');
  });
});

describe('letter', () => {
  it('has no title, and its V/v line under the number', () => {
    const { pdf, input } = rendered.letter;
    const page = pdf.pages[0]!;
    expect(findRun(page, 'CÔNG VĂN')).toBeUndefined();
    const subject = findRun(page, 'V/v kiến nghị', true);
    const number = findRun(page, `Số ${input.document.number}`);
    expect(subject!.baseline).toBeGreaterThan(number!.baseline);
    expect(subject!.fontSize).toBe(12);
    expect(pdf.info.Subject).toBe('V/v kiến nghị của các tổ chức đảng về công tác đại hội');
  });

  it('forwards each organization’s recommendations under its name', () => {
    const { pdf, input } = rendered.letter;
    const text = flatText(pdf);
    expect(text).toContain('Kính gửi: Ban Tổ chức Trung ương');
    const withRecommendations = input.submissions.filter((s) => s.recommendations?.length);
    for (const s of withRecommendations) {
      const name = input.organizations.find((o) => o.id === s.organizationId)!.name;
      expect(text).toContain(name);
      expect(text).toContain(s.recommendations![0]!);
    }
    expect(text).toContain('- Như trên,');
  });
});

describe('documents are independent', () => {
  it('renders the same bytes after other documents have warmed the shared fonts', async () => {
    // Other faces, sizes and composite letters (ả, ạ, Ộ) go through the shared font state first.
    const report = exampleInput('report');
    const issuer = { ...report.campaign.issuer, name: 'ĐẢNG ỦY KHỐI DOANH NGHIỆP TỈNH', parentName: 'Đảng bộ tỉnh Quảng Ninh' };
    await renderPdf({ ...report, campaign: { ...report.campaign, issuer } });
    for (const kind of ['letter', 'proposal', 'report'] as const) {
      const again = await renderPdf(exampleInput(kind));
      expect(again.pdf.equals(rendered[kind].bytes), kind).toBe(true);
    }
  });
});
