import type { DocumentQueue, DocumentStorage, HealthCheck, IdempotencyStore, Repositories, SignatureKey } from './ports.ts';

/** What every use case may use: the ports, a clock, an id source and the settings. */
export type Deps = {
  repo: Repositories;
  idempotency: IdempotencyStore;
  storage: DocumentStorage;
  queue: DocumentQueue;
  /** The organization's key; absent where none is configured (then documents are not signed). */
  signatureKey?: SignatureKey;
  /** What GET /health asks; absent: nothing is checked and /health answers ok. */
  health?: HealthCheck;
  clock: () => Date;
  newId: () => string;
  settings: Settings;
};

export type Settings = {
  /** Base of the verification address printed in the QR code, e.g. `https://docs.example.vn`. */
  publicBaseUrl: string;
  /** HMAC key for cursors. */
  cursorSecret: string;
  /** Lifetime of a presigned PDF URL (the contract allows at most 300 s). */
  presignSeconds: number;
  /** Deliveries of a render job before the document is marked failed (the queue's maxReceiveCount). */
  renderAttempts: number;
};
