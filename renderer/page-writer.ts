import { addLineFonts, ContentBytes, isPlainLine, micros, SPACE, writePlainLine, ZERO } from './line-writer.ts';
import type { PageDocument, PageSink, PlainDrawing } from './pdf-internals.ts';

/**
 * The content streams of one document, written while pdfmake's Renderer draws its pages
 * (render-document.ts). Three things pdfkit does per drawing call are done once here:
 *
 * - operators are written as bytes into one buffer and handed to pdfkit once per page (pdfkit
 *   makes a Buffer and a newline of every operator: thousands per document); each is followed
 *   by a newline, as pdfkit ends each string it is given;
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

type Line = Parameters<typeof isPlainLine>[0] & Parameters<typeof writePlainLine>[0];

const JOIN: Readonly<Record<string, number>> = { miter: 0, round: 1, bevel: 2 };
const CAP: Readonly<Record<string, number>> = { butt: 0, round: 1, square: 2 };

/** The painting operators (pdfmake's Renderer: fill and stroke, fill only, stroke only). */
const FILL_AND_STROKE = 0x42; // 'B'
const FILL = 0x66; // 'f'
const STROKE = 0x53; // 'S'
const NEWLINE = 10;

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

/** Nothing known (every field present, so that the state keeps one shape). */
const UNKNOWN: Readonly<GraphicsState> = {
  lineWidth: undefined,
  undashed: undefined,
  join: undefined,
  cap: undefined,
  stroke: undefined,
  fill: undefined,
  strokeOpaque: undefined,
  fillOpaque: undefined,
};

export class PageWriter implements PageSink, PlainDrawing {
  /** This page's operators so far. */
  private readonly out = new ContentBytes();
  private readonly state: GraphicsState = { ...UNKNOWN };
  /**
   * The colour of the fill path being written (its `re` operators, after the fill colour is
   * set), until its `f`; undefined: none is open.
   */
  private fillColor: string | undefined;
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
      if (typeof data === 'string') this.operator(data);
      else this.document.writeContent(data);
      return;
    }
    this.closeFillPath();
    Object.assign(this.state, UNKNOWN);
    if (typeof data === 'string') this.operator(data);
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
    Object.assign(this.state, PAGE_START);
  }

  /** Writes a plain text line; false when pdfmake must write it. */
  line(item: unknown, x: number, y: number): boolean {
    const line = item as Line;
    if (!isPlainLine(line)) return false;
    this.closeFillPath();
    if (!addLineFonts(this.document, line)) return true;
    this.fillOpaque();
    this.setFill('0 0 0');
    writePlainLine(line, x, y, this.out);
    return true;
  }

  /** Writes a plain rule or rectangle; false when pdfmake must draw it. */
  vector(item: unknown): boolean {
    const vector = item as Vector;
    if (vector.dash || vector.linearGradient) return false;
    if (!isOpaque(vector.fillOpacity) || !isOpaque(vector.strokeOpacity)) return false;
    // Stroked in the line colour, black by default.
    const paint = vector.color ? (vector.lineColor ? FILL_AND_STROKE : FILL) : STROKE;
    const fill = paint === STROKE ? '' : this.rgb(vector.color);
    const stroke = paint === FILL ? '' : this.rgb(vector.lineColor || 'black');
    if (fill === null || stroke === null) return false;
    const isLine = vector.type === 'line';
    if (!isLine && !(vector.type === 'rect' && !vector.r)) return false;

    if (paint === FILL && !isLine) {
      // Joins the open fill path when it has the same colour.
      if (this.fillColor !== fill) {
        this.closeFillPath();
        this.openFillPath(fill);
      }
      this.writeRect(vector);
      return true;
    }
    this.closeFillPath();
    if (paint !== FILL) this.setStrokeStyle(vector);
    if (paint !== STROKE) {
      this.fillOpaque();
      this.setFill(fill);
    }
    if (paint !== FILL) {
      this.strokeOpaque();
      this.setStroke(stroke);
    }
    if (isLine) this.writeLine(vector);
    else this.writeRect(vector);
    this.out.byte(paint);
    this.out.byte(NEWLINE);
    return true;
  }

  /** Hands what is pending to pdfkit; the document's content goes to pdfkit directly again. */
  finish(): void {
    this.flush();
    this.document.pageSink = undefined;
  }

  private flush(): void {
    this.closeFillPath();
    if (this.out.length === 0) return;
    this.document.writeContent(this.out.take());
  }

  /** An operator (or several) given as a string. */
  private operator(text: string): void {
    this.out.ascii(text);
    this.out.byte(NEWLINE);
  }

  /** `x1 y1 m` and `x2 y2 l`. */
  private writeLine(vector: Vector): void {
    const out = this.out;
    out.rounded(micros(vector.x1!));
    out.byte(SPACE);
    out.rounded(micros(vector.y1!));
    out.ascii(' m\n');
    out.rounded(micros(vector.x2!));
    out.byte(SPACE);
    out.rounded(micros(vector.y2!));
    out.ascii(' l\n');
  }

  /** `x y w h re`. */
  private writeRect(vector: Vector): void {
    const out = this.out;
    out.rounded(micros(vector.x!));
    out.byte(SPACE);
    out.rounded(micros(vector.y!));
    out.byte(SPACE);
    out.rounded(micros(vector.w!));
    out.byte(SPACE);
    out.rounded(micros(vector.h!));
    out.ascii(' re\n');
  }

  // The fill colour is set when a fill path opens: nothing else is written until its `f`.
  private openFillPath(color: string): void {
    this.fillOpaque();
    this.setFill(color);
    this.fillColor = color;
  }

  private closeFillPath(): void {
    if (this.fillColor === undefined) return;
    this.fillColor = undefined;
    this.out.ascii('f\n');
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
    const out = this.out;
    if (s.lineWidth !== width) {
      out.rounded(micros(width));
      out.ascii(' w\n');
    }
    if (!s.undashed) out.ascii('[] 0 d\n');
    if (s.join !== join) this.smallOperator(join, ' j\n');
    if (s.cap !== cap) this.smallOperator(cap, ' J\n');
    s.lineWidth = width;
    s.undashed = true;
    s.join = join;
    s.cap = cap;
  }

  /** `n op` for a join or cap style (0, 1 or 2). */
  private smallOperator(n: number, operator: string): void {
    this.out.byte(ZERO + n);
    this.out.ascii(operator);
  }

  private setFill(rgb: string): void {
    if (this.state.fill !== rgb) {
      this.out.ascii(rgb);
      this.out.ascii(' rg\n');
    }
    this.state.fill = rgb;
  }

  private setStroke(rgb: string): void {
    if (this.state.stroke !== rgb) {
      this.out.ascii(rgb);
      this.out.ascii(' RG\n');
    }
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

  /** Lets pdfkit write through to the page's operators while keeping what is known of the state. */
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
