import { deflateSync } from 'node:zlib';

/**
 * How pdf-engine.ts gets a pdfkit document's bytes out, with less work per object than pdfkit's
 * defaults:
 *
 * - streams (page contents, ToUnicode maps) are deflated at zlib level 1 rather than 6: about
 *   half the time for ~15% more bytes of content (the fonts, most of a file, are deflated once
 *   per subset and kept, see `withCachedDeflate`);
 * - the bytes are gathered as pdfkit writes them, synchronously: pdfkit pushes every object into
 *   a Readable stream (a Buffer, an event and a tick each), for a document that is written in
 *   one go anyway. Even the header its constructor pushes stays out of the stream (`keepPushed`):
 *   a Readable schedules a tick holding the document, and renders that never yield to the event
 *   loop (a loop of `await renderPdf`) would keep every document alive until they do.
 */

/** pdfkit's PDFReference, as far as its stream is touched here. */
export type PdfReference = {
  compress: boolean;
  data: Record<string, unknown>;
  buffer: Uint8Array[] | Uint8Array;
  end(chunk?: Uint8Array): void;
  finalize(): void;
};

/** pdfkit's PDFDocument, as far as its output is touched here. */
export type OutputDocument = {
  ref(data?: Record<string, unknown>): PdfReference;
  end(): void;
  push(chunk: unknown): boolean;
  _write(data: string | Buffer): void;
  _offset: number;
};

const FAST = { level: 1 };

/** Every stream object of `document` made from now on is deflated at level 1 (same dictionary as pdfkit's). */
export function deflateStreamsFast(document: OutputDocument): void {
  const ref = document.ref;
  document.ref = (data) => {
    const reference = ref.call(document, data);
    const finalize = reference.finalize;
    reference.finalize = function (this: PdfReference) {
      const chunks = this.buffer as Uint8Array[];
      if (this.compress && chunks.length) {
        this.buffer = [deflateSync(Buffer.concat(chunks), FAST)];
        this.compress = false;
        this.data.Filter = 'FlateDecode';
      }
      return finalize.call(this);
    };
    return reference;
  };
}

/**
 * A stream object whose `end(bytes)` deflates through `cache` (pdfkit's zlib output, kept per
 * input): the same dictionary (Length, then Filter, as PDFReference#write orders them).
 */
export function withCachedDeflate(reference: PdfReference, cache: WeakMap<Uint8Array, Buffer>): PdfReference {
  if (!reference.compress) return reference;
  const end = reference.end.bind(reference);
  reference.end = (chunk?: Uint8Array) => {
    if (!chunk?.length) return end(chunk);
    let deflated = cache.get(chunk);
    if (deflated === undefined) {
      deflated = deflateSync(chunk);
      cache.set(chunk, deflated);
    }
    reference.data.Length = deflated.length;
    reference.data.Filter = 'FlateDecode';
    reference.compress = false;
    reference.buffer = [deflated];
    reference.finalize();
  };
  return reference;
}

const PUSHED = Symbol('pushed');

/** What a document class's `push` does instead of the Readable's: keeps the chunk on the document. */
export function keepPushed(document: object, chunk: unknown): boolean {
  const holder = document as { [PUSHED]?: Buffer[] };
  if (chunk !== null) (holder[PUSHED] ??= []).push(chunk as Buffer);
  return true;
}

/**
 * From now on, what pdfkit writes is gathered here; `finish` ends the document and returns all
 * its bytes (what pdfkit had already pushed first, its header: see keepPushed).
 * pdfkit's `_write` turns a string into its 'binary' bytes plus a newline: one byte a character.
 */
export function gatherOutput(document: OutputDocument): { finish(): Buffer } {
  const parts: Buffer[] = (document as { [PUSHED]?: Buffer[] })[PUSHED] ?? [];
  let text = '';
  let finished = false;
  document._write = (data) => {
    if (typeof data === 'string') {
      text += `${data}\n`;
      document._offset += data.length + 1;
    } else {
      if (text) parts.push(Buffer.from(text, 'binary'));
      text = '';
      parts.push(data);
      document._offset += data.length;
    }
  };
  document.push = (chunk) => {
    if (chunk === null) finished = true;
    return true;
  };
  return {
    finish() {
      document.end();
      // pdfkit finishes synchronously unless an object is still open (images being read): none here.
      if (!finished) throw new Error('pdf-output: pdfkit did not finish the document');
      if (text) parts.push(Buffer.from(text, 'binary'));
      return Buffer.concat(parts);
    },
  };
}
