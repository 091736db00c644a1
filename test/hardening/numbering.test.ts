/**
 * ISSUE 5.2: document numbers under concurrency (CONTRACT §3 "Numbers"): each series has its own
 * numbers, each given once, never twice, starting at 01 or at lastNumbers + 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/test-app.ts';
import { fakeRenderer, letterRequest, reportRequest, seedCampaign, type TestApp } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ renderer: fakeRenderer });
});
afterAll(() => t?.app.stop());

/** 15 reports and 15 letters ordered at the same moment; every document waited for. */
async function orderThirty(campaignId: string) {
  const requests = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? reportRequest : letterRequest));
  const answers = await Promise.all(requests.map((r) => t.call('POST', `/campaigns/${campaignId}/documents`, r)));
  for (const a of answers) expect(a.status, a.text).toBe(202);
  const docs = await Promise.all(answers.map((a) => t.waitForDocument(a.body.id, 120_000)));
  for (const [i, d] of docs.entries()) {
    expect(d.status, JSON.stringify(d)).toBe('ready');
    expect(d.number).toBe(answers[i]!.body.number);
  }
  const series = (symbol: string) =>
    docs
      .filter((d) => d.number.includes(`-${symbol}/`))
      .map((d) => d.number as string)
      .sort();
  return { docs, bc: series('BC'), cv: series('CV') };
}

const expected = (from: number, symbol: string) =>
  Array.from({ length: 15 }, (_, i) => `${String(from + i).padStart(2, '0')}-${symbol}/TU`).sort();

describe('30 documents ordered at the same moment', () => {
  it('on a campaign with no lastNumbers: 01..15 in each series, each exactly once, all ready', async () => {
    await seedCampaign(t, 'numbers-fresh', { lastNumbers: null, orgs: [] });
    const { docs, bc, cv } = await orderThirty('numbers-fresh');
    expect(bc).toEqual(expected(1, 'BC'));
    expect(cv).toEqual(expected(1, 'CV'));
    expect(new Set(docs.map((d) => d.id)).size).toBe(30);
    // the listing agrees: 30 documents, no extra, no duplicate number
    const listed = await t.call('GET', '/campaigns/numbers-fresh/documents?limit=100');
    expect(listed.body.items).toHaveLength(30);
    expect(new Set(listed.body.items.map((d: { number: string }) => d.number)).size).toBe(30);
  });

  it('with lastNumbers: each series continues from lastNumbers + 1', async () => {
    await seedCampaign(t, 'numbers-paper', { lastNumbers: { BC: 414, TTr: 120, CV: 2310 }, orgs: [] });
    const { bc, cv } = await orderThirty('numbers-paper');
    expect(bc).toEqual(expected(415, 'BC'));
    expect(cv).toEqual(expected(2311, 'CV'));
  });

  it('series of different campaigns never share numbers', async () => {
    const a = await t.call('POST', '/campaigns/numbers-fresh/documents', reportRequest);
    const b = await t.call('POST', '/campaigns/numbers-paper/documents', reportRequest);
    expect(a.body.number).toBe('16-BC/TU');
    expect(b.body.number).toBe('430-BC/TU');
  });
});
