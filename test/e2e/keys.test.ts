/**
 * POST /keys over HTTP (issue 15 item 6): a submitter key is only issued for an organization that
 * exists in its campaign; otherwise a 400 problem naming `/organizationId`, and no key is made.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp } from '../support/test-app.ts';

const example = (file: string) => JSON.parse(readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8'));
let t: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  t = await startTestApp();
  expect((await t.call('PUT', '/campaigns/qn-2020', example('campaign.json'))).status).toBe(201);
  expect((await t.call('PUT', '/campaigns/qn-2020/organizations', example('organizations.json'))).status).toBe(200);
});
afterAll(() => t.app.stop());

it('refuses a submitter key for an organization that does not exist: 400 naming /organizationId, no key made', async () => {
  const before = (await t.call('GET', '/keys?limit=100')).body.items.length;
  const refused = await t.call('POST', '/keys', { role: 'submitter', campaignId: 'qn-2020', organizationId: 'no-such-ward', label: 'Phường không có' });
  expect(refused.status, refused.text).toBe(400);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['/organizationId']);
  expect(refused.text).not.toContain('cdk_');
  expect((await t.call('GET', '/keys?limit=100')).body.items.length).toBe(before);
});

it('issues one for an organization of the campaign', async () => {
  const made = await t.call('POST', '/keys', { role: 'submitter', campaignId: 'qn-2020', organizationId: 'ha-long-p-bach-dang', label: 'Phường Bạch Đằng' });
  expect(made.status, made.text).toBe(201);
  const me = await t.call('GET', '/me', undefined, { key: made.body.key });
  expect(me.body).toMatchObject({ role: 'submitter', campaignId: 'qn-2020', organizationId: 'ha-long-p-bach-dang' });
});
