import { createHash } from 'node:crypto';
import { appendUpdate, PdfFile } from './pdf-file.ts';
import { array, dict, name, pdfDate, PdfSyntaxError, raw, ref, textString, type PdfDict, type PdfValue } from './pdf-objects.ts';

/**
 * A PAdES signature as an incremental update (ETSI EN 319 142-1, baseline B-B): a signature
 * dictionary (/SubFilter /ETSI.CAdES.detached) whose /Contents is a zero-filled placeholder for
 * the CMS and whose /ByteRange covers the whole file but that placeholder; an invisible signature
 * field on the last page; /AcroForm /SigFlags 3 in the catalog. A second signature is another
 * update on top, so each earlier file (the issued one first) stays a byte-prefix of the next.
 */

export type ByteRange = [number, number, number, number];

export type SignatureFacts = {
  signedAt: Date;
  /** Who signs, as a reader shows it (the certificate's common name). */
  signerName: string;
  reason: string;
  /** Room for the CMS, in bytes (see `contentsCapacity`). */
  contentsBytes: number;
};

export type PreparedPdf = {
  /** The file with the placeholder: what the signature's ByteRange covers, but for /Contents. */
  pdf: Uint8Array;
  byteRange: ByteRange;
  /** SHA-256 of the covered bytes: the CMS messageDigest. */
  digest: Uint8Array;
};

// Ten digits hold any offset of a file under 10 GB; the filled-in range is padded to this width.
const BYTE_RANGE_PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

/** Room for a CMS (B-B, no timestamp) over these certificates: their size plus a margin for the rest. */
export function contentsCapacity(certificates: readonly Uint8Array[]): number {
  const certs = certificates.reduce((n, c) => n + c.byteLength, 0);
  return Math.ceil((certs + 4096) / 1024) * 1024;
}

export function prepareSignedPdf(base: Uint8Array, facts: SignatureFacts): PreparedPdf {
  const file = new PdfFile(base);
  const rootRef = file.trailerRef('Root');
  const catalog = file.dictAt(rootRef, 'the catalog');
  const pageRef = lastPage(file, catalog.entries.get('Pages'));
  const page = file.dictAt(pageRef, 'the last page');
  const acroForm = file.resolve(catalog.entries.get('AcroForm'));
  const form = acroForm?.kind === 'dict' ? acroForm : dict({});
  const fields = items(file, form.entries.get('Fields'));

  const sigNum = file.size;
  const widgetNum = sigNum + 1;
  const signature = dict({
    Type: name('Sig'),
    Filter: name('Adobe.PPKLite'),
    SubFilter: name('ETSI.CAdES.detached'),
    ByteRange: raw(BYTE_RANGE_PLACEHOLDER),
    Contents: raw(`<${'0'.repeat(facts.contentsBytes * 2)}>`),
    M: pdfDate(facts.signedAt),
    Name: textString(facts.signerName),
    Reason: textString(facts.reason),
  });
  // Invisible (a zero rectangle), printed and locked flags (4 + 128) as readers expect of a signed field.
  const widget = dict({
    Type: name('Annot'),
    Subtype: name('Widget'),
    FT: name('Sig'),
    T: raw(`(Signature${fields.length + 1})`),
    V: ref(sigNum),
    P: pageRef,
    Rect: raw('[0 0 0 0]'),
    F: raw(132),
  });
  const newPage = withEntries(page, { Annots: array([...items(file, page.entries.get('Annots')), ref(widgetNum)]) });
  const newForm = withEntries(form, { Fields: array([...fields, ref(widgetNum)]), SigFlags: raw(3) });
  const newCatalog = withEntries(catalog, { AcroForm: newForm });

  const pdf = appendUpdate(file, [
    { ...numGen(rootRef), value: newCatalog },
    { ...numGen(pageRef), value: newPage },
    { num: sigNum, value: signature },
    { num: widgetNum, value: widget },
  ]);
  const sigAt = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).indexOf(`\n${sigNum} 0 obj\n`, base.byteLength, 'latin1');
  const byteRange = fillByteRange(pdf, sigAt, facts.contentsBytes);
  return { pdf, byteRange, digest: coveredDigest(pdf, byteRange) };
}

/** The last page, following /Kids down the page tree. */
function lastPage(file: PdfFile, node: PdfValue | undefined, depth = 0): PdfValue {
  if (node?.kind !== 'ref' || depth > 64) throw new PdfSyntaxError('the page tree has no last page');
  const kids = file.dictAt(node, 'a page tree node').entries.get('Kids');
  if (kids === undefined) return node;
  return lastPage(file, items(file, kids).at(-1), depth + 1);
}

function items(file: PdfFile, v: PdfValue | undefined): PdfValue[] {
  const a = file.resolve(v);
  return a?.kind === 'array' ? a.items : [];
}

function withEntries(d: PdfDict, entries: Record<string, PdfValue>): PdfDict {
  return { kind: 'dict', entries: new Map([...d.entries, ...Object.entries(entries)]) };
}

function numGen(v: PdfValue): { num: number; gen: number } {
  if (v.kind !== 'ref') throw new PdfSyntaxError('expected an indirect object');
  return { num: v.num, gen: v.gen };
}

/** Writes the real ByteRange into the signature object's placeholder (same width, so no offset moves). */
function fillByteRange(pdf: Uint8Array, sigAt: number, contentsBytes: number): ByteRange {
  const buf = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const rangeAt = buf.indexOf(`/ByteRange ${BYTE_RANGE_PLACEHOLDER}`, sigAt, 'latin1') + '/ByteRange '.length;
  const contentsAt = buf.indexOf(`/Contents <`, sigAt, 'latin1') + '/Contents '.length;
  const end = contentsAt + 2 + contentsBytes * 2;
  const range: ByteRange = [0, contentsAt, end, buf.byteLength - end];
  buf.write(`[${range.join(' ')}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' '), rangeAt, 'latin1');
  return range;
}

/** The ByteRange of the newest signature in the file, checked to frame a hex /Contents. */
export function lastByteRange(pdf: Uint8Array): ByteRange {
  const buf = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const at = buf.lastIndexOf('/ByteRange', undefined, 'latin1');
  const match = at < 0 ? null : /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(buf.toString('latin1', at, at + 80));
  if (!match) throw new PdfSyntaxError('the file has no signature ByteRange');
  const range = match.slice(1, 5).map(Number) as ByteRange;
  const [start, contentsAt, end, tail] = range;
  if (start !== 0 || buf[contentsAt] !== 0x3c || buf[end - 1] !== 0x3e || end + tail !== buf.byteLength) {
    throw new PdfSyntaxError('the signature ByteRange does not frame its /Contents');
  }
  return range;
}

export function coveredDigest(pdf: Uint8Array, [, contentsAt, end, tail]: ByteRange): Uint8Array {
  return createHash('sha256')
    .update(pdf.subarray(0, contentsAt))
    .update(pdf.subarray(end, end + tail))
    .digest();
}

/** The prepared file with the CMS written into its placeholder. */
export function embedCms(prepared: Uint8Array, cms: Uint8Array): Uint8Array {
  const [, contentsAt, end] = lastByteRange(prepared);
  const capacity = (end - contentsAt - 2) / 2;
  if (cms.byteLength > capacity) throw new Error(`the CMS (${cms.byteLength} bytes) does not fit its placeholder (${capacity})`);
  const out = Buffer.from(prepared);
  out.write(Buffer.from(cms).toString('hex'), contentsAt + 1, 'latin1');
  return out;
}

/** The CMS in the newest signature's /Contents (without the zero padding a DER reader ignores anyway). */
export function lastSignatureCms(pdf: Uint8Array): Uint8Array {
  const [, contentsAt, end] = lastByteRange(pdf);
  return Buffer.from(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1', contentsAt + 1, end - 1), 'hex');
}
