/**
 * ISSUE 5.8: load. 2,000 submissions at concurrency 32 to 500 organizations (the example's and
 * synthetic ones), then read back: none lost, versions right (an organization that got k
 * submissions shows version k as its latest, and the k answers carried versions 1..k), and the
 * server still answers /health, during the load and after it. No timing is asserted; the rate is
 * printed.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients } from '../support/local-aws.ts';
import { startTestApp } from '../support/test-app.ts';
import { fakeRenderer, organizations, pool, seedCampaign, submissionFor, type TestApp } from './support.ts';

const C = 'load-2020';
const TOTAL = 2000;
const CONCURRENCY = 32;
const ORGS = 500;

let t: TestApp;
const orgIds: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ renderer: fakeRenderer });
  const synthetic = Array.from({ length: ORGS - organizations.length }, (_, i) => ({
    id: `synthetic-${String(i).padStart(3, '0')}`,
    name: `Đảng bộ tổng hợp ${i}`,
    level: 'grassroots',
    unit: 'commune',
    parentId: 'ha-long',
  }));
  const all = [...organizations, ...synthetic];
  await seedCampaign(t, C, { orgs: all });
  orgIds.push(...all.map((o) => o.id));
  expect(orgIds).toHaveLength(ORGS);
}, 120_000);
afterAll(() => t?.app.stop());

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('2,000 submissions at concurrency 32', () => {
  it(
    'loses none, numbers every version right, and keeps answering /health',
    async () => {
      const random = prng(20200531);
      const targets = Array.from({ length: TOTAL }, () => orgIds[Math.floor(random() * ORGS)]!);
      const expected = new Map<string, number>();
      for (const o of targets) expected.set(o, (expected.get(o) ?? 0) + 1);

      // /health polled all along
      const health: number[] = [];
      let loading = true;
      const poller = (async () => {
        while (loading) {
          health.push((await t.call('GET', '/health', undefined, { key: null })).status);
          await new Promise((r) => setTimeout(r, 250));
        }
      })();

      const answers: { organizationId: string; id: string; version: number }[] = [];
      const failures: string[] = [];
      const started = performance.now();
      await pool(targets, CONCURRENCY, async (organizationId, i) => {
        const r = await t.call('POST', `/campaigns/${C}/submissions`, submissionFor(organizationId, { committeeSize: i % 1000 }));
        if (r.status === 201) answers.push({ organizationId, id: r.body.id, version: r.body.version });
        else failures.push(`${organizationId}: ${r.status} ${r.text.slice(0, 200)}`);
      });
      const seconds = (performance.now() - started) / 1000;
      loading = false;
      await poller;
      console.info(
        `[load] ${TOTAL} submissions at concurrency ${CONCURRENCY} to ${expected.size} organizations in ${seconds.toFixed(1)} s: ` +
          `${(TOTAL / seconds).toFixed(1)} submissions/s`,
      );

      expect(failures).toEqual([]);
      expect(answers).toHaveLength(TOTAL);
      expect(new Set(answers.map((a) => a.id)).size).toBe(TOTAL);
      expect(health.length).toBeGreaterThan(0);
      expect(health.every((s) => s === 200)).toBe(true);

      // the answers of each organization carried versions 1..k, each once
      const versions = new Map<string, number[]>();
      for (const a of answers) versions.set(a.organizationId, [...(versions.get(a.organizationId) ?? []), a.version]);
      for (const [org, k] of expected) {
        expect(versions.get(org)!.sort((a, b) => a - b), org).toEqual(Array.from({ length: k }, (_, i) => i + 1));
      }

      // read back: the latest of each organization through the API, page by page
      const latest = new Map<string, number>();
      let cursor: string | undefined;
      do {
        const page = await t.call('GET', `/campaigns/${C}/submissions?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.status, page.text).toBe(200);
        for (const s of page.body.items) {
          expect(latest.has(s.organizationId), `${s.organizationId} listed twice`).toBe(false);
          latest.set(s.organizationId, s.version);
        }
        cursor = page.body.cursor;
      } while (cursor);
      expect(latest.size).toBe(expected.size);
      for (const [org, k] of expected) expect(latest.get(org), org).toBe(k);

      // every version is stored: count the version items in the table itself
      let stored = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const out = await clients().doc.send(
          new ScanCommand({
            TableName: t.tableName,
            FilterExpression: 'begins_with(pk, :p)',
            ExpressionAttributeValues: { ':p': 'SUBMISSION#' },
            Select: 'COUNT',
            ExclusiveStartKey: start,
          }),
        );
        stored += out.Count ?? 0;
        start = out.LastEvaluatedKey;
      } while (start);
      expect(stored).toBe(TOTAL);

      // a sample read back one by one through the API
      const sample = answers.filter((_, i) => i % 20 === 0);
      await pool(sample, 8, async (a) => {
        const r = await t.call('GET', `/submissions/${a.id}`);
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ id: a.id, organizationId: a.organizationId, version: a.version, campaignId: C });
      });

      // the statistics count every organization that submitted, once
      const stats = await t.call('GET', `/campaigns/${C}/stats?asOf=2020-12-31`);
      expect(stats.status).toBe(200);
      const held = Object.values(stats.body.levels as Record<string, { held: number }>).reduce((n, l) => n + l.held, 0);
      expect(held).toBe(expected.size);

      expect((await t.call('GET', '/health', undefined, { key: null })).body).toEqual({ status: 'ok' });
    },
    300_000,
  );
});
