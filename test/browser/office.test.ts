/**
 * The office's day in the console, in a real Chromium against the real local app: sign in with
 * the bootstrap key, create a campaign, load its organizations, import the CSV with one bad row
 * (its Vietnamese error by row and column), the dashboard equal to /stats, the organizations
 * searched without diacritics, a document previewed, issued, downloaded and recalled, and a
 * submitter key issued with its sign-in link. axe-core on every page; injected markup never runs.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileChooserOf, newContext, PHONE } from '../support/browser.ts';
import { expectAccessible, signIn, startConsole, watchPage, type Console } from './console-app.ts';
import { BAD_CSV_ROW, CAMPAIGN_FORM, CAMPAIGN_ID, CSV, ORGANIZATIONS, XSS_NAME } from './fixture.ts';

const LEVEL_HEADINGS = { branch: 'Chi bộ trực thuộc đảng ủy cơ sở', grassroots: 'Tổ chức cơ sở đảng', district: 'Đảng bộ cấp trên cơ sở' } as const;

let c: Console;
let page: Page;
let watch: { problems: string[] };

beforeAll(async () => {
  c = await startConsole();
  const context = await newContext(c.browser);
  page = await context.newPage();
  watch = watchPage(page);
});
afterAll(async () => c?.stop());

describe('the office in the console', () => {
  it('signs in with the key, refusing a wrong one in Vietnamese', async () => {
    await page.goto(c.app.url);
    await expectAccessible(page, 'sign-in');
    await page.getByLabel('Khóa truy cập').fill('cdk_wrong_key');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.locator('#khoa-error').textContent()).toContain('Khóa không hợp lệ');
    await signIn(page, c.app.url, c.app.bootstrapKey!);
    await page.getByRole('heading', { name: 'Đợt đại hội', level: 1 }).waitFor();
    await expectAccessible(page, 'campaigns');
  });

  it('creates a campaign with the form', async () => {
    await page.getByRole('link', { name: 'Tạo đợt đại hội mới' }).click();
    await expectAccessible(page, 'new campaign');
    for (const [label, value] of Object.entries(CAMPAIGN_FORM)) await page.getByLabel(label, { exact: true }).fill(value);
    // a code the API refuses (upper case, a space), then a target over 100%: each said beside its field
    await page.getByLabel('Mã đợt', { exact: true }).fill('BG 2020');
    await page.getByRole('button', { name: 'Tạo đợt đại hội' }).click();
    await expect.poll(() => page.locator('#f-path-campaignId-error').textContent()).toBe('Sai định dạng.');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-path-campaignId');
    await page.getByLabel('Mã đợt', { exact: true }).fill(CAMPAIGN_ID);
    await page.getByLabel('Bí thư cấp xã kiêm chủ tịch UBND', { exact: true }).fill('150');
    await page.getByRole('button', { name: 'Tạo đợt đại hội' }).click();
    await expect.poll(() => page.locator('#f-targets-communeConcurrentChairPercent-error').textContent()).toBe('Không được lớn hơn 100.');
    await expectAccessible(page, 'campaign form with errors');
    await page.getByLabel('Bí thư cấp xã kiêm chủ tịch UBND', { exact: true }).fill(CAMPAIGN_FORM['Bí thư cấp xã kiêm chủ tịch UBND']);
    await page.getByRole('button', { name: 'Tạo đợt đại hội' }).click();
    await page.getByRole('heading', { name: 'Tổng quan', level: 1 }).waitFor();
    const stored = await c.call('GET', `/campaigns/${CAMPAIGN_ID}`);
    expect(stored.body).toMatchObject({
      issuer: { name: 'TỈNH ỦY BẮC GIANG', place: 'Bắc Giang', code: 'TU', archiveCode: 'VPTU' },
      deadlines: { branch: '2020-02-29', grassroots: '2020-06-30', district: '2020-08-31' },
      targets: { communeNonLocalPercent: 60, communeConcurrentChairPercent: 50 },
      lastNumbers: { BC: 27 },
      plan: { number: '156-KH/TU' },
    });
  });

  it('loads the organizations and imports the CSV, showing the bad row by row and column in Vietnamese', async () => {
    await page.getByRole('link', { name: 'Nhập, xuất dữ liệu' }).click();
    await page.getByLabel('Tệp danh sách tổ chức (JSON)').setInputFiles({ name: 'to-chuc.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(ORGANIZATIONS)) });
    await page.getByRole('button', { name: 'Cập nhật danh sách' }).click();
    await page.getByText(`Đã cập nhật ${ORGANIZATIONS.length} tổ chức.`).waitFor();

    // the file chooser speaks Vietnamese whatever the browser's language: its button opens the
    // browser's dialog, and the chosen file's name shows beside it
    const chosen = page.locator('#tep-csv-name');
    expect(await chosen.textContent()).toBe('Chưa chọn tệp');
    const dialog = await fileChooserOf(page, () => page.locator('label[for="tep-csv"].button').click());
    expect(await page.locator('label[for="tep-csv"].button').textContent()).toBe('Chọn tệp…');
    await dialog.setFiles({ name: 'chon.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await expect.poll(() => chosen.textContent()).toBe('chon.csv');

    // a file the server could not read is refused before anything is sent, in Vietnamese
    const unclosed = `${CSV.split('\n')[0]}\n"never closed\n`;
    await page.getByLabel('Tệp CSV', { exact: true }).setInputFiles({ name: 'hong.csv', mimeType: 'text/csv', buffer: Buffer.from(unclosed) });
    await expect.poll(() => chosen.textContent()).toBe('hong.csv');
    await page.getByRole('button', { name: 'Nhập tệp' }).click();
    await page.getByRole('alert').getByText('Tệp CSV không hợp lệ: dòng 1 mở dấu ngoặc kép mà không đóng.').waitFor();

    await page.getByLabel('Tệp CSV', { exact: true }).setInputFiles({ name: 'ket-qua.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByRole('button', { name: 'Nhập tệp' }).click();
    await page.getByText('Đã lưu 4 dòng, 1 dòng bị từ chối', { exact: false }).waitFor();
    const bad = page.locator(`tr[data-row="${BAD_CSV_ROW}"]`);
    await expect.poll(() => bad.innerText()).toMatch(/Dòng 3.*heldOn \(Ngày đại hội\).*Bị từ chối: Ngày không hợp lệ/s);
    expect(await page.locator('tr[data-row="1"]').innerText()).toContain('Đã lưu, báo cáo lần 1');
    await expectAccessible(page, 'import results');

    // the template is served with the console
    const template = await page.evaluate(async () => (await fetch('/assets/submissions.csv')).text());
    expect(template.split('\n')[0]).toBe(CSV.split('\n')[0]);
  });

  it('shows on the dashboard the same figures and verdicts as /stats', async () => {
    await page.getByRole('link', { name: 'Tổng quan' }).click();
    await page.locator('.levels').waitFor();
    const asOf = await page.getByLabel('Số liệu tính đến ngày').inputValue();
    const stats = (await c.call('GET', `/campaigns/${CAMPAIGN_ID}/stats?asOf=${asOf}`)).body;
    for (const [level, heading] of Object.entries(LEVEL_HEADINGS)) {
      const card = page.getByRole('region', { name: heading });
      const s = stats.levels[level];
      expect(await card.locator('.held').innerText()).toBe(`${s.held}/${s.total}`);
    }
    expect(stats.levels.grassroots).toMatchObject({ held: 1, total: 3 });
    // the grassroots deadline (2020-06-30) is long past with two communes missing
    expect(await page.getByRole('region', { name: LEVEL_HEADINGS.grassroots }).innerText()).toMatch(/Đã quá hạn \d+ ngày/);
    expect(await page.getByRole('region', { name: LEVEL_HEADINGS.branch }).innerText()).toMatch(/Đã quá hạn|Hoàn thành/);
    const rows = page.locator('table.targets tbody tr');
    expect(await rows.count()).toBe(stats.targets.length);
    for (const t of stats.targets) {
      expect(await page.locator(`tr[data-metric="${t.metric}"] td`).last().innerText()).toBe(t.met ? '✓ Đạt' : '✗ Chưa đạt');
    }
    await page.locator('figure.chart > svg path').first().waitFor();
    expect(await page.locator('figure.chart > svg').getAttribute('aria-labelledby')).toBe('chart-title chart-desc');
    expect(await page.locator('#chart-desc').textContent()).toContain(`${LEVEL_HEADINGS.grassroots}: 1/3`);
    await expectAccessible(page, 'dashboard');

    // the campaign form again, filled from what is stored
    await page.getByRole('link', { name: 'Thông tin đợt' }).click();
    await expect.poll(() => page.getByLabel('Tên cơ quan ban hành').inputValue()).toBe('TỈNH ỦY BẮC GIANG');
    await expectAccessible(page, 'campaign form');
    await page.getByRole('link', { name: 'Tổng quan' }).click();
  });

  it('searches organizations with or without diacritics, filters by state, and shows markup as text', async () => {
    await page.getByRole('link', { name: 'Tổ chức', exact: true }).click();
    const search = page.getByLabel('Tìm theo tên');
    await search.fill('bich dong');
    await expect.poll(() => page.locator('table.organizations tbody tr').allInnerTexts()).toEqual([expect.stringContaining('Đảng bộ phường Bích Động')]);
    await search.fill('đồng cốc');
    await expect.poll(() => page.locator('table.organizations tbody tr').count()).toBe(1);
    await search.fill('DONG COC');
    await expect.poll(() => page.locator('table.organizations tbody tr td').first().innerText()).toBe('Đảng bộ xã Đồng Cốc');
    await search.fill('');
    await page.getByLabel('Trạng thái').selectOption('late');
    await expect.poll(() => page.locator('table.organizations tbody tr').count()).toBe(4);
    await page.getByLabel('Trạng thái').selectOption('');
    await page.getByLabel('Cấp').selectOption('branch');
    const markup = page.getByRole('link', { name: XSS_NAME, exact: true });
    await markup.waitFor();
    expect(await page.locator('table.organizations img').count()).toBe(0);
    await expectAccessible(page, 'organizations');
    await markup.click();
    await page.getByRole('heading', { name: XSS_NAME, level: 1 }).waitFor();
    expect(await page.locator('main img').count()).toBe(0);
    await page.getByRole('link', { name: '‹ Danh sách tổ chức' }).click();

    await page.getByLabel('Cấp').selectOption('');
    await page.getByRole('link', { name: 'Đảng bộ phường Bích Động' }).click();
    await page.getByRole('heading', { name: 'Đảng bộ phường Bích Động', level: 1 }).waitFor();
    expect(await page.locator('.versions').innerText()).toMatch(/Lần 1 \(đang có hiệu lực\)[\s\S]*Trần Thị Hoa/);
    await expectAccessible(page, 'organization');
  });

  it('exports the latest submissions as a CSV a spreadsheet reads (UTF-8 with BOM)', async () => {
    await page.getByRole('link', { name: 'Nhập, xuất dữ liệu' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải tệp CSV' }).click()]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('Trần Thị Hoa');
    expect(download.suggestedFilename()).toBe(`bao-cao-${CAMPAIGN_ID}.csv`);
  });

  it('previews a report, issues exactly that, downloads it and recalls it with a reason', async () => {
    await page.getByRole('link', { name: 'Văn bản', exact: true }).click();
    await page.getByLabel('Loại văn bản').selectOption('report');
    await page.getByLabel('Ngày ban hành').fill('2020-06-06');
    await page.getByLabel('Số liệu tính đến ngày').fill('2020-05-31');
    await page.getByLabel('Kính gửi').fill('Ban Bí thư Trung ương Đảng');
    await page.getByLabel('Nơi nhận').fill('Ban Tổ chức Trung ương\nThường trực Tỉnh ủy');
    await page.getByLabel('Họ và tên người ký').fill('Dương Văn Thái');
    const issue = page.getByRole('button', { name: 'Phát hành' });
    expect(await issue.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const frame = page.locator('.preview iframe');
    await frame.waitFor();
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    const [preview] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải bản xem trước (PDF)' }).click()]);
    expect(readFileSync((await preview.path())!).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await c.call('GET', `/campaigns/${CAMPAIGN_ID}/documents`)).body.items).toEqual([]);
    await expectAccessible(page, 'documents with preview');

    await issue.click();
    const row = page.locator('table.documents tbody tr').first();
    await expect.poll(() => row.locator('th').innerText()).toBe('28-BC/TU');
    await expect.poll(() => row.locator('td.status').innerText(), { timeout: 30_000 }).toBe('Đã phát hành');

    const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), row.getByRole('button', { name: 'Tải về văn bản số 28-BC/TU' }).click()]);
    const bytes = readFileSync((await pdf.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const documentId = await row.getAttribute('data-document');
    expect((await c.call('GET', `/documents/${documentId}`)).body.bytes).toBe(bytes.length);

    await row.getByRole('button', { name: 'Thu hồi văn bản số 28-BC/TU' }).click();
    const dialog = page.getByRole('dialog', { name: 'Thu hồi văn bản số 28-BC/TU' });
    await dialog.waitFor();
    await expectAccessible(page, 'recall dialog');
    await dialog.getByLabel('Lý do thu hồi').fill('Số liệu xã Ninh Sơn chưa đúng');
    await dialog.getByRole('button', { name: 'Thu hồi' }).click();
    await expect.poll(() => row.locator('td.status').innerText()).toMatch(/^Đã thu hồi.*Lý do: Số liệu xã Ninh Sơn chưa đúng$/s);
    expect((await c.call('GET', `/documents/${documentId}`)).body).toMatchObject({ status: 'recalled', recallReason: 'Số liệu xã Ninh Sơn chưa đúng' });
  });

  it('issues a submitter key shown once with its sign-in link, lists it and revokes it', async () => {
    await page.getByRole('link', { name: 'Khóa truy cập' }).click();
    await page.getByLabel('Vai trò').selectOption('submitter');
    await page.getByLabel('Mã đợt đại hội').fill(CAMPAIGN_ID);
    await page.getByLabel('Mã tổ chức').fill('luc-ngan-x-dong-coc');
    await page.getByLabel('Ghi chú của khóa').fill('Xã Đồng Cốc');
    await page.getByRole('button', { name: 'Cấp khóa' }).click();
    const key = (await page.locator('#khoa-moi').innerText()).trim();
    expect(key).toMatch(/^cdk_/);
    expect(await page.locator('#lien-ket-moi').innerText()).toBe(`${c.app.url}/#/dang-nhap?khoa=${encodeURIComponent(key)}`);
    expect((await c.call('GET', '/me', undefined, { key })).body).toMatchObject({ role: 'submitter', organizationId: 'luc-ngan-x-dong-coc' });
    await expectAccessible(page, 'keys');
    // the commune opens its link in its own browser
    const commune = await (await newContext(c.browser)).newPage();
    await commune.goto(await page.locator('#lien-ket-moi').innerText());
    await commune.getByRole('heading', { name: 'Báo cáo kết quả đại hội', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Thu hồi khóa Xã Đồng Cốc' }).click();
    await page.getByRole('dialog', { name: 'Thu hồi khóa' }).getByRole('button', { name: 'Thu hồi khóa' }).click();
    await expect.poll(() => page.getByRole('row', { name: /Xã Đồng Cốc/ }).innerText()).toContain('Đã thu hồi');
    expect((await c.call('GET', '/me', undefined, { key })).status).toBe(401);
    // a revoked key is refused at its next request, and the tab is back at the sign-in
    await commune.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await expect.poll(() => commune.locator('#khoa-error').textContent()).toBe('Khóa không hợp lệ hoặc đã bị thu hồi. Hãy đăng nhập lại.');
    expect(await commune.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('on a phone shows every list as one card per record, each value after its column name, nothing to scroll sideways', async () => {
    const phone = await (await newContext(c.browser, PHONE)).newPage();
    const phoneWatch = watchPage(phone);
    await signIn(phone, c.app.url, c.app.bootstrapKey!);
    const lists = [
      { address: `#/dot/${CAMPAIGN_ID}/to-chuc`, table: 'organizations', record: /Đảng bộ xã Đồng Cốc/, label: 'Cấp' },
      { address: `#/dot/${CAMPAIGN_ID}/van-ban`, table: 'documents', record: /Đã thu hồi/, label: 'Ngày ban hành' },
      { address: '#/khoa', table: 'keys', record: /Xã Đồng Cốc/, label: 'Vai trò' },
    ];
    for (const list of lists) {
      await phone.goto(`${c.app.url}/${list.address}`);
      const record = phone.getByRole('row', { name: list.record }).first();
      await record.waitFor();
      const seen = await phone.evaluate((name) => {
        const table = document.querySelector(`table.${name}`)!;
        return {
          pageFits: document.documentElement.scrollWidth <= window.innerWidth,
          tableFits: table.scrollWidth <= table.clientWidth,
          headerHeight: table.querySelector('thead')!.getBoundingClientRect().height,
          cardWidth: table.querySelector('tbody tr')!.getBoundingClientRect().width,
          labels: Array.from(table.querySelector('tbody tr')!.children, (cell) => getComputedStyle(cell, '::before').content),
        };
      }, list.table);
      expect(seen, list.table).toMatchObject({ pageFits: true, tableFits: true });
      expect(seen.headerHeight, `${list.table}: headers hidden from the eye`).toBeLessThanOrEqual(1);
      expect(seen.cardWidth, `${list.table}: a card as wide as the screen`).toBeGreaterThan(300);
      expect(seen.labels, `${list.table}: each value after its column name`).toContainEqual(expect.stringContaining(`${list.label}: `));
      expect(seen.labels.filter((l) => l === 'none'), `${list.table}: no value without its name`).toEqual([]);
      // still a table to a screen reader: the record is a row of cells under their column headers
      expect(await record.getByRole('cell').count(), list.table).toBeGreaterThanOrEqual(3);
      expect(await phone.getByRole('columnheader', { name: list.label }).count(), list.table).toBe(1);
      await expectAccessible(phone, `${list.table} on a phone`);
    }
    // at an office desktop's size the same list is a table with visible column headers
    await page.getByRole('link', { name: 'Khóa truy cập' }).click();
    expect(await page.getByRole('columnheader', { name: 'Vai trò' }).evaluate((th) => th.getBoundingClientRect().height)).toBeGreaterThan(10);
    expect(await page.locator('table.keys tbody td').first().evaluate((td) => getComputedStyle(td).display)).toBe('table-cell');
    expect(phoneWatch.problems).toEqual([]);
  });

  it('forgets the key on sign-out', async () => {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByLabel('Khóa truy cập').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(watch.problems).toEqual([]);
  });
});
