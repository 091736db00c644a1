/**
 * Sections "ingestion", "orders" and "scale (statistics)", run in a child process of bench/run.ts
 * so that their memory figures are not mixed with the render section's. Starts the whole local
 * product in this process (startLocalApp, port 0, data in memory) and stops it before exiting.
 *
 * Usage: tsx bench/sections/server.ts OUT.json '{"perLevel":400,"sizes":[100,1000,10000]}'
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { startLocalApp, type LocalApp } from '../../functions/local/app.ts';
import { submissionSchema } from '#core/schemas.ts';
import { computeStats } from '#core/stats.ts';
import { example, exampleReportFile, syntheticCampaign } from '../lib/fixtures.ts';
import { median, percentile, pool, withMemorySampling } from '../lib/measure.ts';

type Options = { perLevel: number; concurrencies: number[]; sizes: number[]; statsRuns: number[]; orders: number };

export type IngestionLevel = { concurrency: number; requests: number; errors: number; rps: number; p50Ms: number; p99Ms: number; wallMs: number };
export type StatsSize = {
  organizations: number;
  submissions: number;
  loadMs: number;
  runsMs: number[];
  medianMs: number;
  heapPeakDeltaMb: number;
  rssPeakDeltaMb: number;
  /** Attribution, outside HTTP: the two repository reads (in parallel, as getStats does) and computeStats. */
  readsMs: number;
  computeMs: number;
};
/** Order → `ready` over HTTP: POST the request, then GET the document until it is ready. */
export type OrderTimes = { orders: number; pages: number; runsMs: number[]; p50Ms: number; p95Ms: number };
export type ServerResults = { startMs: number; ingestion: IngestionLevel[]; orders: OrderTimes; stats: StatsSize[] };

function client(app: LocalApp) {
  const auth = { authorization: `Bearer ${app.bootstrapKey}` };
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> => {
    const res = await fetch(app.url + path, {
      method,
      headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };
}

function campaignBody() {
  const { id: _id, ...campaign } = exampleReportFile().campaign;
  return campaign;
}

function submissionBody(organizationId: string, i: number) {
  return {
    organizationId,
    congress: { heldOn: '2020-04-10', delegatesElected: 120, delegatesAttended: 118 - (i % 5) },
    secretary: {
      fullName: 'Nguyễn Văn An',
      electedDirectly: true,
      votes: { for: 110 + (i % 5), valid: 118 - (i % 5) },
      isLocal: i % 2 === 0,
      concurrentRole: 'people-committee-chair',
    },
    committeeSize: 11,
    recommendations: ['Đề nghị tăng cường tập huấn nghiệp vụ cho cấp ủy cơ sở.'],
  };
}

async function must(call: Promise<{ status: number; text: string }>, ok: number[]): Promise<void> {
  const r = await call;
  if (!ok.includes(r.status)) throw new Error(`unexpected ${r.status}: ${r.text.slice(0, 500)}`);
}

async function ingestion(app: LocalApp, opts: Options, log: (s: string) => void): Promise<IngestionLevel[]> {
  const call = client(app);
  const campaignId = 'bench-ingest';
  await must(call('PUT', `/campaigns/${campaignId}`, campaignBody()), [200, 201]);
  const warmup = 60;
  const total = warmup + opts.perLevel * opts.concurrencies.length;
  const orgs = Array.from({ length: total }, (_, i) => ({
    id: `org-${String(i).padStart(5, '0')}`,
    name: `Đảng bộ cơ sở số ${i + 1}`,
    level: 'grassroots',
    unit: 'commune',
  }));
  for (let i = 0; i < orgs.length; i += 1000) {
    await must(call('PUT', `/campaigns/${campaignId}/organizations`, orgs.slice(i, i + 1000)), [200]);
  }
  let nextOrg = 0;
  const post = async (): Promise<{ ms: number; ok: boolean }> => {
    const i = nextOrg++;
    const start = performance.now();
    const r = await call('POST', `/campaigns/${campaignId}/submissions`, submissionBody(orgs[i]!.id, i));
    return { ms: performance.now() - start, ok: r.status === 201 };
  };
  log(`ingestion: warm-up ${warmup} requests`);
  await pool(warmup, 8, async () => void (await post()));
  const levels: IngestionLevel[] = [];
  for (const concurrency of opts.concurrencies) {
    log(`ingestion: ${opts.perLevel} requests at concurrency ${concurrency}`);
    const latencies: number[] = [];
    let errors = 0;
    const start = performance.now();
    await pool(opts.perLevel, concurrency, async () => {
      const r = await post();
      latencies.push(r.ms);
      if (!r.ok) errors++;
    });
    const wallMs = performance.now() - start;
    levels.push({
      concurrency,
      requests: opts.perLevel,
      errors,
      rps: opts.perLevel / (wallMs / 1000),
      p50Ms: median(latencies),
      p99Ms: percentile(latencies, 99),
      wallMs,
    });
  }
  return levels;
}

/**
 * What a secretariat waits for: the Quảng Ninh example loaded through the API, then `orders`
 * reports ordered one after another, each timed from its POST until GET /documents/{id} says
 * `ready` (polled every 5 ms; the in-process queue and worker render it). The first order is a
 * warm-up (fonts parsed), as a running server has.
 */
async function orderTimes(app: LocalApp, orders: number, log: (s: string) => void): Promise<OrderTimes> {
  const call = client(app);
  const file = exampleReportFile();
  const campaignId = 'bench-orders';
  await must(call('PUT', `/campaigns/${campaignId}`, campaignBody()), [200, 201]);
  await must(call('PUT', `/campaigns/${campaignId}/organizations`, file.organizations), [200]);
  for (const submission of file.submissions) await must(call('POST', `/campaigns/${campaignId}/submissions`, submission), [201]);
  const request = example('documents/report');
  log(`orders: ${orders} reports ordered one after another, each until ready`);
  const runs: number[] = [];
  let pages = 0;
  for (let i = 0; i <= orders; i++) {
    const start = performance.now();
    const posted = await call('POST', `/campaigns/${campaignId}/documents`, request);
    if (posted.status !== 202) throw new Error(`order: ${posted.status} ${posted.text.slice(0, 300)}`);
    const { id } = JSON.parse(posted.text) as { id: string };
    for (;;) {
      const got = await call('GET', `/documents/${id}`);
      const status = (JSON.parse(got.text) as { status: string; pages?: number }).status;
      if (status === 'ready') {
        pages = (JSON.parse(got.text) as { pages?: number }).pages ?? pages;
        break;
      }
      if (status === 'failed') throw new Error(`order: document ${id} failed: ${got.text.slice(0, 300)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (i > 0) runs.push(performance.now() - start);
  }
  return { orders, pages, runsMs: runs, p50Ms: median(runs), p95Ms: percentile(runs, 95) };
}

async function statsAtScale(app: LocalApp, opts: Options, log: (s: string) => void): Promise<StatsSize[]> {
  const call = client(app);
  const out: StatsSize[] = [];
  for (const size of opts.sizes) {
    const campaignId = `bench-scale-${size}`;
    const file = syntheticCampaign(size, campaignId);
    const loadStart = performance.now();
    await must(call('PUT', `/campaigns/${campaignId}`, campaignBody()), [200, 201]);
    for (let i = 0; i < file.organizations.length; i += 1000) {
      await must(call('PUT', `/campaigns/${campaignId}/organizations`, file.organizations.slice(i, i + 1000)), [200]);
    }
    // Submissions straight through the repository adapter (same DynamoDB items as the API writes).
    const inputs = file.submissions.map((s) => submissionSchema.parse(s));
    const receivedAt = new Date().toISOString();
    await pool(inputs.length, 32, async (i) => {
      await app.deps.repo.addSubmission(campaignId, inputs[i]!, { id: randomUUID(), receivedAt });
    });
    const loadMs = performance.now() - loadStart;
    log(`scale: ${size} organizations, ${inputs.length} submissions loaded in ${Math.round(loadMs)} ms; GET /stats`);
    const path = `/campaigns/${campaignId}/stats?asOf=2020-05-31`;
    // Two warm-up requests: DynamoDB Local (Java) answers the first reads of a new 10,000-item
    // partition 3× slower (measured 2.9 s, 2.7 s, then ~0.8 s); DynamoDB itself has no such warm-up.
    for (let w = 0; w < 2; w++) await must(call('GET', path), [200]);
    const runs: number[] = [];
    let heapPeakDelta = 0;
    let rssPeakDelta = 0;
    for (let r = 0; r < (opts.statsRuns[opts.sizes.indexOf(size)] ?? 3); r++) {
      const m = await withMemorySampling(() => must(call('GET', path), [200]));
      runs.push(m.ms);
      heapPeakDelta = Math.max(heapPeakDelta, m.heapPeakMb - m.heapBaseMb);
      rssPeakDelta = Math.max(rssPeakDelta, m.rssPeakMb - m.rssBaseMb);
    }
    const campaign = await app.deps.repo.getCampaign(campaignId);
    let t = performance.now();
    const [organizations, latest] = await Promise.all([app.deps.repo.allOrganizations(campaignId), app.deps.repo.allLatest(campaignId)]);
    const readsMs = performance.now() - t;
    t = performance.now();
    computeStats(campaign!, organizations, latest, '2020-05-31');
    const computeMs = performance.now() - t;
    out.push({
      readsMs,
      computeMs,
      organizations: file.organizations.length,
      submissions: inputs.length,
      loadMs,
      runsMs: runs,
      medianMs: median(runs),
      heapPeakDeltaMb: heapPeakDelta,
      rssPeakDeltaMb: rssPeakDelta,
    });
  }
  return out;
}

async function main(): Promise<void> {
  const [outPath, optionsJson] = process.argv.slice(2);
  if (!outPath) throw new Error('usage: server.ts OUT.json [OPTIONS_JSON]');
  const opts: Options = { perLevel: 400, concurrencies: [1, 8, 32], sizes: [100, 1000, 10000], statsRuns: [5, 5, 3], orders: 20, ...JSON.parse(optionsJson ?? '{}') };
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const startAt = performance.now();
  const app = await startLocalApp({ port: 0 });
  const startMs = performance.now() - startAt;
  log(`local app up in ${Math.round(startMs)} ms at ${app.url}`);
  try {
    const results: ServerResults = {
      startMs,
      ingestion: await ingestion(app, opts, log),
      orders: await orderTimes(app, opts.orders, log),
      stats: await statsAtScale(app, opts, log),
    };
    writeFileSync(outPath, JSON.stringify(results, null, 2));
  } finally {
    await app.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
