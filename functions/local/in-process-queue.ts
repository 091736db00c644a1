import type { DocumentQueue, RenderJob } from '#core/ports.ts';

export type QueueOptions = {
  /** Deliveries before a job goes to the dead-letter list (SQS's maxReceiveCount). */
  maxAttempts: number;
  /** Delay before the n-th retry: base × 2^(n-1). */
  backoffMs: number;
  onDeadLetter?: (job: RenderJob, error: unknown) => void;
};

/**
 * The local stand-in for SQS with the same rules: at-least-once delivery, retries with backoff,
 * then the dead-letter list. Jobs run one at a time, so rendering never starves the API.
 */
export class InProcessQueue implements DocumentQueue {
  readonly deadLetters: { job: RenderJob; error: string }[] = [];
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private timers = new Set<NodeJS.Timeout>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly consume: (job: RenderJob, attempt: number) => Promise<unknown>,
    private readonly options: QueueOptions,
  ) {}

  async send(job: RenderJob): Promise<void> {
    if (this.closed) throw new Error('The queue is closed');
    this.deliver(job, 1);
  }

  /** Resolves when no job is waiting or running. */
  idle(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((r) => this.idleWaiters.push(r));
  }

  /** Stops taking jobs; lets the running one finish; pending retries are dropped (they'd be redelivered by SQS). */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.chain;
  }

  private deliver(job: RenderJob, attempt: number): void {
    this.pending++;
    this.chain = this.chain.then(async () => {
      try {
        await this.consume(job, attempt);
      } catch (error) {
        if (attempt >= this.options.maxAttempts) {
          this.deadLetters.push({ job, error: error instanceof Error ? error.message : String(error) });
          this.options.onDeadLetter?.(job, error);
        } else if (!this.closed) {
          this.retryLater(job, attempt + 1);
        }
      } finally {
        this.done();
      }
    });
  }

  private retryLater(job: RenderJob, attempt: number): void {
    this.pending++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.pending--;
      if (!this.closed) this.deliver(job, attempt);
      else this.done(0);
    }, this.options.backoffMs * 2 ** (attempt - 2));
    this.timers.add(timer);
  }

  private done(by = 1): void {
    this.pending -= by;
    if (this.pending === 0) for (const w of this.idleWaiters.splice(0)) w();
  }
}
