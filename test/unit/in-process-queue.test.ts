/** The local queue keeps SQS's rules: retries with backoff, then the dead-letter list; close() drops waiting retries. */
import { describe, expect, it } from 'vitest';
import { InProcessQueue } from '../../functions/local/in-process-queue.ts';

describe('InProcessQueue', () => {
  it('retries a failing job, then dead-letters it after maxAttempts', async () => {
    const attempts: number[] = [];
    const queue = new InProcessQueue(async (_job, attempt) => {
      attempts.push(attempt);
      throw new Error('render failed');
    }, { maxAttempts: 3, backoffMs: 1 });
    await queue.send({ documentId: 'd1' });
    await queue.idle();
    expect(attempts).toEqual([1, 2, 3]);
    expect(queue.deadLetters).toEqual([{ job: { documentId: 'd1' }, error: 'render failed' }]);
  });

  it('delivers a job that succeeds on its second attempt once more, not to the dead letters', async () => {
    let calls = 0;
    const queue = new InProcessQueue(async () => {
      if (++calls === 1) throw new Error('once');
    }, { maxAttempts: 3, backoffMs: 1 });
    await queue.send({ documentId: 'd2' });
    await queue.idle();
    expect(calls).toBe(2);
    expect(queue.deadLetters).toEqual([]);
  });

  it('on close, drops the retries still waiting, is idle, and refuses new jobs', async () => {
    let calls = 0;
    const queue = new InProcessQueue(async () => {
      calls++;
      throw new Error('down');
    }, { maxAttempts: 3, backoffMs: 60_000 });
    await queue.send({ documentId: 'd3' });
    await new Promise((r) => setTimeout(r, 20));
    await queue.close();
    await queue.idle();
    expect(calls).toBe(1);
    await expect(queue.send({ documentId: 'd4' })).rejects.toThrow('closed');
  });
});
