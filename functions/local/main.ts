import { resolve } from 'node:path';
import { startLocalApp } from './app.ts';
import { JAVA_HINT } from './servers.ts';

/**
 * `npm start`: the whole pipeline on this machine (CONTRACT §1). Settings: PORT, HOST, DATA_DIR,
 * BOOTSTRAP_KEY, PUBLIC_BASE_URL. Prints `API ready at <url>` once requests are accepted.
 */
async function main(): Promise<void> {
  // Quiet and readable on a terminal: warnings and errors only, indented (Powertools' dev mode).
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_DEV ??= 'true';
  // Node 20 is supported by the pinned SDK; its notice about 2027 releases is not for our users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dataDir = resolve(process.env.DATA_DIR || '.data');
  const quiet = (line: string) => {
    if (process.env.DEBUG) console.error(line);
  };
  const app = await startLocalApp({
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

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: Error) => {
  console.error(`congress-docs: ${err.message === JAVA_HINT ? err.message : `could not start: ${err.message}`}`);
  process.exit(1);
});
