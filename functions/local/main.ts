import { resolve } from 'node:path';
import { startLocalApp, type LocalApp } from './app.ts';
import { watchLauncher } from './launcher-watch.ts';
import { JAVA_HINT } from './servers.ts';

/** Past this, a stop that hangs (a render that never returns) gives way to a plain exit. */
const STOP_TIMEOUT_MS = 15_000;

/**
 * `npm start`: the whole pipeline on this machine (CONTRACT §1). Settings: PORT, HOST, DATA_DIR,
 * BOOTSTRAP_KEY, PUBLIC_BASE_URL. Prints `API ready at <url>` once requests are accepted.
 *
 * It stops, and leaves no process behind, on SIGINT, SIGTERM or SIGHUP, and when npm (or whatever
 * started it) is gone (see launcher-watch.ts). When DynamoDB Local or s3rver stops by itself it
 * does not limp on: it prints one line saying why and exits with code 1, so that a supervisor
 * (systemd `Restart=on-failure`, a container runtime) starts it again on the same data.
 */
async function main(): Promise<void> {
  let app: LocalApp | undefined;
  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(exitCode || 1), STOP_TIMEOUT_MS).unref();
    await app?.stop().catch((err: Error) => console.error(`congress-docs: stopping failed: ${err.message}`));
    process.exit(exitCode);
  };
  const stopOn = (why: string) => {
    if (!stopping) console.log(`${why}: stopping…`);
    void stop(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => stopOn(signal));
  watchLauncher((why) => stopOn(why));

  // Quiet and readable on a terminal: warnings and errors only, indented (Powertools' dev mode).
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_DEV ??= 'true';
  // Node 20 is supported by the pinned SDK; its notice about 2027 releases is not for our users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dataDir = resolve(process.env.DATA_DIR || '.data');
  const quiet = (line: string) => {
    if (process.env.DEBUG) console.error(line);
  };
  app = await startLocalApp({
    host: process.env.HOST || '127.0.0.1',
    port: Number(process.env.PORT || 3000),
    dataDir,
    bootstrapKey: process.env.BOOTSTRAP_KEY || undefined,
    publicBaseUrl: process.env.PUBLIC_BASE_URL || undefined,
    log: quiet,
  });
  if (app.bootstrapKey && app.bootstrapKeyFile) {
    console.log(`Bootstrap secretariat key (also in ${app.bootstrapKeyFile}, shown once): ${app.bootstrapKey}`);
  }
  console.log(`API ready at ${app.url}`);
  console.log(`Console (open it in a browser, sign in with the key): ${app.url}/`);

  void app.died.then((why) => {
    if (stopping) return;
    console.error(`congress-docs: ${why}; exiting with code 1 so that it can be started again on the same data`);
    void stop(1);
  });
}

main().catch((err: Error) => {
  console.error(`congress-docs: ${err.message === JAVA_HINT ? err.message : `could not start: ${err.message}`}`);
  process.exit(1);
});
