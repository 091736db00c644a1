/**
 * A real Chromium for the browser tests, with nothing but `npm ci`: the binary that
 * `@sparticuz/chromium` ships inside its npm package, whose version package-lock.json pins, so
 * every machine tests the same browser whatever else is installed. CHROMIUM_PATH names another
 * (e.g. /usr/bin/chromium, to look at a failure in a full browser). Driven by playwright-core.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type FileChooser, type Page } from 'playwright-core';

export async function launchBrowser(): Promise<Browser> {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH names ${chosen}, which does not exist`);
    return chromium.launch({ executablePath: chosen, headless: true });
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  return chromium.launch({ executablePath: await packaged.executablePath(), args: packaged.args, headless: true });
}

/** Sizes a person uses: an office's desktop and a phone (the verify page). */
export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export async function newContext(browser: Browser, viewport: { width: number; height: number } = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/**
 * axe-core's serious and critical violations on the page as it is now. The script is added
 * through the DevTools protocol (playwright's addScriptTag would be refused by the console's CSP).
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe.run(
      document,
      { resultTypes: ['violations'] },
    ),
  )) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * The file chooser that `act` opens. Playwright turns its interception of file dialogs on
 * asynchronously when a listener is added; an action sent at once may open the dialog before
 * that, and then no event ever comes (seen once in CI under load: a 30 s timeout). The listener
 * stays while the action is tried again, so a later try finds the interception on.
 */
export async function fileChooserOf(page: Page, act: () => Promise<void>): Promise<FileChooser> {
  const opened = new Promise<FileChooser>((resolve) => page.once('filechooser', resolve));
  for (let attempt = 1; ; attempt++) {
    await act();
    const chooser = await Promise.race([opened, new Promise<undefined>((r) => setTimeout(r, 5_000))]);
    if (chooser) return chooser;
    if (attempt === 3) throw new Error('no file chooser opened after 3 tries');
  }
}
