/**
 * The few PDF objects a signature touches (the catalog, the last page, the AcroForm), parsed
 * into a small tree and written back. Strings keep their source text, so what is not changed is
 * written as it was. PDF bytes are handled as latin1 strings: one character per byte.
 */

export type PdfValue =
  | { kind: 'dict'; entries: Map<string, PdfValue> }
  | { kind: 'array'; items: PdfValue[] }
  | { kind: 'name'; name: string }
  | { kind: 'ref'; num: number; gen: number }
  /** Numbers, strings, booleans and null, as written in the source. */
  | { kind: 'raw'; text: string };

export type PdfDict = Extract<PdfValue, { kind: 'dict' }>;

export class PdfSyntaxError extends Error {}

const WHITESPACE = new Set(['\0', '\t', '\n', '\f', '\r', ' ']);
const DELIMITERS = new Set(['(', ')', '<', '>', '[', ']', '{', '}', '/', '%']);

export class PdfParser {
  constructor(
    private readonly s: string,
    public pos = 0,
  ) {}

  skipSpace(): void {
    for (;;) {
      const c = this.s[this.pos];
      if (c === undefined) return;
      if (WHITESPACE.has(c)) this.pos++;
      else if (c === '%') while (this.pos < this.s.length && this.s[this.pos] !== '\n' && this.s[this.pos] !== '\r') this.pos++;
      else return;
    }
  }

  /** A bare word or number (up to the next whitespace or delimiter). */
  word(): string {
    this.skipSpace();
    const start = this.pos;
    while (this.pos < this.s.length && !WHITESPACE.has(this.s[this.pos]!) && !DELIMITERS.has(this.s[this.pos]!)) this.pos++;
    return this.s.slice(start, this.pos);
  }

  expect(text: string): void {
    this.skipSpace();
    if (!this.s.startsWith(text, this.pos)) throw new PdfSyntaxError(`expected "${text}" at byte ${this.pos}`);
    this.pos += text.length;
  }

  value(): PdfValue {
    this.skipSpace();
    const c = this.s[this.pos];
    if (c === undefined) throw new PdfSyntaxError('unexpected end of file');
    if (this.s.startsWith('<<', this.pos)) return this.dict();
    if (c === '<') return this.hexString();
    if (c === '[') return this.array();
    if (c === '(') return this.literalString();
    if (c === '/') return this.name();
    const word = this.word();
    if (word === '') throw new PdfSyntaxError(`unexpected "${c}" at byte ${this.pos}`);
    if (/^\d+$/.test(word)) {
      // `n g R` is a reference; look ahead without consuming anything else.
      const save = this.pos;
      const gen = this.word();
      const r = /^\d+$/.test(gen) ? this.word() : '';
      if (r === 'R') return { kind: 'ref', num: Number(word), gen: Number(gen) };
      this.pos = save;
    }
    return { kind: 'raw', text: word };
  }

  private dict(): PdfDict {
    this.expect('<<');
    const entries = new Map<string, PdfValue>();
    for (;;) {
      this.skipSpace();
      if (this.s.startsWith('>>', this.pos)) {
        this.pos += 2;
        return { kind: 'dict', entries };
      }
      const key = this.value();
      if (key.kind !== 'name') throw new PdfSyntaxError(`a dictionary key must be a name, at byte ${this.pos}`);
      entries.set(key.name, this.value());
    }
  }

  private array(): PdfValue {
    this.expect('[');
    const items: PdfValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] === ']') {
        this.pos++;
        return { kind: 'array', items };
      }
      items.push(this.value());
    }
  }

  private name(): PdfValue {
    this.expect('/');
    const start = this.pos;
    while (this.pos < this.s.length && !WHITESPACE.has(this.s[this.pos]!) && !DELIMITERS.has(this.s[this.pos]!)) this.pos++;
    return { kind: 'name', name: this.s.slice(start, this.pos) };
  }

  private hexString(): PdfValue {
    const end = this.s.indexOf('>', this.pos);
    if (end < 0) throw new PdfSyntaxError('unterminated hex string');
    const text = this.s.slice(this.pos, end + 1);
    this.pos = end + 1;
    return { kind: 'raw', text };
  }

  private literalString(): PdfValue {
    const start = this.pos;
    let depth = 0;
    for (; this.pos < this.s.length; this.pos++) {
      const c = this.s[this.pos];
      if (c === '\\') this.pos++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        this.pos++;
        return { kind: 'raw', text: this.s.slice(start, this.pos) };
      }
    }
    throw new PdfSyntaxError('unterminated string');
  }
}

export function serialize(v: PdfValue): string {
  switch (v.kind) {
    case 'dict':
      return `<<${[...v.entries].map(([k, x]) => `/${k} ${serialize(x)}`).join(' ')}>>`;
    case 'array':
      return `[${v.items.map(serialize).join(' ')}]`;
    case 'name':
      return `/${v.name}`;
    case 'ref':
      return `${v.num} ${v.gen} R`;
    case 'raw':
      return v.text;
  }
}

export const ref = (num: number, gen = 0): PdfValue => ({ kind: 'ref', num, gen });
export const name = (n: string): PdfValue => ({ kind: 'name', name: n });
export const raw = (text: string | number): PdfValue => ({ kind: 'raw', text: String(text) });
export const array = (items: PdfValue[]): PdfValue => ({ kind: 'array', items });
export const dict = (entries: Record<string, PdfValue>): PdfDict => ({ kind: 'dict', entries: new Map(Object.entries(entries)) });

/** A text string as PDF wants it for any language: UTF-16BE with a byte-order mark, in hex. */
export function textString(text: string): PdfValue {
  const utf16 = Buffer.from(text, 'utf16le').swap16();
  return raw(`<FEFF${utf16.toString('hex').toUpperCase()}>`);
}

/** `D:YYYYMMDDHHmmss+07'00'`: Vietnam's time, which has no daylight saving. */
export function pdfDate(at: Date): PdfValue {
  const local = new Date(at.getTime() + 7 * 3600_000).toISOString();
  const digits = local.slice(0, 19).replace(/[-T:]/g, '');
  return raw(`(D:${digits}+07'00')`);
}
