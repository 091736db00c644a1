/**
 * A document whose render job never reached the queue (the process died between the numbering
 * transaction and the send) is found and sent again once it has waited half an hour, and then
 * rendered with its number, once: against DynamoDB Local and s3rver, with the app's own worker.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Principal } from '../../functions/core/model.ts';
import { createDocument } from '../../functions/core/use-cases/documents.ts';
import { redeliverStrandedDocuments, STRANDED_AFTER_MS } from '../../functions/core/use-cases/stranded-documents.ts';
import { startTestApp } from '../support/test-app.ts';

const example = (file: string) => JSON.parse(readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8'));
const office: Principal = { id: 'office', role: 'secretariat' };

it('sends again the job of a document ordered whose job was lost, once it has waited half an hour', async () => {
  const t = await startTestApp();
  try {
    await t.call('PUT', '/campaigns/qn-2020', example('campaign.json'));
    await t.call('PUT', '/campaigns/qn-2020/organizations', example('organizations.json'));
    await t.call('POST', '/campaigns/qn-2020/submissions:import', readFileSync(new URL('../../examples/submissions.csv', import.meta.url), 'utf8'), {
      headers: { 'content-type': 'text/csv' },
    });
    // The ordering process freezes: its number is taken, the record says queued, no job is sent.
    const frozen = { ...t.app.deps, queue: { send: () => new Promise<never>(() => {}) } };
    void createDocument(frozen, office, 'qn-2020', example('documents/report.json'));
    let id: string | undefined;
    for (let i = 0; i < 200 && !id; i++) {
      id = (await t.call('GET', '/campaigns/qn-2020/documents')).body.items[0]?.id;
      if (!id) await new Promise((r) => setTimeout(r, 25));
    }
    expect((await t.call('GET', `/documents/${id}`)).body).toMatchObject({ status: 'queued', number: '415-BC/TU' });

    // Not yet stranded: a job may still be on its way.
    expect(await redeliverStrandedDocuments(t.app.deps)).toEqual([]);
    const later = { ...t.app.deps, clock: () => new Date(Date.now() + STRANDED_AFTER_MS + 1000) };
    expect(await redeliverStrandedDocuments(later)).toEqual([id]);
    expect(await t.waitForDocument(id!)).toMatchObject({ status: 'ready', number: '415-BC/TU', pages: expect.any(Number) });
    // Settled: nothing to send any more; the next order takes the next number.
    expect(await redeliverStrandedDocuments(later)).toEqual([]);
    expect((await t.call('POST', '/campaigns/qn-2020/documents', example('documents/report.json'))).body.number).toBe('416-BC/TU');
  } finally {
    await t.app.stop();
  }
});
