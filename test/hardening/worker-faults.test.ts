/**
 * ISSUE 5.3: the worker under faults. Faults are injected into the live dependencies the
 * handlers and the queue's consumer use (`app.deps`), or into the renderer.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../functions/core/deps.ts';
import { renderDocument, type Renderer } from '../../functions/core/use-cases/documents.ts';
import { startTestApp } from '../support/test-app.ts';
import { fakeRenderer, letterRequest, reportRequest, seedCampaign, type TestApp } from './support.ts';

const C = 'faults-2020';
let t: TestApp;
let original: Pick<Deps, 'storage' | 'repo'>;

/** A renderer whose behaviour a test can switch; the real one is not needed for these faults. */
let renderHook: (() => void) | undefined;
const renderer: Renderer = async (input) => {
  renderHook?.();
  return fakeRenderer(input);
};

beforeAll(async () => {
  t = await startTestApp({ renderer });
  original = { storage: t.app.deps.storage, repo: t.app.deps.repo };
  await seedCampaign(t, C, { orgs: [] });
});
afterEach(() => {
  t.app.deps.storage = original.storage;
  t.app.deps.repo = original.repo;
  renderHook = undefined;
});
afterAll(() => t?.app.stop());

const order = async (request = reportRequest) => {
  const r = await t.call('POST', `/campaigns/${C}/documents`, request);
  expect(r.status, r.text).toBe(202);
  return r.body as { id: string; number: string };
};

/** Counts calls to putPdf and fails the first `failures` of them. */
function failingStorage(failures: number) {
  const calls = { put: 0 };
  t.app.deps.storage = {
    ...original.storage,
    putPdf: async (...args) => {
      calls.put++;
      if (calls.put <= failures) throw Object.assign(new Error('S3 said: InternalError at bucket congress-docs'), { name: 'InternalError' });
      return original.storage.putPdf(...args);
    },
  };
  return calls;
}

describe('S3 writes', () => {
  it('a write that fails once is retried and the document becomes ready', async () => {
    const calls = failingStorage(1);
    const doc = await order();
    const done = await t.waitForDocument(doc.id);
    expect(done).toMatchObject({ status: 'ready', number: doc.number });
    expect(done.error).toBeUndefined();
    expect(calls.put).toBe(2);
    expect(t.app.queue.deadLetters.find((d) => d.job.documentId === doc.id)).toBeUndefined();
  });

  it('a write that always fails: failed with a plain sentence, dead-lettered, the number kept and never reused', async () => {
    failingStorage(Infinity);
    const doc = await order();
    const failed = await t.waitForDocument(doc.id);
    expect(failed.status).toBe('failed');
    expect(failed.number).toBe(doc.number);
    expect(failed.error).toMatch(/^[A-Z][^\n]{10,200}[.;]/);
    for (const internal of ['S3', 'InternalError', 'bucket', 'Exception', 'congress-docs', ' at ']) {
      expect(failed.error).not.toContain(internal);
    }
    await t.app.queue.idle();
    expect(t.app.queue.deadLetters.filter((d) => d.job.documentId === doc.id)).toHaveLength(1);

    // GET still shows it, with its number; the PDF is not downloadable
    const again = await t.call('GET', `/documents/${doc.id}`);
    expect(again.body).toMatchObject({ status: 'failed', number: doc.number });
    expect((await t.call('GET', `/documents/${doc.id}/pdf`)).status).toBe(409);

    // the next document of the series takes the next number: no reuse, no gap
    t.app.deps.storage = original.storage;
    const next = await order();
    const seq = (n: string) => Number(n.split('-')[0]);
    expect(seq(next.number)).toBe(seq(doc.number) + 1);
    expect((await t.waitForDocument(next.id)).status).toBe('ready');
  });
});

describe('DynamoDB throttling', () => {
  const throttled = () =>
    Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
      name: 'ProvisionedThroughputExceededException',
      $fault: 'client',
    });

  it('a ProvisionedThroughputExceededException on the first attempt is retried and the document becomes ready', async () => {
    await t.app.queue.idle();
    let thrown = 0;
    t.app.deps.repo = {
      ...original.repo,
      transitionDocument: async (id, from, change) => {
        if (change.status === 'rendering' && thrown === 0) {
          thrown++;
          throw throttled();
        }
        return original.repo.transitionDocument(id, from, change);
      },
    };
    const doc = await order(letterRequest);
    const done = await t.waitForDocument(doc.id);
    expect(done).toMatchObject({ status: 'ready', number: doc.number });
    expect(thrown).toBe(1);
  });

  it('throttled on every attempt, even on reading the document: failed and dead-lettered, not queued for ever', async () => {
    await t.app.queue.idle();
    const blocked = new Set<string>();
    t.app.deps.repo = {
      ...original.repo,
      getDocument: async (id) => {
        if (blocked.has(id)) throw throttled();
        return original.repo.getDocument(id);
      },
    };
    // hold the id back from the worker until the test knows it
    const ids: string[] = [];
    const realNewId = t.app.deps.newId;
    t.app.deps.newId = () => {
      const id = realNewId();
      ids.push(id);
      blocked.add(id);
      return id;
    };
    try {
      const doc = await order();
      await t.app.queue.idle();
      expect(ids).toContain(doc.id);
      t.app.deps.repo = original.repo;
      const now = (await t.call('GET', `/documents/${doc.id}`)).body;
      expect(now).toMatchObject({ status: 'failed', number: doc.number });
      expect(now.error).not.toMatch(/Throughput|Exception/);
      expect(t.app.queue.deadLetters.filter((d) => d.job.documentId === doc.id)).toHaveLength(1);
    } finally {
      t.app.deps.newId = realNewId;
    }
  });
});

describe('a crash between numbering and storing the PDF', () => {
  it('redelivery renders the same number, ready once', async () => {
    // the first render attempt dies before putPdf, as a killed process would; nothing catches it
    let attempts = 0;
    renderHook = () => {
      attempts++;
      if (attempts === 1) throw new Error('process killed');
    };
    const calls = failingStorage(0);
    const doc = await order(letterRequest);
    const done = await t.waitForDocument(doc.id);
    expect(done).toMatchObject({ status: 'ready', number: doc.number });
    expect(attempts).toBe(2);
    expect(calls.put).toBe(1);
    const readyAt = done.readyAt;
    // SQS redelivers the message once more (visibility timeout ran out): nothing changes
    expect(await renderDocument(t.app.deps, renderer, { documentId: doc.id, attempt: 1 })).toBe('skipped');
    const after = (await t.call('GET', `/documents/${doc.id}`)).body;
    expect(after).toEqual(done);
    expect(after.readyAt).toBe(readyAt);
    expect(calls.put).toBe(1);
  });
});

describe('a message delivered again after success', () => {
  it('changes nothing: same sha256, same readyAt, no second write', async () => {
    const doc = await order();
    const done = await t.waitForDocument(doc.id);
    expect(done.status).toBe('ready');
    const calls = failingStorage(0);
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await renderDocument(t.app.deps, renderer, { documentId: doc.id, attempt })).toBe('skipped');
    }
    // a delivery that read the document just before another one finished it (a stale read)
    t.app.deps.repo = {
      ...original.repo,
      getDocument: async (id) => {
        const d = await original.repo.getDocument(id);
        return d && id === doc.id ? { ...d, status: 'rendering' } : d;
      },
    };
    expect(await renderDocument(t.app.deps, renderer, { documentId: doc.id, attempt: 2 })).toBe('skipped');
    t.app.deps.repo = original.repo;
    // through the queue's own consumer too
    await t.app.queue.send({ documentId: doc.id });
    await t.app.queue.idle();
    const after = (await t.call('GET', `/documents/${doc.id}`)).body;
    expect(after).toEqual(done);
    expect(calls.put).toBe(0);
    const pdf = await fetch((await t.call('GET', `/documents/${doc.id}/pdf`)).headers.get('location')!);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(new Uint8Array(await pdf.arrayBuffer())).digest('hex')).toBe(done.sha256);
  });
});

describe('a late concurrent delivery', () => {
  it('cannot make the download differ from the recorded digest: PDFs are stored under their SHA-256', async () => {
    const { createHash } = await import('node:crypto');
    const doc = await order();
    const ready = await t.waitForDocument(doc.id);
    // Another delivery of the same job, rendering from data that changed meanwhile, writes its bytes late.
    const other = new TextEncoder().encode('%PDF-1.7 other bytes');
    const otherSha = createHash('sha256').update(other).digest('hex');
    await t.app.deps.storage.putPdf(doc.id, other, { sha256: otherSha, fileName: 'x.pdf' });

    const location = (await t.call('GET', `/documents/${doc.id}/pdf`)).headers.get('location')!;
    const bytes = new Uint8Array(await (await fetch(location)).arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(ready.sha256);
  });
});
