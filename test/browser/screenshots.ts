/**
 * The README's pictures of the console, taken by the browser tests' own code: `npx tsx
 * test/browser/screenshots.ts` starts the whole local product in memory, loads a Bắc Giang-like
 * campaign of 64 organizations, and writes docs/console-{dashboard,submission}{,-phone}.png at
 * an office desktop's size (1280×800) and a phone's (390×844), and docs/console-organizations-phone.png.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startLocalApp, type LocalApp } from '../../functions/local/app.ts';
import { buildConsoleIfStale } from '../../web/build.mjs';
import { DESKTOP, launchBrowser, newContext, PHONE } from '../support/browser.ts';
import { CAMPAIGN_BODY, CAMPAIGN_ID } from './fixture.ts';

const DOCS = join(import.meta.dirname, '../../docs');
const AS_OF = '2020-07-15';
const DISTRICTS = ['Việt Yên', 'Lục Ngạn', 'Yên Thế', 'Tân Yên'];
const COMMUNES = ['Ninh Sơn', 'Đồng Cốc', 'Bố Hạ', 'Cao Thượng', 'Hồng Giang'];

type Org = { id: string; name: string; level: string; unit: string; parentId?: string };

/** 4 districts × 5 communes × 2 village branches, and when each held its congress (or not yet). */
function campaignData(): { orgs: Org[]; held: Map<string, string> } {
  const slug = (s: string) => s.normalize('NFD').replace(/\p{Mn}/gu, '').replace(/đ/gi, 'd').toLowerCase().replace(/\s+/g, '-');
  const orgs: Org[] = [];
  const held = new Map<string, string>();
  const day = (base: string, plus: number) => new Date(Date.parse(base) + plus * 86_400_000).toISOString().slice(0, 10);
  DISTRICTS.forEach((d, di) => {
    const districtId = slug(d);
    orgs.push({ id: districtId, name: `Đảng bộ huyện ${d}`, level: 'district', unit: 'district' });
    if (di < 2) held.set(districtId, day('2020-06-25', di * 12));
    COMMUNES.forEach((c, ci) => {
      const communeId = `${districtId}-x-${slug(c)}`;
      orgs.push({ id: communeId, name: `Đảng bộ xã ${c}`, level: 'grassroots', unit: 'commune', parentId: districtId });
      if ((di * 5 + ci) % 7 !== 6) held.set(communeId, day('2020-03-02', (di * 5 + ci) * 5));
      for (const n of [1, 2]) {
        const branchId = `${communeId}-thon-${n}`;
        orgs.push({ id: branchId, name: `Chi bộ thôn ${n} xã ${c}`, level: 'branch', unit: 'village', parentId: communeId });
        held.set(branchId, day('2019-11-20', (di * 10 + ci * 2 + n) * 2.3));
      }
    });
  });
  return { orgs, held };
}

async function seed(app: LocalApp): Promise<string> {
  const call = async (method: string, path: string, body: unknown) => {
    const res = await fetch(app.url + path, {
      method,
      headers: { authorization: `Bearer ${app.bootstrapKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, string>>;
  };
  const { orgs, held } = campaignData();
  await call('PUT', `/campaigns/${CAMPAIGN_ID}`, { ...CAMPAIGN_BODY, targets: { ...CAMPAIGN_BODY.targets, directElectionPercent: 90, villageBranchHeadPercent: 80 } });
  await call('PUT', `/campaigns/${CAMPAIGN_ID}/organizations`, orgs);
  let i = 0;
  for (const [organizationId, heldOn] of held) {
    i += 1;
    await call('POST', `/campaigns/${CAMPAIGN_ID}/submissions`, {
      organizationId,
      congress: { heldOn, delegatesElected: 100, delegatesAttended: 96 },
      secretary: {
        fullName: 'Nguyễn Văn An',
        electedDirectly: i % 9 !== 0,
        ...(i % 9 !== 0 ? { votes: { for: 90 + (i % 6), valid: 96 } } : {}),
        isLocal: i % 3 === 0,
        concurrentRole: organizationId.includes('-thon-') ? (i % 5 ? 'village-head' : null) : 'people-committee-chair',
      },
    });
  }
  const key = await call('POST', '/keys', { role: 'submitter', campaignId: CAMPAIGN_ID, organizationId: 'yen-the-x-bo-ha', label: 'Đảng bộ xã Bố Hạ, huyện Yên Thế' });
  return key.key!;
}

async function shoot(browser: Browser, app: LocalApp, submitterKey: string): Promise<void> {
  for (const [viewport, suffix] of [[DESKTOP, ''], [PHONE, '-phone']] as const) {
    const office = await (await newContext(browser, viewport)).newPage();
    await office.goto(app.url);
    await office.getByLabel('Khóa truy cập').fill(app.bootstrapKey!);
    await office.getByRole('button', { name: 'Đăng nhập' }).click();
    await office.getByRole('link', { name: CAMPAIGN_BODY.name }).click();
    await office.getByLabel('Số liệu tính đến ngày').fill(AS_OF);
    await office.getByLabel('Số liệu tính đến ngày').blur();
    await office.locator('figure.chart > svg path').first().waitFor();
    await office.waitForFunction(() => document.fonts.status === 'loaded');
    await office.screenshot({ path: join(DOCS, `console-dashboard${suffix}.png`), fullPage: true });
    if (viewport === PHONE) {
      // the list of organizations, one card each: the first screen of it
      await office.getByRole('link', { name: 'Tổ chức', exact: true }).click();
      await office.locator('table.organizations tbody tr').first().waitFor();
      await office.screenshot({ path: join(DOCS, 'console-organizations-phone.png') });
    }

    const org = await (await newContext(browser, viewport)).newPage();
    await org.goto(`${app.url}/#/dang-nhap?khoa=${encodeURIComponent(submitterKey)}`);
    await org.getByLabel('Ngày đại hội').fill('2020-05-16');
    await org.getByLabel('Số đại biểu được triệu tập').fill('96');
    await org.getByLabel('Số đại biểu có mặt').fill('98');
    await org.getByLabel('Họ và tên bí thư').fill('Hoàng Thị Lan');
    await org.getByRole('group', { name: 'Bí thư được bầu trực tiếp tại đại hội?' }).getByLabel('Có').check();
    await org.getByLabel('Số phiếu bầu bí thư').fill('90');
    await org.getByLabel('Số phiếu hợp lệ').fill('94');
    await org.getByRole('group', { name: 'Bí thư là người địa phương?' }).getByLabel('Không').check();
    await org.getByLabel('Bí thư kiêm nhiệm').selectOption('people-committee-chair');
    await org.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await org.locator('.field-error').first().waitFor();
    await org.waitForFunction(() => document.fonts.status === 'loaded');
    await org.screenshot({ path: join(DOCS, `console-submission${suffix}.png`), fullPage: true });
  }
}

process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await buildConsoleIfStale();
const app = await startLocalApp({ port: 0 });
const browser = await launchBrowser();
try {
  await shoot(browser, app, await seed(app));
  console.log(`screenshots written to ${DOCS}`);
} finally {
  await browser.close();
  await app.stop();
}
