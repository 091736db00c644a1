import { createHash } from 'node:crypto';
import { PdfParser, PdfSyntaxError, raw, serialize, type PdfDict, type PdfValue } from './pdf-objects.ts';

/**
 * A PDF read as its cross-reference sections say (the newest entry of each object wins), and
 * written to only by appending an incremental update: the bytes already there never change, so
 * the issued file stays a prefix of every signed one (ISO 32000-2 §7.5.6).
 * Classic cross-reference tables only: that is what pdfkit writes, and what this module appends.
 */
export class PdfFile {
  readonly text: string;
  readonly trailer: PdfDict;
  readonly startxref: number;
  private readonly offsets = new Map<number, number>();

  constructor(readonly bytes: Uint8Array) {
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    this.startxref = lastStartxref(this.text);
    let trailer: PdfDict | undefined;
    const seen = new Set<number>();
    for (let at: number | undefined = this.startxref; at !== undefined; ) {
      if (seen.has(at)) throw new PdfSyntaxError('the cross-reference sections loop');
      seen.add(at);
      const section = this.readXrefSection(at);
      trailer ??= section.trailer;
      const prev = section.trailer.entries.get('Prev');
      at = prev?.kind === 'raw' ? Number(prev.text) : undefined;
    }
    this.trailer = trailer!;
    // A free entry shadows older sections' entries for its number; after reading all, drop it.
    for (const [num, offset] of this.offsets) if (offset < 0) this.offsets.delete(num);
  }

  get size(): number {
    return Number(this.rawEntry(this.trailer, 'Size'));
  }

  /** The trailer's reference (e.g. `Root`). */
  trailerRef(key: string): PdfValue {
    const v = this.trailer.entries.get(key);
    if (v?.kind !== 'ref') throw new PdfSyntaxError(`the trailer has no /${key} reference`);
    return v;
  }

  /** The dictionary an indirect reference points to (or the value itself when it is direct). */
  resolve(v: PdfValue | undefined): PdfValue | undefined {
    if (v?.kind !== 'ref') return v;
    const offset = this.offsets.get(v.num);
    if (offset === undefined) return undefined;
    const p = new PdfParser(this.text, offset);
    const [num, gen] = [p.word(), p.word()];
    p.expect('obj');
    if (Number(num) !== v.num || Number(gen) !== v.gen) throw new PdfSyntaxError(`object ${v.num} is not at its offset`);
    return p.value();
  }

  dictAt(v: PdfValue | undefined, what: string): PdfDict {
    const d = this.resolve(v);
    if (d?.kind !== 'dict') throw new PdfSyntaxError(`${what} is not a dictionary`);
    return d;
  }

  private rawEntry(d: PdfDict, key: string): string {
    const v = d.entries.get(key);
    if (v?.kind !== 'raw') throw new PdfSyntaxError(`/${key} is missing`);
    return v.text;
  }

  private readXrefSection(at: number): { trailer: PdfDict } {
    const p = new PdfParser(this.text, at);
    if (p.word() !== 'xref') throw new PdfSyntaxError('only classic cross-reference tables are supported');
    for (;;) {
      const first = p.word();
      if (first === 'trailer') break;
      const count = Number(p.word());
      for (let i = 0; i < count; i++) {
        const [offset, , type] = [p.word(), p.word(), p.word()];
        const num = Number(first) + i;
        // Newer sections are read first: keep their entry.
        if (type === 'n' && !this.offsets.has(num)) this.offsets.set(num, Number(offset));
        else if (type === 'f' && !this.offsets.has(num)) this.offsets.set(num, -1);
      }
    }
    const trailer = p.value();
    if (trailer.kind !== 'dict') throw new PdfSyntaxError('the trailer is not a dictionary');
    return { trailer };
  }
}

function lastStartxref(text: string): number {
  const at = text.lastIndexOf('startxref');
  if (at < 0) throw new PdfSyntaxError('no startxref: this is not a complete PDF');
  const p = new PdfParser(text, at + 'startxref'.length);
  const offset = Number(p.word());
  if (!Number.isInteger(offset)) throw new PdfSyntaxError('startxref is not a number');
  return offset;
}

/** One object of an update: its number and its value, written as `num 0 obj … endobj`. */
export type UpdatedObject = { num: number; gen?: number; value: PdfValue };

/**
 * Appends the objects as one incremental update: a new cross-reference section, and a trailer
 * with /Prev and the same /ID (a file without one gets one from its digest, both halves equal,
 * as a first save would). Returns the whole new file.
 */
export function appendUpdate(file: PdfFile, objects: UpdatedObject[]): Uint8Array {
  const base = file.bytes;
  const sep = base[base.length - 1] === 0x0a ? '' : '\n';
  let out = sep;
  const offsets: Array<[number, number, number]> = [];
  for (const { num, gen = 0, value } of [...objects].sort((a, b) => a.num - b.num)) {
    offsets.push([num, base.length + out.length, gen]);
    out += `${num} ${gen} obj\n${serialize(value)}\nendobj\n`;
  }
  const xrefAt = base.length + out.length;
  out += `xref\n${xrefSubsections(offsets)}`;
  const size = Math.max(file.size, ...objects.map((o) => o.num + 1));
  const trailer = new Map(file.trailer.entries);
  trailer.set('Size', raw(size));
  trailer.set('Prev', raw(file.startxref));
  trailer.delete('XRefStm');
  if (!trailer.has('ID')) {
    const id = createHash('md5').update(base).digest('hex');
    trailer.set('ID', raw(`[<${id}> <${id}>]`));
  }
  out += `trailer\n${serialize({ kind: 'dict', entries: trailer })}\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([base, Buffer.from(out, 'latin1')]);
}

function xrefSubsections(offsets: Array<[number, number, number]>): string {
  let text = '';
  for (let i = 0; i < offsets.length; ) {
    let j = i;
    while (j + 1 < offsets.length && offsets[j + 1]![0] === offsets[j]![0] + 1) j++;
    text += `${offsets[i]![0]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) text += `${String(offsets[k]![1]).padStart(10, '0')} ${String(offsets[k]![2]).padStart(5, '0')} n \n`;
    i = j + 1;
  }
  return text;
}
