/**
 * What every browser test of the console needs: the built console (web/build.mjs, rebuilt when a
 * source changed), the real local app on the suite's servers, one Chromium, and a watch on the
 * page for what must never happen (a dialog, a script error, a CSP refusal).
 */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { startTestApp } from '../support/test-app.ts';
import { launchBrowser, seriousViolations } from '../support/browser.ts';
import { buildConsoleIfStale } from '../../web/build.mjs';

export async function startConsole() {
  await buildConsoleIfStale();
  const [test, browser] = await Promise.all([startTestApp(), launchBrowser()]);
  return {
    ...test,
    browser,
    stop: async () => {
      await browser.close();
      await test.app.stop();
    },
  };
}

/**
 * Records what a page must never do: open a dialog (alert from injected markup), throw, or break
 * the CSP. Failed requests the console handles itself (a refused form is a 400) are not problems.
 */
export function watchPage(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) return;
    problems.push(`console error: ${msg.text()}`);
  });
  return { problems };
}

/** axe-core finds no serious or critical violation on the page as it is now. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations.map((v) => `${where}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

export async function signIn(page: Page, url: string, key: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Khóa truy cập').fill(key);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

export type Console = Awaited<ReturnType<typeof startConsole>>;
export type { Browser };
