import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalApp } from './app.ts';
import { localSignatureKey } from './local-signature-key.ts';

/**
 * `npm run demo`: the Quảng Ninh example through the same HTTP API a user calls — campaign,
 * organizations, submissions, then the report, the proposal and the letter — written to out/.
 * One shot: the servers run in memory and stop at the end.
 */
const examples = resolve(import.meta.dirname, '../../examples');
const outDir = resolve(process.env.OUT_DIR || 'out');

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  // Node 20 is supported by the pinned SDK; its notice about 2027 releases is not for our users.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // The demo's own server lives for a minute on a random port; the QR codes point where `npm start`
  // serves (or PUBLIC_BASE_URL), so that a printed demo document names a reachable address.
  // The organization's key of this one run (made in a temporary folder, or SIGNING_P12): the
  // PDFs come out signed as `npm start` signs them.
  const keyDir = await mkdtemp(join(tmpdir(), 'congress-docs-demo-'));
  const app = await startLocalApp({
    port: 0,
    publicBaseUrl: process.env.PUBLIC_BASE_URL || 'http://127.0.0.1:3000',
    signatureKey: await localSignatureKey(keyDir),
  });
  try {
    const api = client(app.url, app.bootstrapKey!);
    const campaign = await json<{ id: string }>('campaign.json');
    await api('PUT', `/campaigns/${campaign.id}`, campaign);
    await api('PUT', `/campaigns/${campaign.id}/organizations`, await json('organizations.json'));
    const submissions = await json<unknown[]>('submissions.json');
    for (const s of submissions) await api('POST', `/campaigns/${campaign.id}/submissions`, s);
    console.log(`Loaded ${submissions.length} submissions into campaign ${campaign.id}.`);

    await mkdir(outDir, { recursive: true });
    for (const name of ['report', 'proposal', 'letter']) {
      const request = await json(`documents/${name}.json`);
      const doc = await api<{ id: string }>('POST', `/campaigns/${campaign.id}/documents`, request);
      const ready = await waitReady(api, doc.id);
      const pdf = await download(app.url, app.bootstrapKey!, doc.id);
      const path = join(outDir, `${name}.pdf`);
      await writeFile(path, pdf);
      const signed = createHash('sha256').update(pdf).digest('hex');
      console.log(`${path}  ${ready.number}, ${ready.pages} pages, signed by the organization, sha256 ${signed}`);
    }
  } finally {
    await app.stop();
    await rm(keyDir, { recursive: true, force: true });
  }
}

type Api = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

function client(base: string, key: string): Api {
  return async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text);
  };
}

async function waitReady(api: Api, id: string) {
  for (let i = 0; i < 600; i++) {
    const doc = await api<{ status: string; number: string; pages: number; sha256: string; error?: string; awaitingSignature?: string }>(
      'GET',
      `/documents/${id}`,
    );
    // Ready and signed by the organization (the server's own step).
    if (doc.status === 'ready' && doc.awaitingSignature !== 'organization') return doc;
    if (doc.status === 'failed') throw new Error(`document ${doc.number} failed: ${doc.error}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`document ${id} was not ready within a minute`);
}

async function download(base: string, key: string, id: string): Promise<Buffer> {
  const res = await fetch(`${base}/documents/${id}/pdf`, { headers: { authorization: `Bearer ${key}` } });
  if (!res.ok) throw new Error(`download of ${id} answered ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

const json = async <T = unknown>(file: string): Promise<T> => JSON.parse(await readFile(join(examples, file), 'utf8')) as T;

main().catch((err: Error) => {
  console.error(`demo failed: ${err.message}`);
  process.exitCode = 1;
});
