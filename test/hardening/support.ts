/**
 * Shared helpers of the hardening suite (ISSUE 5 "Nothing lost, nothing leaked"): the examples,
 * a small worker pool, seeding a campaign through the API, issuing keys, a fast fake renderer and
 * the checks every error answer must pass.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Renderer } from '../../functions/core/use-cases/documents.ts';
import type { ApiAnswer, startTestApp } from '../support/test-app.ts';

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

export const example = <T = any>(file: string): T =>
  JSON.parse(readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8')) as T;

export const campaign = example('campaign.json');
export const organizations: { id: string; name: string; level: string; unit: string; parentId?: string }[] =
  example('organizations.json');
export const submissions: { organizationId: string; [k: string]: any }[] = example('submissions.json');
export const reportRequest = example('documents/report.json');
export const proposalRequest = example('documents/proposal.json');
export const letterRequest = example('documents/letter.json');

/** A valid submission for any organization (the first example's body, re-addressed). */
export const submissionFor = (organizationId: string, extra: Record<string, unknown> = {}) => ({
  ...structuredClone(submissions[0]!),
  organizationId,
  ...extra,
});

/** Runs `fn` over `items` with at most `n` at a time. */
export async function pool<T>(items: readonly T[], n: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

/** PUT the example campaign (optionally changed) and its organizations under `campaignId`. */
export async function seedCampaign(
  t: TestApp,
  campaignId: string,
  { lastNumbers, orgs = organizations }: { lastNumbers?: Record<string, number> | null; orgs?: typeof organizations } = {},
): Promise<void> {
  const { lastNumbers: exampleNumbers, id: _id, ...rest } = campaign;
  const body = lastNumbers === null ? rest : { ...rest, lastNumbers: lastNumbers ?? exampleNumbers };
  const put = await t.call('PUT', `/campaigns/${campaignId}`, body);
  expect([200, 201], put.text).toContain(put.status);
  for (let i = 0; i < orgs.length; i += 1000) {
    const r = await t.call('PUT', `/campaigns/${campaignId}/organizations`, orgs.slice(i, i + 1000));
    expect(r.status, r.text).toBe(200);
  }
}

/** Issues a key through POST /keys (with the bootstrap key unless `as` is given); returns id and token. */
export async function issueKey(t: TestApp, body: Record<string, unknown>, as?: string): Promise<{ id: string; key: string }> {
  const r = await t.call('POST', '/keys', body, as ? { key: as } : {});
  expect(r.status, r.text).toBe(201);
  return { id: r.body.id, key: r.body.key };
}

/**
 * A renderer that does no layout at all: fast, deterministic bytes that carry the number, so
 * the tests about numbering and faults do not wait on pdfmake.
 */
export const fakeRenderer: Renderer = async (input) => ({
  pdf: new TextEncoder().encode(`%PDF-1.4\n% fake ${input.document.number} ${input.document.id}\n%%EOF\n`),
  pages: 1,
});

/** Every 4xx/5xx is problem+json with type, title, status and detail; a 400 lists `errors[].path`. */
export function expectProblem(r: ApiAnswer, status?: number): void {
  if (status !== undefined) expect(r.status, r.text).toBe(status);
  expect(r.status, r.text).toBeGreaterThanOrEqual(400);
  expect(r.headers.get('content-type'), r.text).toContain('application/problem+json');
  expect(r.body, r.text).toMatchObject({ type: expect.any(String), title: expect.any(String), status: r.status, detail: expect.any(String) });
  // A type a client can tell problems apart by (also for answers made outside a handler: 413, 404, 405).
  expect(r.body.type, r.text).toMatch(/^https:\/\/congress-docs\.dev\/problems\/[a-z0-9-]+$/);
}

/** A 400 that names invalid fields: returns their JSON-pointer paths. */
export function errorPaths(r: ApiAnswer): string[] {
  expectProblem(r, 400);
  expect(Array.isArray(r.body.errors), r.text).toBe(true);
  for (const e of r.body.errors) {
    expect(e.path, r.text).toMatch(/^(\/[^/]*)*$/);
    expect(typeof e.message, r.text).toBe('string');
  }
  return r.body.errors.map((e: { path: string }) => e.path);
}

/** What no answer, and no 5xx in particular, may ever show. */
export function expectNoInternals(text: string, tableName: string): void {
  expect(text).not.toMatch(/\bat .+\(.+:\d+:\d+\)|\bat file:|node:internal|\.ts:\d+/);
  expect(text).not.toContain('Exception');
  expect(text.toLowerCase()).not.toContain('dynamodb');
  expect(text).not.toContain(tableName);
}
