/**
 * The organization's side, in a real Chromium: the sign-in link opened in a fresh browser (the
 * key leaves the address bar at once), the result form refused with the Vietnamese error beside
 * its field and the focus on it, corrected and accepted as version 2; the same by keyboard only;
 * and the congress date read back in words, whatever the browser's own date format.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newContext } from '../support/browser.ts';
import { expectAccessible, startConsole, watchPage, type Console } from './console-app.ts';
import { CAMPAIGN_BODY, CAMPAIGN_ID, DONG_COC_V1, ORGANIZATIONS } from './fixture.ts';

let c: Console;
let key: string;

beforeAll(async () => {
  c = await startConsole();
  expect((await c.call('PUT', `/campaigns/${CAMPAIGN_ID}`, CAMPAIGN_BODY)).status).toBeLessThan(300);
  expect((await c.call('PUT', `/campaigns/${CAMPAIGN_ID}/organizations`, ORGANIZATIONS)).status).toBe(200);
  expect((await c.call('POST', `/campaigns/${CAMPAIGN_ID}/submissions`, DONG_COC_V1)).status).toBe(201);
  const issued = await c.call('POST', '/keys', { role: 'submitter', campaignId: CAMPAIGN_ID, organizationId: DONG_COC_V1.organizationId, label: 'Xã Đồng Cốc' });
  key = issued.body.key;
});
afterAll(async () => c?.stop());

const ATTENDED = 'Số đại biểu có mặt';

async function openLink(): Promise<Page> {
  const page = await (await newContext(c.browser)).newPage();
  await page.goto(`${c.app.url}/#/dang-nhap?khoa=${encodeURIComponent(key)}`);
  await page.getByRole('heading', { name: 'Báo cáo kết quả đại hội', level: 1 }).waitFor();
  return page;
}

describe('an organization in the console', () => {
  it('signs in by its link, is refused in Vietnamese beside the field, corrects it and is accepted as version 2', async () => {
    const page = await openLink();
    const watch = watchPage(page);
    expect(page.url()).toBe(`${c.app.url}/#/`);
    // the form starts from the version on record
    await expect.poll(() => page.getByLabel(ATTENDED).inputValue()).toBe('105');
    await expectAccessible(page, 'submission form');

    await page.getByLabel(ATTENDED).fill('120');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    const error = page.locator('#f-congress-delegatesAttended-error');
    await expect.poll(() => error.textContent()).toBe('Không được lớn hơn số đại biểu được triệu tập.');
    const field = page.getByLabel(ATTENDED);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('aria-describedby')).toContain('f-congress-delegatesAttended-error');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-congress-delegatesAttended');
    expect(await page.getByRole('alert').innerText()).toContain('Số đại biểu có mặt: không được lớn hơn số đại biểu được triệu tập.');
    await expectAccessible(page, 'submission form with an error');

    await field.fill('108');
    await page.getByLabel('Số phiếu hợp lệ').fill('108');
    await page.getByLabel('Kiến nghị').fill('Đề nghị tỉnh hỗ trợ kinh phí đại hội cho xã vùng cao.');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByText('Đã ghi nhận báo cáo lần 2.').waitFor();
    expect(await error.count()).toBe(0);
    await expect.poll(() => page.locator('.versions > li h3').allInnerTexts()).toEqual([
      expect.stringMatching(/^Lần 2 \(đang có hiệu lực\)/),
      expect.stringMatching(/^Lần 1 — /),
    ]);
    const versions = await c.call('GET', `/campaigns/${CAMPAIGN_ID}/organizations/${DONG_COC_V1.organizationId}/submissions`);
    expect(versions.body.items[0]).toMatchObject({
      version: 2,
      congress: { delegatesAttended: 108 },
      secretary: { votes: { for: 100, valid: 108 } },
      recommendations: ['Đề nghị tỉnh hỗ trợ kinh phí đại hội cho xã vùng cao.'],
    });
    await expectAccessible(page, 'submission accepted');
    expect(watch.problems).toEqual([]);
  });

  it('signs in and submits by keyboard alone', async () => {
    const page = await (await newContext(c.browser)).newPage();
    const watch = watchPage(page);
    await page.goto(c.app.url);
    const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
    const tabTo = async (id: string) => {
      for (let i = 0; i < 40 && (await focused()) !== id; i++) await page.keyboard.press('Tab');
      expect(await focused()).toBe(id);
    };
    await tabTo('khoa');
    await page.keyboard.type(key);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Báo cáo kết quả đại hội', level: 1 }).waitFor();
    await expect.poll(() => page.getByLabel(ATTENDED).inputValue()).toBe('108');

    await tabTo('f-secretary-fullName');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Vi Thị Mai');
    // the radio group "elected directly": arrow keys move the choice; "No" hides the vote counts
    await tabTo('f-secretary-electedDirectly-co');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByLabel('Số phiếu hợp lệ').count()).toBe(0);
    await tabTo('f-committeeSize');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('15');
    // from a text box, Enter submits the form
    await page.keyboard.press('Enter');
    await page.getByText('Đã ghi nhận báo cáo lần 3.').waitFor();
    const latest = (await c.call('GET', `/campaigns/${CAMPAIGN_ID}/organizations/${DONG_COC_V1.organizationId}/submissions`)).body.items[0];
    expect(latest).toMatchObject({ version: 3, committeeSize: 15, secretary: { fullName: 'Vi Thị Mai', electedDirectly: false } });
    expect(latest.secretary.votes).toBeUndefined();

    // sign-out is reachable by keyboard too, and forgets the key
    await tabTo('dang-xuat');
    await page.keyboard.press('Enter');
    await page.getByLabel('Khóa truy cập').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(watch.problems).toEqual([]);
  });

  it('reads the congress date back in words under its picker, also in a browser set to English', async () => {
    // An English browser shows the picker as month/day/year: 05/08/2020 would be read as 5 August here.
    const page = await (await c.browser.newContext({ locale: 'en-US', timezoneId: 'Asia/Ho_Chi_Minh' })).newPage();
    const watch = watchPage(page);
    await page.goto(`${c.app.url}/#/dang-nhap?khoa=${encodeURIComponent(key)}`);
    const picker = page.getByLabel('Ngày đại hội');
    const words = page.locator('#f-congress-heldOn-words');
    // the version on record, 2020-05-08
    await expect.poll(() => words.textContent()).toBe('Ngày 08 tháng 5 năm 2020');
    expect(await picker.getAttribute('aria-describedby')).toContain('f-congress-heldOn-words');
    await picker.fill('2021-02-03');
    await expect.poll(() => words.textContent()).toBe('Ngày 03 tháng 02 năm 2021');
    await picker.fill('');
    await expect.poll(() => words.count()).toBe(0);
    expect(await picker.getAttribute('aria-describedby')).toBeNull();
    await expectAccessible(page, 'submission form, date cleared');
    expect(watch.problems).toEqual([]);
  });
});
