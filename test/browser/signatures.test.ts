/**
 * Issue 14 in the console: a document the campaign wants signed by the person with authority
 * first is shown as awaiting that signature; one the organization has signed says who signed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { localSignatureKey } from '../../functions/local/local-signature-key.ts';
import { newContext } from '../support/browser.ts';
import { expectAccessible, signIn, startConsole, watchPage, type Console } from './console-app.ts';
import { CAMPAIGN_BODY, CAMPAIGN_ID, ORGANIZATIONS } from './fixture.ts';

let c: Console;
const report = {
  type: 'report',
  issuedOn: '2020-06-06',
  signer: { capacity: 'T/M BAN THƯỜNG VỤ', title: 'BÍ THƯ', fullName: 'Dương Văn Thái' },
};

beforeAll(async () => {
  c = await startConsole();
  // The organization's key of this test (in memory: no DATA_DIR), as npm start has one.
  c.app.deps.signatureKey = await localSignatureKey(undefined);
  const campaign = { ...CAMPAIGN_BODY, signatures: { report: ['person', 'organization'] } };
  expect((await c.call('PUT', `/campaigns/${CAMPAIGN_ID}`, campaign)).status).toBeLessThan(300);
  expect((await c.call('PUT', `/campaigns/${CAMPAIGN_ID}/organizations`, ORGANIZATIONS)).status).toBe(200);
});
afterAll(async () => c?.stop());

const settled = async (id: string) => {
  for (let i = 0; i < 200; i++) {
    const d = (await c.call('GET', `/documents/${id}`)).body;
    if (d.status === 'ready' && d.awaitingSignature !== 'organization') return d;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`document ${id} did not settle`);
};

it('shows a report awaiting the person’s signature, and a letter signed by the organization', async () => {
  const awaiting = await settled((await c.call('POST', `/campaigns/${CAMPAIGN_ID}/documents`, report)).body.id);
  expect(awaiting.awaitingSignature).toBe('person');
  const letter = await c.call('POST', `/campaigns/${CAMPAIGN_ID}/documents`, { ...report, type: 'letter', subject: 'V/v báo cáo kết quả đại hội' });
  const signed = await settled(letter.body.id);
  expect(signed.signatures).toHaveLength(1);

  const page = await (await newContext(c.browser)).newPage();
  const watch = watchPage(page);
  await signIn(page, c.app.url, c.app.bootstrapKey!);
  await page.goto(`${c.app.url}/#/dot/${CAMPAIGN_ID}/van-ban`);
  const row = (number: string) => page.locator('table.documents tbody tr', { has: page.getByRole('rowheader', { name: number }) });
  await expect.poll(() => row(awaiting.number).textContent()).toContain('Đã phát hành (chờ người có thẩm quyền ký số)');
  await expect.poll(() => row(signed.number).textContent()).toContain(`đã ký số: ${signed.signatures[0].signer}`);
  await expectAccessible(page, 'documents with signatures');
  expect(watch.problems).toEqual([]);
});
