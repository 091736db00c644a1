/**
 * The tests run every route, and the worker, with only its Lambda's grants
 * (test/support/route-grants-guard.ts): here, that the guard refuses what the grants leave out
 * and passes what they give, so that it cannot quietly let everything through.
 */
import { describe, expect, it } from 'vitest';
import type { Deps } from '../../functions/core/deps.ts';
import { NotGranted, routeGrantsGuard, workerGrantsGuard } from '../support/route-grants-guard.ts';

const calls: string[] = [];
const deps = {
  storage: {
    putPdf: async () => void calls.push('putPdf'),
    getPdf: async () => (calls.push('getPdf'), new Uint8Array()),
    presignPdf: async () => (calls.push('presignPdf'), 'https://signed'),
    putInputs: async () => void calls.push('putInputs'),
    getInputs: async () => (calls.push('getInputs'), new Uint8Array()),
  },
  queue: { send: async () => void calls.push('send') },
  signatureKey: { name: 'the organization' },
  health: { failing: async () => [] },
  settings: { cursorSecret: 'secret', publicBaseUrl: 'https://x', presignSeconds: 300, renderAttempts: 3 },
} as unknown as Deps;

describe('the tests’ route grants guard', () => {
  it('passes what a route is granted', async () => {
    calls.length = 0;
    await routeGrantsGuard('getDocumentPdf', deps).storage.presignPdf('d', 's', 'f.pdf', 60);
    await routeGrantsGuard('createDocument', deps).storage.putInputs('d', new Uint8Array());
    await routeGrantsGuard('createDocument', deps).queue.send({ documentId: 'd' });
    await routeGrantsGuard('completeSignature', deps).storage.getInputs('d');
    expect(routeGrantsGuard('listDocuments', deps).settings.cursorSecret).toBe('secret');
    expect(routeGrantsGuard('health', deps).health).toBe(deps.health);
    expect(calls).toEqual(['presignPdf', 'putInputs', 'send', 'getInputs']);
  });

  it('refuses what the grants leave out, before the call reaches the store', () => {
    calls.length = 0;
    expect(() => routeGrantsGuard('getDocument', deps).storage.getPdf('d', 's')).toThrow(NotGranted);
    expect(() => routeGrantsGuard('getDocumentPdf', deps).storage.putPdf('d', new Uint8Array(), { sha256: 's', fileName: 'f' })).toThrow(/getDocumentPdf may not write a document's files/);
    expect(() => routeGrantsGuard('createDocument', deps).storage.getInputs('d')).toThrow(/may not read a document's frozen inputs/);
    expect(() => routeGrantsGuard('recallDocument', deps).queue.send({ documentId: 'd' })).toThrow(/render queue/);
    expect(() => routeGrantsGuard('getDocument', deps).settings.cursorSecret).toThrow(/cursor secret/);
    expect(() => routeGrantsGuard('getStats', deps).health).toThrow(/health checks/);
    expect(() => routeGrantsGuard('completeSignature', deps).signatureKey).toThrow(/signing key/);
    expect(() => routeGrantsGuard('noSuchRoute', deps)).toThrow(/not a route/);
    expect(calls).toEqual([]);
  });

  it('gives the worker its inputs, files, signing key and queue, and nothing else', async () => {
    calls.length = 0;
    const worker = workerGrantsGuard(deps);
    await worker.storage.getInputs('d');
    await worker.storage.getPdf('d', 's');
    await worker.storage.putPdf('d', new Uint8Array(), { sha256: 's', fileName: 'f' });
    await worker.queue.send({ documentId: 'd' });
    expect(worker.signatureKey).toBe(deps.signatureKey);
    expect(calls).toEqual(['getInputs', 'getPdf', 'putPdf', 'send']);
    calls.length = 0;
    expect(() => worker.storage.putInputs('d', new Uint8Array())).toThrow(/the document worker may not write a document's frozen inputs/);
    expect(() => worker.storage.getPreparedPdf('d', 's')).toThrow(/may not read a file prepared for signing/);
    expect(() => worker.settings.cursorSecret).toThrow(/cursor secret/);
    expect(() => worker.health).toThrow(/health checks/);
    expect(calls).toEqual([]);
  });
});
