/**
 * A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe` (no dependency): one
 * headless Chromium launch that prints a page N times as N separate PDFs, timed from spawn to the
 * exit of the browser process — the same window as `runTimed` gives a `--print-to-pdf` launch.
 *
 * The pipe: Chromium reads commands on its fd 3 and writes replies and events on its fd 4, each
 * message a JSON text followed by a NUL byte. Chromium is started in its own process group
 * (`detached`), and that group is SIGKILLed after the browser exits and on any error or timeout,
 * so that no helper (zygote, renderer, GPU/utility process) outlives a run. The one exception is
 * chrome_crashpad_handler, which Chromium double-forks into a session of its own (out of reach of
 * the group kill, and not ours to find by name): it exits by itself once the browser is gone,
 * killed or not, as it does after a `--print-to-pdf` launch.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export type PrintReportsOptions = {
  /** The Chromium executable; /usr/bin/chromium by default (Debian's launcher script, which `exec`s the browser). */
  chromium?: string;
  /** Kill everything and reject after this long (whole run, spawn to exit); 60 s + 5 s a copy by default. */
  timeoutMs?: number;
  /** Print each copy in a new tab (created, printed, closed) instead of navigating one tab again. */
  freshTab?: boolean;
  /** More command-line flags (e.g. those @sparticuz/chromium's build needs). */
  extraArgs?: readonly string[];
};

export type PrintReportsResult = {
  /** Wall time from spawn to the exit of the browser process: launch, `count` loads and prints, PDFs written, shutdown. */
  ms: number;
  /** The PDFs written, in order: `outDir/chromium-cdp-01.pdf`, … */
  files: string[];
};

type Message = { id?: number; method?: string; params?: Record<string, unknown>; sessionId?: string; result?: Record<string, unknown>; error?: { code: number; message: string } };

/**
 * One launch that loads `htmlUrl` and prints it `count` times (one `Page.printToPDF` each, after
 * the load event and `document.fonts.ready`), each PDF written to its own file in `outDir`; then
 * `Browser.close` and the wait for the exit. Given several URLs, the i-th print loads the i-th
 * (in turn): documents that share nothing.
 */
export async function printReports(
  htmlUrls: string | readonly string[],
  count: number,
  outDir: string,
  opts: PrintReportsOptions = {},
): Promise<PrintReportsResult> {
  const urlOf = (i: number) => (typeof htmlUrls === 'string' ? htmlUrls : htmlUrls[(i - 1) % htmlUrls.length]!);
  const profile = await mkdtemp(join(tmpdir(), 'congress-docs-chromium-cdp-'));
  let killGroup = () => {};
  try {
    const args = [
      '--headless',
      '--remote-debugging-pipe',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      ...(opts.extraArgs ?? []),
    ];
    const start = performance.now();
    const child = spawn(opts.chromium ?? '/usr/bin/chromium', args, {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    };
    // If this process goes down mid-run, the browser goes with it.
    process.once('exit', killGroup);
    const toChromium = child.stdio[3] as Writable;
    const fromChromium = child.stdio[4] as Readable;

    // ---- failure: every pending command and awaited event rejects with the first error ----------
    let failure: Error | undefined;
    const pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void; method: string }>();
    const waiters = new Set<{ method: string; sessionId?: string; resolve: (p: Record<string, unknown>) => void; reject: (e: Error) => void }>();
    let rejectExit: (e: Error) => void = () => {};
    const fail = (err: Error) => {
      if (failure) return;
      failure = err;
      killGroup();
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      for (const w of waiters) w.reject(err);
      waiters.clear();
      rejectExit(err);
    };
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4000)));
    const timeoutMs = opts.timeoutMs ?? 60_000 + 5_000 * count;
    const timer = setTimeout(() => fail(new Error(`chromium-cdp: timed out after ${timeoutMs} ms; stderr: ${stderr.slice(-1000)}`)), timeoutMs);
    child.on('error', (err) => fail(err));
    toChromium.on('error', (err) => fail(new Error(`chromium-cdp: writing to the pipe: ${err.message}`)));
    fromChromium.on('error', (err) => fail(new Error(`chromium-cdp: reading from the pipe: ${err.message}`)));

    // ---- exit: expected only after Browser.close ---------------------------------------------------
    let closing = false;
    let exitMs = Number.NaN;
    const gone = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    const exited = new Promise<void>((resolve, reject) => {
      rejectExit = reject;
      child.on('exit', (code, signal) => {
        exitMs = performance.now() - start;
        killGroup(); // helpers still alive once the browser is gone
        if (closing) resolve();
        else fail(new Error(`chromium-cdp: chromium exited (code ${code}, signal ${signal}) before Browser.close; stderr: ${stderr.slice(-1000)}`));
      });
    });
    exited.catch(() => {}); // observed below; never an unhandled rejection

    // ---- framing: JSON + NUL both ways ------------------------------------------------------------
    const dispatch = (msg: Message) => {
      if (msg.id !== undefined) {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`chromium-cdp: ${p.method}: ${msg.error.message} (${msg.error.code})`));
        else p.resolve(msg.result ?? {});
        return;
      }
      if (!msg.method) return;
      for (const w of waiters) {
        if (w.method === msg.method && w.sessionId === msg.sessionId) {
          waiters.delete(w);
          w.resolve(msg.params ?? {});
        }
      }
    };
    let buffered: Buffer[] = [];
    fromChromium.on('data', (chunk: Buffer) => {
      let from = 0;
      for (let nul = chunk.indexOf(0); nul !== -1; nul = chunk.indexOf(0, from)) {
        buffered.push(chunk.subarray(from, nul));
        const text = Buffer.concat(buffered).toString('utf8');
        buffered = [];
        from = nul + 1;
        let msg: Message;
        try {
          msg = JSON.parse(text) as Message;
        } catch {
          fail(new Error(`chromium-cdp: unparsable message: ${text.slice(0, 200)}`));
          return;
        }
        dispatch(msg);
      }
      if (from < chunk.length) buffered.push(chunk.subarray(from));
    });
    let nextId = 0;
    const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> => {
      if (failure) return Promise.reject(failure);
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, method });
        toChromium.write(`${JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params })}\0`);
      });
    };
    /** Registered before the command that causes it, so that the event cannot be missed. */
    const nextEvent = (method: string, sessionId?: string): Promise<Record<string, unknown>> => {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => waiters.add({ method, sessionId, resolve, reject }));
    };

    // ---- the run ------------------------------------------------------------------------------------
    const openTab = async () => {
      const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
      const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
      await send('Page.enable', {}, sessionId);
      return { targetId, sessionId };
    };
    const files: string[] = [];
    try {
      let tab = await openTab();
      for (let i = 1; i <= count; i++) {
        if (opts.freshTab && i > 1) {
          await send('Target.closeTarget', { targetId: tab.targetId });
          tab = await openTab();
        }
        const { sessionId } = tab;
        const loaded = nextEvent('Page.loadEventFired', sessionId);
        loaded.catch(() => {});
        // A distinct URL each time: a real navigation (a new document), never a same-document one.
        const htmlUrl = urlOf(i);
        const nav = (await send('Page.navigate', { url: `${htmlUrl}?copy=${i}` }, sessionId)) as { errorText?: string };
        if (nav.errorText) throw new Error(`chromium-cdp: navigation to ${htmlUrl} failed: ${nav.errorText}`);
        await loaded;
        const fonts = (await send('Runtime.evaluate', { expression: 'document.fonts.ready.then((f) => f.status)', awaitPromise: true, returnByValue: true }, sessionId)) as {
          result?: { value?: unknown };
          exceptionDetails?: unknown;
        };
        if (fonts.exceptionDetails || fonts.result?.value !== 'loaded') throw new Error(`chromium-cdp: document.fonts.ready gave ${JSON.stringify(fonts)}`);
        const { data } = (await send('Page.printToPDF', { preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false }, sessionId)) as { data: string };
        const file = join(outDir, `chromium-cdp-${String(i).padStart(2, '0')}.pdf`);
        await writeFile(file, Buffer.from(data, 'base64'));
        files.push(file);
      }
      closing = true;
      send('Browser.close').catch(() => {}); // the reply may lose the race with the exit
      await exited;
    } catch (err) {
      fail(err instanceof Error ? err : new Error(String(err)));
      // The group is SIGKILLed: give the browser a moment to be gone before its profile is removed.
      await Promise.race([gone, new Promise((r) => setTimeout(r, 2000).unref())]);
      throw failure ?? err;
    } finally {
      clearTimeout(timer);
      toChromium.destroy();
      fromChromium.destroy();
    }
    return { ms: exitMs, files };
  } finally {
    killGroup();
    process.removeListener('exit', killGroup);
    await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}
