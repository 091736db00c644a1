import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dynamoClient, s3Client } from '#adapters/clients.ts';
import { dynamoRepositories } from '#adapters/dynamo/index.ts';
import { PRESIGN_SECONDS, RENDER_ATTEMPTS, setDeps } from '#adapters/runtime-deps.ts';
import { storesHealthCheck } from '#adapters/health-check.ts';
import { s3DocumentStorage } from '#adapters/s3-storage.ts';
import type { Deps } from '#core/deps.ts';
import { keyFromToken, newKey } from '#core/keys.ts';
import type { SignatureKey } from '#core/ports.ts';
import type { Renderer } from '#core/use-cases/documents.ts';
import { processRenderJob } from '#core/use-cases/render-job.ts';
import { redeliverStrandedDocuments } from '#core/use-cases/stranded-documents.ts';
import { EXPIRY_SWEEP_MS, expirePreparedFiles } from './expire-prepared.ts';
import { localSignatureKey } from './local-signature-key.ts';
import { startHttpHost } from './http-host.ts';
import { InProcessQueue } from './in-process-queue.ts';
import { startLocalServers, type LocalServers } from './servers.ts';

export type LocalAppOptions = {
  host?: string;
  port?: number;
  /** Persistent data folder; undefined keeps everything in memory (tests, demo). */
  dataDir?: string;
  bootstrapKey?: string;
  publicBaseUrl?: string;
  /** Tests inject faults or a slow renderer here; default the real one. */
  renderer?: Renderer;
  renderBackoffMs?: number;
  /** Use servers that are already running (the test suite's) instead of starting a pair. */
  servers?: Omit<LocalServers, 'stop' | 'dynamoPid' | 'died'>;
  log?: (line: string) => void;
  /**
   * The organization's signing key. Default: with a dataDir, the one kept under it (made on the
   * first start, or SIGNING_P12); in memory, none (documents are then not signed), unless given.
   */
  signatureKey?: SignatureKey;
  /** What each route's handler sees instead of the app's deps (tests: only its Lambda's grants). */
  depsForRoute?: (routeId: string, deps: Deps) => Deps;
  /** The same for the worker's jobs: rendering, signing, sending stranded jobs again. */
  depsForWorker?: (deps: Deps) => Deps;
  /** The app's time; tests move it. Default the machine's. */
  clock?: () => Date;
};

export type LocalApp = {
  url: string;
  deps: Deps;
  queue: InProcessQueue;
  /** The bootstrap secretariat key, when it was made or given at this start. */
  bootstrapKey?: string;
  bootstrapKeyFile?: string;
  /** Settles with a sentence when DynamoDB Local or s3rver stopped by itself (never for given `servers`). */
  died: Promise<string>;
  stop(): Promise<void>;
};

const TABLE = 'congress-docs';
const BUCKET = 'congress-docs-documents';

/**
 * The whole product on one machine: DynamoDB Local and s3rver on loopback, the real SDK clients,
 * the in-process render queue, and the HTTP host over the route table.
 */
export async function startLocalApp(opts: LocalAppOptions = {}): Promise<LocalApp> {
  const log = opts.log ?? (() => undefined);
  const host = opts.host ?? '127.0.0.1';
  if (opts.dataDir) await mkdir(opts.dataDir, { recursive: true });
  const servers = opts.servers
    ? { ...opts.servers, died: new Promise<string>(() => undefined), stop: async () => undefined }
    : await startLocalServers({ dataDir: opts.dataDir, tableName: TABLE, bucketName: BUCKET, log });
  try {
    const endpoints = {
      region: servers.region,
      credentials: servers.credentials,
      dynamoEndpoint: servers.dynamoEndpoint,
      s3Endpoint: servers.s3Endpoint,
    };
    const dynamo = dynamoClient(endpoints);
    const s3 = s3Client(endpoints);
    const repo = dynamoRepositories(dynamo, servers.tableName);
    const render = opts.renderer ?? (await import('#templates/render.ts')).renderPdf;
    let deps!: Deps;
    // Per job, as routes are per request: what a test changes in app.deps reaches the next job.
    const workerDeps = () => (opts.depsForWorker ? opts.depsForWorker(deps) : deps);
    const queue = new InProcessQueue((job, attempt) => processRenderJob(workerDeps(), render, { ...job, attempt }), {
      maxAttempts: RENDER_ATTEMPTS,
      backoffMs: opts.renderBackoffMs ?? 500,
      onDeadLetter: (job) => log(`document ${job.documentId} failed after ${RENDER_ATTEMPTS} attempts (dead-lettered)`),
    });
    const { server, url } = await startHttpHost({ host, port: opts.port ?? 3000 });
    deps = {
      repo,
      idempotency: repo.idempotency,
      storage: s3DocumentStorage(s3, servers.bucketName),
      health: storesHealthCheck({ dynamo, tableName: servers.tableName, s3, bucketName: servers.bucketName }),
      queue,
      signatureKey: opts.signatureKey ?? (opts.dataDir ? await localSignatureKey(opts.dataDir) : undefined),
      clock: opts.clock ?? (() => new Date()),
      newId: randomUUID,
      settings: {
        publicBaseUrl: opts.publicBaseUrl ?? url,
        cursorSecret: await cursorSecret(opts.dataDir),
        presignSeconds: PRESIGN_SECONDS,
        renderAttempts: RENDER_ATTEMPTS,
      },
    };
    setDeps(deps, opts.depsForRoute);
    const boot = await bootstrap(deps, opts);
    // The in-process queue forgets its messages when the process stops; SQS would not. Deliver
    // again every document ordered before now and never settled.
    await redeliverStrandedDocuments(workerDeps(), { olderThanMs: 0 });
    // What the bucket's lifecycle does in AWS: prepared signature files go after a day.
    const sweep = () =>
      expirePreparedFiles(s3, servers.bucketName, deps.clock()).then(
        (n) => {
          if (n) log(`${n} file(s) prepared for a signature more than a day ago deleted`);
        },
        (error: Error) => log(`could not delete expired prepared files: ${error.message}`),
      );
    await sweep();
    const sweeper = setInterval(sweep, EXPIRY_SWEEP_MS).unref();

    let stopped: Promise<void> | undefined;
    return {
      url,
      deps,
      queue,
      ...boot,
      died: servers.died,
      stop: () =>
        (stopped ??= (async () => {
          clearInterval(sweeper);
          await new Promise<void>((r) => server.close(() => r()));
          server.closeAllConnections();
          await queue.close();
          await servers.stop();
        })()),
    };
  } catch (err) {
    await servers.stop();
    throw err;
  }
}

/**
 * CONTRACT §2 "Local mode": BOOTSTRAP_KEY is registered (idempotently) as an all-campaign
 * secretariat key; without it, a key is made on the first start only and written, mode 0600.
 */
async function bootstrap(deps: Deps, opts: LocalAppOptions): Promise<{ bootstrapKey?: string; bootstrapKeyFile?: string }> {
  const now = deps.clock().toISOString();
  if (opts.bootstrapKey) {
    const { id, secretHash } = keyFromToken(opts.bootstrapKey);
    const existing = await deps.repo.getKey(id);
    if (!existing || existing.secretHash !== secretHash || existing.revokedAt) {
      await deps.repo.putKey({ id, secretHash, role: 'secretariat', label: 'bootstrap (BOOTSTRAP_KEY)', createdAt: existing?.createdAt ?? now });
    }
    return { bootstrapKey: opts.bootstrapKey };
  }
  const file = opts.dataDir ? join(opts.dataDir, 'bootstrap.key') : undefined;
  if (file && (await exists(file))) return { bootstrapKeyFile: file };
  const key = newKey();
  await deps.repo.putKey({ id: key.id, secretHash: key.secretHash, role: 'secretariat', label: 'bootstrap', createdAt: now });
  if (file) {
    await writeFile(file, key.token + '\n', { mode: 0o600 });
    await chmod(file, 0o600);
  }
  return { bootstrapKey: key.token, bootstrapKeyFile: file };
}

/** Cursors stay valid across restarts of the same data folder. */
async function cursorSecret(dataDir: string | undefined): Promise<string> {
  if (!dataDir) return randomBytes(32).toString('base64url');
  const file = join(dataDir, 'cursor.secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await readFile(file);
    return true;
  } catch {
    return false;
  }
}
