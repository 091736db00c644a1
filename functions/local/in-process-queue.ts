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
  /** Deliveries waiting in the chain or running. */
  private queued = 0;
  /** Retries waiting for their backoff. */
  private readonly timers = new Set<NodeJS.Timeout>();
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

  /** Resolves when no job is waiting, running or due for a retry. */
  idle(): Promise<void> {
    return this.busy() ? new Promise((r) => this.idleWaiters.push(r)) : Promise.resolve();
  }

  /** Stops taking jobs; lets the running one finish; pending retries are dropped (they'd be redelivered by SQS). */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.chain;
    this.notifyIfIdle();
  }

  private busy(): boolean {
    return this.queued > 0 || this.timers.size > 0;
  }

  private deliver(job: RenderJob, attempt: number): void {
    this.queued++;
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
        this.queued--;
        this.notifyIfIdle();
      }
    });
  }

  private retryLater(job: RenderJob, attempt: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.deliver(job, attempt);
    }, this.options.backoffMs * 2 ** (attempt - 2));
    this.timers.add(timer);
  }

  private notifyIfIdle(): void {
    if (!this.busy()) for (const w of this.idleWaiters.splice(0)) w();
  }
}
