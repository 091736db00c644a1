import { describe, expect, it } from 'vitest';
import { MARGINS, TEXT_WIDTH } from '#templates/format-profile.ts';
import { renderPdf } from '#templates/render.ts';
import { exampleFile, toInput, type RenderFile } from './fixtures.ts';
import { expectFormatRules, flatText } from './format-rules.ts';
import { findRun, readPdf } from '../support/pdf-reader.ts';

/** Unusual data: FORMAT.md's rules must hold whatever goes in. */

async function renderFile(file: RenderFile) {
  const input = toInput(file);
  const { pdf: bytes, pages } = await renderPdf(input);
  const pdf = await readPdf(bytes);
  expectFormatRules(pdf, input);
  return { input, bytes, pages, pdf };
}

/** A name of exactly `length` characters, words of Vietnamese letters. */
function longName(prefix: string, length: number): string {
  const words = ['Đảng', 'bộ', 'Khối', 'doanh', 'nghiệp', 'cơ', 'quan', 'Nguyễn', 'Thị', 'Hồng', 'Quảng', 'Ninh'];
  let name = prefix;
  for (let i = 0; name.length < length; i++) name += ` ${words[i % words.length]}`;
  return name.slice(0, length).trimEnd().padEnd(length, 'h');
}

function submissionFor(organizationId: string, heldOn: string, extra: Record<string, unknown> = {}) {
  return {
    organizationId,
    congress: { heldOn, delegatesElected: 100, delegatesAttended: 98 },
    secretary: {
      fullName: 'Trần Văn Bình',
      electedDirectly: true,
      votes: { for: 97, valid: 98 },
      isLocal: false,
      concurrentRole: 'people-committee-chair',
    },
    committeeSize: 9,
    ...extra,
  };
}

/** `districts` district-level organizations, each with one grassroots organization and two branches. */
function bigCampaign(districts: number, nameOf: (i: number) => string = (i) => `Đảng bộ huyện số ${i + 1}`): RenderFile {
  const file = exampleFile('report');
  file.organizations = [];
  file.submissions = [];
  for (let i = 0; i < districts; i++) {
    const d = `d-${i}`;
    const g = `${d}-g`;
    file.organizations.push(
      { id: d, name: nameOf(i), level: 'district', unit: 'district' },
      { id: g, name: `Đảng bộ xã số ${i + 1}`, level: 'grassroots', unit: 'commune', parentId: d },
      { id: `${g}-b1`, name: 'Chi bộ thôn 1', level: 'branch', unit: 'village', parentId: g },
      { id: `${g}-b2`, name: 'Chi bộ thôn 2', level: 'branch', unit: 'village', parentId: g },
    );
    file.submissions.push(submissionFor(g, '2020-04-10'), submissionFor(`${g}-b1`, '2020-01-18'));
    if (i % 3 === 0) file.submissions.push(submissionFor(d, '2020-05-20'));
  }
  return file;
}

describe('stress', () => {
  it('1,000 organizations: the district table runs over many pages, its header repeated', async () => {
    const { pdf, input } = await renderFile(bigCampaign(250));
    expect(input.organizations).toHaveLength(1000);
    expect(pdf.pages.length).toBeGreaterThan(6);
    const tablePages = pdf.pages.filter((p) => p.runs.some((r) => r.text.includes('Đảng bộ huyện số')));
    expect(tablePages.length).toBeGreaterThan(4);
    for (const page of tablePages) expect(findRun(page, 'TT'), `header on page ${page.number}`).toBeDefined();
    const text = flatText(pdf);
    for (let i = 1; i <= 250; i++) expect(text).toContain(`Đảng bộ huyện số ${i} `);
    expect(text).toContain('Tổng cộng 84/250 250/250 250 250/500');
  });

  it('names of 200 characters wrap inside the margins (issuer, superior body, organizations, signer)', async () => {
    const file = bigCampaign(12, (i) => longName(`Đảng bộ ${i + 1}`, 200));
    file.campaign.issuer.name = longName('TỈNH ỦY', 200).toLocaleUpperCase('vi');
    file.campaign.issuer.parentName = longName('BAN CHẤP HÀNH', 200).toLocaleUpperCase('vi');
    file.document.signer = { capacity: 'T/M BAN THƯỜNG VỤ', title: 'BÍ THƯ', fullName: longName('Nguyễn', 100) };
    file.document.recipients = [longName('Ban', 200), 'Ban Tổ chức Trung ương'];
    // One organization's name is a single 200-character word: it must still stay in its cell.
    file.organizations[4]!.name = 'Đ'.repeat(200);
    const { pdf, input } = await renderFile(file);
    const text = flatText(pdf).replace(/\s+/g, '');
    for (const org of input.organizations.filter((o) => o.level === 'district')) {
      expect(text).toContain(org.name.replace(/\s+/g, ''));
    }
  });

  it('300 recommendations, duplicates gathered once', async () => {
    const file = bigCampaign(150);
    let n = 0;
    for (const s of file.submissions) {
      if (n >= 300) break;
      const distinct = `Đề nghị số ${++n} về công tác chuẩn bị nhân sự đại hội, bảo đảm đúng quy trình.`;
      s.recommendations = [distinct, '  đề nghị   TĂNG CƯỜNG tập huấn nghiệp vụ cho cấp ủy cơ sở  ', 'Đề nghị tăng cường tập huấn nghiệp vụ cho cấp ủy cơ sở.'];
    }
    const { pdf } = await renderFile(file);
    const text = flatText(pdf);
    expect(text).toContain('có 301 nội dung kiến nghị, đề xuất');
    expect(text).toContain('Đề nghị số 300 về công tác');
    expect(text.match(/tập huấn nghiệp vụ cho cấp ủy cơ sở/giu)).toHaveLength(1);
  });

  it('a committee with a superior body prints it above the issuer', async () => {
    const file = exampleFile('report');
    file.campaign.issuer = { ...file.campaign.issuer, name: 'HUYỆN ỦY ĐÔNG TRIỀU', code: 'HU', place: 'Đông Triều', parentName: 'Đảng bộ tỉnh Quảng Ninh' };
    const { pdf } = await renderFile(file);
    const page = pdf.pages[0]!;
    // Noto Serif is wider than Times: the superior body wraps within the left column, above the issuer.
    const parent = findRun(page, 'ĐẢNG BỘ TỈNH', true)!;
    const issuer = findRun(page, 'HUYỆN ỦY ĐÔNG TRIỀU')!;
    expect(parent.fontSize).toBe(14);
    expect(parent.baseline).toBeLessThan(issuer.baseline);
    expect(findRun(page, 'Số 415-BC/HU')).toBeDefined();
    expect(flatText(pdf)).toContain('Ban Thường vụ Huyện ủy Đông Triều');
  });

  it('a letter dated in February writes `ngày 05 tháng 02`', async () => {
    const file = exampleFile('letter');
    file.document.issuedOn = '2021-02-05';
    file.document.asOf = '2021-02-05';
    file.document.subject = 'V/v tổng hợp kiến nghị sau đại hội';
    const { pdf } = await renderFile(file);
    expect(findRun(pdf.pages[0]!, 'Quảng Ninh, ngày 05 tháng 02 năm 2021')).toBeDefined();
    expect(pdf.pages[0]!.runs.map((r) => r.text)).toContain('V/v tổng hợp kiến nghị sau đại hội');
    expect(flatText(pdf)).not.toContain('V/v V/v');
  });

  it('a report where no target is met says so, target by target', async () => {
    const file = exampleFile('report');
    for (const s of file.submissions) {
      s.secretary = { fullName: 'Lê Văn Nam', electedDirectly: false, isLocal: true, concurrentRole: null };
    }
    const { pdf, input } = await renderFile(file);
    expect(input.stats.targets.every((t) => !t.met)).toBe(true);
    const verdictColumn = MARGINS.left + TEXT_WIDTH - 70;
    const verdicts = pdf.pages.flatMap((p) => p.runs).filter((r) => r.x > verdictColumn && r.text.trim() === 'Chưa đạt');
    expect(verdicts).toHaveLength(input.stats.targets.length);
    expect(flatText(pdf)).toContain('Chưa đạt chỉ tiêu đột phá nào trong 6 chỉ tiêu đề ra');
  });

  it('before any congress: percents print as `-` and the pending levels say so', async () => {
    const file = exampleFile('report');
    file.document.asOf = '2019-12-31';
    file.document.issuedOn = '2020-01-02';
    const { pdf } = await renderFile(file);
    const text = flatText(pdf);
    expect(text).toContain('đã tổ chức đại hội 0/140 (0%)');
    expect(text).toContain('chưa có');
    expect(text).toContain('Các tổ chức đảng không có kiến nghị');
  });
});
