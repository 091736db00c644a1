/**
 * The local app in a child process for crash.test.ts, with a renderer that says on stdout when it
 * starts a render (`rendering <documentId>`) and then takes RENDER_MS: the test kills this whole
 * process (SIGKILL) while a render is inside it. Settings as `npm start`: DATA_DIR, BOOTSTRAP_KEY.
 */
import { startLocalApp } from '../../functions/local/app.ts';
import type { Renderer } from '../../functions/core/use-cases/documents.ts';

const renderMs = Number(process.env.RENDER_MS ?? 0);
const slowRenderer: Renderer = async (input) => {
  console.log(`rendering ${input.document.id}`);
  await new Promise((r) => setTimeout(r, renderMs));
  return { pdf: new TextEncoder().encode(`%PDF-1.4\n% ${input.document.number}\n%%EOF\n`), pages: 1 };
};

const app = await startLocalApp({
  dataDir: process.env.DATA_DIR,
  port: 0,
  bootstrapKey: process.env.BOOTSTRAP_KEY,
  renderer: slowRenderer,
});
console.log(`API ready at ${app.url}`);
