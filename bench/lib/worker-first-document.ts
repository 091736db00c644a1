/**
 * Entry of the bundle that bench/sections/worker-bundle.ts times: the worker's Lambda code
 * (functions/worker/handler.ts, as the stack bundles it) imported in a fresh process, then its
 * renderer's first document, from a `congress-docs render` input file. Prints
 * `{"importMs","firstDocumentMs","pages"}`; no snapshot, nothing warmed before.
 *
 * Usage (bundled): node index.mjs IN.json
 */
import { readFileSync } from 'node:fs';

const started = performance.now();
await import('../../functions/worker/handler.ts');
const imported = performance.now();
const [{ renderInputFromFile }, { renderPdf }] = await Promise.all([import('../../cli/render-command.ts'), import('../../templates/render.ts')]);
const input = renderInputFromFile(JSON.parse(readFileSync(process.argv[2]!, 'utf8')), 'https://example.invalid');
const { pages } = await renderPdf(input);
process.stdout.write(JSON.stringify({ importMs: imported - started, firstDocumentMs: performance.now() - imported, pages }));
