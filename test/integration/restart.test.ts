/**
 * The local queue lives in memory; a document ordered before a stop, and one whose render was
 * under way (`rendering`) when the worker went down, must still be rendered after the next start,
 * with its number, once; the number is never given again. (A real crash of the whole process in
 * the middle of a render: test/hardening/crash.test.ts.)
 */
import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startTestApp } from '../support/test-app.ts';

const example = (file: string) => JSON.parse(readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8'));

it('renders after a restart what was left `rendering` when the worker went down', async () => {
  const failing = async (): Promise<never> => {
    throw new Error('the machine went down');
  };
  // The first run fails its first attempt and would retry only a minute later: the stop comes first.
  const first = await startTestApp({ renderer: failing, renderBackoffMs: 60_000 });
  await first.call('PUT', '/campaigns/qn-2020', example('campaign.json'));
  await first.call('PUT', '/campaigns/qn-2020/organizations', example('organizations.json'));
  const ordered = await first.call('POST', '/campaigns/qn-2020/documents', example('documents/report.json'));
  for (let i = 0; i < 100 && (await first.call('GET', `/documents/${ordered.body.id}`)).body.status !== 'rendering'; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // The worker started it and died in it: the record says `rendering`, and nothing will retry it.
  expect((await first.call('GET', `/documents/${ordered.body.id}`)).body.status).toBe('rendering');
  await first.app.stop();

  const second = await startTestApp({ tableName: first.tableName, bucketName: first.bucketName, bootstrapKey: 'restart-test-key-0123456789' });
  try {
    const doc = await second.waitForDocument(ordered.body.id);
    expect(doc).toMatchObject({ status: 'ready', number: '415-BC/TU' });
    const next = await second.call('POST', '/campaigns/qn-2020/documents', example('documents/report.json'));
    expect(next.body.number).toBe('416-BC/TU');
  } finally {
    await second.app.stop();
  }
});
