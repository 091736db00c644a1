import { isPlainLine, num, writePlainLine } from './line-writer.ts';
import type { PageDocument, PageSink, PlainDrawing } from './pdf-internals.ts';

/**
 * The content streams of one document, written while pdfmake's Renderer draws its pages
 * (render-document.ts). Three things pdfkit does per drawing call are done once here:
 *
 * - operators are gathered as strings and handed to pdfkit once per page (pdfkit makes a Buffer
 *   and a newline of every operator: thousands per document);
 * - plain text lines are written by line-writer.ts, plain lines and rectangles (table rules,
 *   the QR code's modules) by `vector` below, with only the graphics state that changes: pdfkit
 *   sets width, dash, join, cap, colour space, colour and an opacity state for every rule;
 * - consecutive filled rectangles of one colour (a QR code is ~400 of them) become one path and
 *   one fill.
 *
 * Anything else goes through pdfmake and pdfkit unchanged; what they write is not parsed, so the
 * graphics state is then unknown and the next plain item sets all that it needs again.
 */

/** pdfmake's vector item (canvas, table rules, QR modules). */
export type Vector = {
  type: string;
  x?: number;
  y?: number;
  w?: number;
  h?: number;
  r?: number;
  x1?: number;
  y1?: number;
  x2?: number;
  y2?: number;
  lineWidth?: number;
  dash?: unknown;
  lineJoin?: string;
  lineCap?: string;
  color?: unknown;
  lineColor?: unknown;
  linearGradient?: unknown;
  fillOpacity?: unknown;
  strokeOpacity?: unknown;
};

type Line = Parameters<typeof isPlainLine>[0] & Parameters<typeof writePlainLine>[1];

const JOIN: Readonly<Record<string, number>> = { miter: 0, round: 1, bevel: 2 };
const CAP: Readonly<Record<string, number>> = { butt: 0, round: 1, square: 2 };

/** What the content stream has set so far on this page; undefined: not known. */
type GraphicsState = {
  lineWidth?: number;
  undashed?: boolean;
  join?: number;
  cap?: number;
  stroke?: string;
  fill?: string;
  strokeOpaque?: boolean;
  fillOpaque?: boolean;
};

/** A page's graphics state at its start (PDF 32000-1, 8.4.1), after pdfkit's flip of the axes. */
const PAGE_START: Readonly<GraphicsState> = {
  lineWidth: 1,
  undashed: true,
  join: 0,
  cap: 0,
  stroke: '0 0 0',
  fill: '0 0 0',
  strokeOpaque: true,
  fillOpaque: true,
};

export class PageWriter implements PageSink, PlainDrawing {
  private readonly pending: string[] = [];
  private state: GraphicsState = {};
  /** The colour and rectangles of a fill not yet painted (`re` operators). */
  private fillPath: { color: string; rects: string[] } | undefined;
  private readonly colors = new Map<unknown, string | null>();
  /** While pdfkit writes a state change for this writer (see withPdfKitContent). */
  private passThrough = false;

  /** From now until `finish`, the document's content goes through this writer. */
  constructor(private readonly document: PageDocument) {
    document.pageSink = this;
  }

  /** pdfkit's and pdfmake's own drawing: kept in order, and the state is no longer known. */
  content(data: string | Uint8Array): void {
    if (this.passThrough) {
      if (typeof data === 'string') this.pending.push(data);
      else this.document.writeContent(data);
      return;
    }
    this.flushPath();
    this.state = {};
    if (typeof data === 'string') this.pending.push(data);
    else {
      this.flush();
      this.document.writeContent(data);
    }
  }

  beforePage(): void {
    this.flush();
  }

  /** pdfkit's addPage wrote the flip of the axes through `content`; nothing else is set yet. */
  afterPage(): void {
    this.state = { ...PAGE_START };
  }

  /** Writes a plain text line; false when pdfmake must write it. */
  line(item: unknown, x: number, y: number): boolean {
    const line = item as Line;
    if (!isPlainLine(line)) return false;
    this.flushPath();
    const text = writePlainLine(this.document, line, x, y);
    if (!text) return true;
    this.fillOpaque();
    this.setFill('0 0 0');
    this.pending.push(text);
    return true;
  }

  /** Writes a plain rule or rectangle; false when pdfmake must draw it. */
  vector(item: unknown): boolean {
    const vector = item as Vector;
    if (vector.dash || vector.linearGradient) return false;
    if (!isOpaque(vector.fillOpacity) || !isOpaque(vector.strokeOpacity)) return false;
    // pdfmake's Renderer: fill and stroke, fill only, or stroke only (in the line colour, black by default).
    const mode = vector.color ? (vector.lineColor ? 'B' : 'f') : 'S';
    const fill = mode === 'S' ? '' : this.rgb(vector.color);
    const stroke = mode === 'f' ? '' : this.rgb(vector.lineColor || 'black');
    if (fill === null || stroke === null) return false;
    let path: string;
    if (vector.type === 'line') path = `${num(vector.x1!)} ${num(vector.y1!)} m\n${num(vector.x2!)} ${num(vector.y2!)} l`;
    else if (vector.type === 'rect' && !vector.r) path = `${num(vector.x!)} ${num(vector.y!)} ${num(vector.w!)} ${num(vector.h!)} re`;
    else return false;

    if (mode === 'f' && vector.type === 'rect') {
      // Joins the open fill path when it has the same colour.
      if (this.fillPath?.color !== fill) {
        this.flushPath();
        this.fillPath = { color: fill, rects: [] };
      }
      this.fillPath.rects.push(path);
      return true;
    }
    this.flushPath();
    if (mode !== 'f') this.setStrokeStyle(vector);
    if (mode !== 'S') {
      this.fillOpaque();
      this.setFill(fill);
    }
    if (mode !== 'f') {
      this.strokeOpaque();
      this.setStroke(stroke);
    }
    this.pending.push(`${path}\n${mode}`);
    return true;
  }

  /** Hands what is pending to pdfkit; the document's content goes to pdfkit directly again. */
  finish(): void {
    this.flush();
    this.document.pageSink = undefined;
  }

  private flush(): void {
    this.flushPath();
    if (this.pending.length === 0) return;
    this.document.writeContent(this.pending.join('\n'));
    this.pending.length = 0;
  }

  private flushPath(): void {
    const path = this.fillPath;
    if (!path) return;
    this.fillPath = undefined;
    this.fillOpaque();
    this.setFill(path.color);
    this.pending.push(`${path.rects.join('\n')}\nf`);
  }

  /** `r g b` (0–1, pdfkit's numbers) of a colour pdfkit writes as DeviceRGB; null for any other. */
  private rgb(color: unknown): string | null {
    let rgb = this.colors.get(color);
    if (rgb === undefined) {
      const parts = typeof color === 'string' ? this.document._normalizeColor(color) : null;
      rgb = parts && parts.length === 3 ? parts.join(' ') : null;
      this.colors.set(color, rgb);
    }
    return rgb;
  }

  private setStrokeStyle(vector: Vector): void {
    const width = vector.lineWidth || 1;
    const join = JOIN[vector.lineJoin ?? 'miter'] ?? 0;
    const cap = CAP[vector.lineCap ?? 'butt'] ?? 0;
    const s = this.state;
    if (s.lineWidth !== width) this.pending.push(`${num(width)} w`);
    if (!s.undashed) this.pending.push('[] 0 d');
    if (s.join !== join) this.pending.push(`${join} j`);
    if (s.cap !== cap) this.pending.push(`${cap} J`);
    Object.assign(s, { lineWidth: width, undashed: true, join, cap });
  }

  private setFill(rgb: string): void {
    if (this.state.fill !== rgb) this.pending.push(`${rgb} rg`);
    this.state.fill = rgb;
  }

  private setStroke(rgb: string): void {
    if (this.state.stroke !== rgb) this.pending.push(`${rgb} RG`);
    this.state.stroke = rgb;
  }

  // Opacity 1 is the page's default; after pdfkit's own drawing (which may have set another)
  // it is set again the way pdfkit does it (an ExtGState), without forgetting the rest.
  private fillOpaque(): void {
    if (this.state.fillOpaque) return;
    this.withPdfKitContent(() => this.document._doOpacity(1, null));
    this.state.fillOpaque = true;
  }

  private strokeOpaque(): void {
    if (this.state.strokeOpaque) return;
    this.withPdfKitContent(() => this.document._doOpacity(null, 1));
    this.state.strokeOpaque = true;
  }

  /** Lets pdfkit write through to `pending` while keeping what is known of the state. */
  private withPdfKitContent(write: () => void): void {
    this.passThrough = true;
    try {
      write();
    } finally {
      this.passThrough = false;
    }
  }
}

function isOpaque(opacity: unknown): boolean {
  return typeof opacity !== 'number' || opacity >= 1;
}
