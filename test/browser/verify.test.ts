/**
 * The verify page as a phone opens it from a document's QR code, in a real Chromium at 390×844,
 * against the local app with another province's data (Bắc Giang): the facts, the downloaded PDF
 * picked → authentic, another file → not the issued file, a recalled document, an unknown id,
 * the page without JavaScript, keyboard focus, and axe-core. Writes docs/verify-phone.png when
 * UPDATE_DOCS_SCREENSHOTS=1 (the document's id, hence its digest, changes every run).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueReport, REPORT_NUMBER, verifyAddress } from '../e2e/verify-fixture.ts';
import { fileChooserOf, PHONE } from '../support/browser.ts';
import { expectAccessible, startConsole, watchPage, type Console } from './console-app.ts';

const SCREENSHOT = new URL('../../docs/verify-phone.png', import.meta.url);

let t: Console;
let phone: BrowserContext;
let issued: Awaited<ReturnType<typeof issueReport>>;
let sha256: string;

/** A phone: its size, touch, Vietnamese locale and time zone; JavaScript as the test says. */
const phoneContext = (javaScriptEnabled = true) =>
  t.browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    javaScriptEnabled,
  });

/** Opens a page, watched for what must never happen (a dialog, a script error, a CSP refusal). */
async function open(context: BrowserContext, url: string) {
  const page = await context.newPage();
  const { problems } = watchPage(page);
  const response = await page.goto(url);
  return { page, status: response?.status(), problems };
}

/** The value the page prints beside a term of its facts. */
const factOf = (page: Page, term: string) => page.locator('dl.facts .fact', { has: page.locator('dt', { hasText: term }) }).locator('dd');

const pdfFile = (name: string, bytes: Uint8Array) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(bytes) });

beforeAll(async () => {
  t = await startConsole();
  issued = await issueReport(t, 'bg-2020');
  sha256 = createHash('sha256').update(issued.pdf).digest('hex');
  phone = await phoneContext();
});
afterAll(() => t?.stop());

describe('the verify page on a phone', () => {
  it('shows the facts, says the downloaded PDF is the issued file and another is not', async () => {
    const { page, status, problems } = await open(phone, verifyAddress(t, issued.doc.id));
    expect(status).toBe(200);
    await expect.poll(() => page.title()).toBe(`Xác minh văn bản số ${REPORT_NUMBER}`);
    const fact = (term: string) => factOf(page, term);
    expect(await fact('Số, ký hiệu').textContent()).toBe(REPORT_NUMBER);
    expect(await fact('Cơ quan ban hành').textContent()).toBe('TỈNH ỦY BẮC GIANG');
    expect(await fact('Ngày ban hành').textContent()).toBe('ngày 15 tháng 6 năm 2020');
    expect(await fact('Loại văn bản').textContent()).toBe('Báo cáo');
    expect((await fact('Tình trạng').textContent())?.trim()).toBe('Đã phát hành');

    // The picker is the script's: it shows only when /assets/verify.js ran under the CSP.
    const picker = page.getByLabel('Chọn tệp PDF');
    await page.locator('label[for=file]').waitFor({ state: 'visible' });
    await picker.setInputFiles(pdfFile('28-BC-TU.pdf', issued.pdf));
    const verdict = page.getByRole('status');
    await expect.poll(() => verdict.locator('.verdict-title').textContent()).toBe('Đúng là tệp đã phát hành');
    expect(await verdict.locator('[data-slot=digest]').textContent()).toBe(sha256);
    expect(await verdict.locator('[data-slot=file-name]').textContent()).toBe('28-BC-TU.pdf');
    await expectAccessible(page, 'verify page, the issued file');

    const shot = await page.screenshot({ fullPage: true });
    expect(shot.readUInt32BE(16)).toBe(PHONE.width * 2); // PNG width: the phone's, at 2× pixels
    if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') writeFileSync(SCREENSHOT, shot);

    const altered = issued.pdf.slice();
    const at = altered.length - 10;
    altered[at] = altered[at]! ^ 1; // one bit of the issued file changed
    await picker.setInputFiles(pdfFile('28-BC-TU (sửa).pdf', altered));
    await expect.poll(() => verdict.locator('.verdict-title').textContent()).toBe('Không phải tệp đã phát hành');
    expect(await verdict.locator('[data-slot=file-name]').textContent()).toBe('28-BC-TU (sửa).pdf');
    await expectAccessible(page, 'verify page, another file');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('is used with the keyboard alone: the picker takes focus visibly and opens with Space', async () => {
    const { page } = await open(phone, verifyAddress(t, issued.doc.id));
    await page.locator('label[for=file]').waitFor({ state: 'visible' });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('file');
    const outline = await page.locator('label[for=file]').evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe('solid');
    const chooser = await fileChooserOf(page, () => page.keyboard.press('Space'));
    await chooser.setFiles(pdfFile('28-BC-TU.pdf', issued.pdf));
    await expect.poll(() => page.getByRole('status').locator('.verdict-title').textContent()).toBe('Đúng là tệp đã phát hành');
    await page.close();
  });

  it('works without JavaScript: a pasted upper-case digest gets the verdict from the server', async () => {
    const noScript = await phoneContext(false);
    const { page } = await open(noScript, verifyAddress(t, issued.doc.id));
    expect(await page.getByLabel('Chọn tệp PDF').isVisible()).toBe(false);
    await page.getByLabel('Hoặc dán mã SHA-256 của tệp').fill(sha256.toUpperCase());
    await page.getByRole('button', { name: 'Kiểm tra mã' }).click();
    await page.waitForURL(/\?sha256=/);
    expect(await page.getByRole('status').locator('.verdict-title').textContent()).toBe('Đúng là tệp đã phát hành');
    // Not noScript.close(): @sparticuz/chromium runs --single-process, where closing a context
    // takes the browser down; browser.close() ends it.
    await page.close();
  });

  it('says so where the browser cannot hash (plain http on a network address), and keeps the digest form', async () => {
    const page = await phone.newPage();
    const { problems } = watchPage(page);
    // What a browser gives a page outside a secure context: no crypto.subtle.
    await page.addInitScript(() => Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined }));
    await page.goto(verifyAddress(t, issued.doc.id));
    const verdict = page.getByRole('status');
    await expect.poll(() => verdict.locator('.verdict-title').textContent()).toBe('Trình duyệt không tính được mã SHA-256 ở đây');
    expect(await page.locator('label[for=file]').isVisible()).toBe(false);
    expect(await page.getByLabel('Hoặc dán mã SHA-256 của tệp').isVisible()).toBe(true);
    await expectAccessible(page, 'verify page without WebCrypto');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a Vietnamese "not found" page for an unknown id', async () => {
    const { page, status, problems } = await open(phone, verifyAddress(t, '5f0c1a52-0000-4000-8000-000000000000'));
    expect(status).toBe(404);
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('Không tìm thấy văn bản');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await expectAccessible(page, 'not-found page');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a recalled document as "Đã thu hồi" with the date, and its file as issued but recalled', async () => {
    const recalled = await t.call('POST', `/documents/${issued.doc.id}:recall`, { reason: 'Ban hành nhầm số liệu' });
    expect(recalled.status, recalled.text).toBe(200);
    const { page, problems } = await open(phone, verifyAddress(t, issued.doc.id));
    expect(await factOf(page, 'Tình trạng').textContent()).toMatch(/^Đã thu hồi ngày \d{2} tháng \d{1,2} năm \d{4}$/);
    await page.getByLabel('Chọn tệp PDF').setInputFiles(pdfFile('28-BC-TU.pdf', issued.pdf));
    await expect
      .poll(() => page.getByRole('status').locator('.verdict-title').textContent())
      .toBe('Đúng là tệp đã phát hành, nhưng văn bản đã bị thu hồi');
    await expectAccessible(page, 'recalled document');
    expect(problems).toEqual([]);
    await page.close();
  });
});
