import { deflateSync } from 'node:zlib';

/**
 * How a document's bytes come out (used by the engine's pdfkit document, pdf-internals.ts), with
 * less work per object than pdfkit's defaults:
 *
 * - streams (page contents, ToUnicode maps, font files) are deflated at zlib level 1 rather than
 *   6: about half the time for ~15% more bytes;
 * - the bytes are gathered as pdfkit writes them, synchronously: pdfkit pushes every object into
 *   a Readable stream (a Buffer, an event and a tick each), for a document that is written in
 *   one go anyway. Nothing enters the stream, so no tick holds a finished document: renders that
 *   never yield to the event loop (a loop of `await renderPdf`) keep no document alive.
 */

const FAST = { level: 1 };

/** A stream's chunks deflated at level 1 (same bytes on every run: zlib is deterministic). */
export function deflateFast(chunks: readonly Uint8Array[]): Buffer {
  return deflateSync(Buffer.concat(chunks), FAST);
}

/**
 * What pdfkit writes, in order. pdfkit's `_write` turns a string into its 'binary' bytes plus a
 * newline (one byte a character); strings are joined and converted once.
 */
export class GatheredOutput {
  private readonly parts: Buffer[] = [];
  private text = '';
  /** Set when pdfkit ends its stream (`push(null)`). */
  finished = false;

  /** Appends what pdfkit's `_write` would; returns how many bytes that is (pdfkit's `_offset`). */
  write(data: string | Buffer): number {
    if (typeof data === 'string') {
      this.text += `${data}\n`;
      return data.length + 1;
    }
    this.flushText();
    this.parts.push(data);
    return data.length;
  }

  /** Every byte written; throws if pdfkit did not finish the document. */
  bytes(): Buffer {
    // pdfkit finishes synchronously unless an object is still open (images being read): none here.
    if (!this.finished) throw new Error('pdf-output: pdfkit did not finish the document');
    this.flushText();
    return Buffer.concat(this.parts);
  }

  private flushText(): void {
    if (this.text) this.parts.push(Buffer.from(this.text, 'binary'));
    this.text = '';
  }
}
