import * as layoutBuilderModule from 'pdfmake/js/LayoutBuilder.js';
import * as pageSizeModule from 'pdfmake/js/PageSize.js';
import * as pdfDocumentModule from 'pdfmake/js/PDFDocument.js';
import * as rendererModule from 'pdfmake/js/Renderer.js';
import * as styleContextStackModule from 'pdfmake/js/StyleContextStack.js';
import * as svgMeasureModule from 'pdfmake/js/SVGMeasure.js';
import * as tableLayoutsModule from 'pdfmake/js/tableLayouts.js';
import * as textInlinesModule from 'pdfmake/js/TextInlines.js';
import * as textBreakerModule from 'pdfmake/js/TextBreaker.js';
import * as variableTypeModule from 'pdfmake/js/helpers/variableType.js';
import type { FontStyle } from './fonts.ts';
import { measureInlines, type Inline, type TextInlines } from './inline-measure.ts';
import { SRGB_OUTPUT_CONDITION, type PdfInfo } from './pdf-a.ts';
import { deflateFast, GatheredOutput } from './pdf-output.ts';
import { itemStyleValue, stackValue, type StyleItem, type StyleStack } from './style-lookups.ts';
import { splitWords, type Word } from './word-breaks.ts';

/**
 * The one place that reaches into pdfmake, pdfkit and fontkit beyond their public API: every
 * import of an internal module, every subclass of an internal class and every patch. The rest of
 * renderer/ works with the narrow types declared here. Pinned versions (package.json): pdfmake
 * 0.3.11, pdfkit 0.19.1, fontkit 2.0.4; renderer/README.md says how to upgrade.
 *
 * At load, `checkInternals` checks that each pdfmake module has the members used here with the
 * kind expected (a function, an object…), and the first parsed face checks pdfkit's font and
 * fontkit's face and subset the same way (`checkFace`): an upgrade that moves one fails at once
 * with a sentence naming the module and member, not with a wrong PDF.
 *
 * What the patches and subclasses do, and why:
 * - style lookups and word measuring (style-lookups.ts, inline-measure.ts) replace pdfmake's
 *   while the engine lays out (`layOut`), the same answers without the allocations;
 * - so does TextBreaker#getBreaks: pdfmake's own, calling word-breaks.ts's splitWords (the same
 *   words as linebreak's, without it for plain Vietnamese text);
 * - WarmDocument (pdfmake's pdfkit document): faces parsed once per process (`provideFont`),
 *   output gathered synchronously and streams deflated fast (pdf-output.ts), page content
 *   through the page writer (page-writer.ts), and PDF/A-2b metadata (pdf-a.ts);
 * - SharedEmbeddedFont (pdfkit's EmbeddedFont): words shaped once per process, by the simple
 *   shaper when it can (simple-shaper.ts), and pdfkit's split of a text into words done leaner;
 * - subsets written from glyph records and constant tables (font-subsets.ts) in place of TTFSubset#encode;
 * - EngineRenderer (pdfmake's Renderer): plain lines and rules written by the page writer.
 */

// ---- the modules and the shape they must have ---------------------------------------------------

/** A CommonJS module compiled from ESM, reached through Node's or a bundler's interop (`.default.default`…). */
function exported(namespace: unknown, name: string | undefined): unknown {
  let candidate: unknown = namespace;
  for (let depth = 0; depth < 3 && candidate; depth++) {
    if (name === undefined && typeof candidate === 'function') return candidate;
    const value = name === undefined ? undefined : (candidate as Record<string, unknown>)[name];
    if (value !== undefined) return value;
    candidate = (candidate as Record<string, unknown>).default;
  }
  return undefined;
}

export const PDFMAKE_MODULES = {
  'pdfmake/js/PDFDocument.js': pdfDocumentModule,
  'pdfmake/js/LayoutBuilder.js': layoutBuilderModule,
  'pdfmake/js/SVGMeasure.js': svgMeasureModule,
  'pdfmake/js/Renderer.js': rendererModule,
  'pdfmake/js/PageSize.js': pageSizeModule,
  'pdfmake/js/tableLayouts.js': tableLayoutsModule,
  'pdfmake/js/StyleContextStack.js': styleContextStackModule,
  'pdfmake/js/TextInlines.js': textInlinesModule,
  'pdfmake/js/TextBreaker.js': textBreakerModule,
  'pdfmake/js/helpers/variableType.js': variableTypeModule,
} as const;

type ModuleName = keyof typeof PDFMAKE_MODULES;
type Kind = 'function' | 'object' | 'number' | 'boolean' | 'array';
/** What is used of a module: its class (default export) with members of its prototype and statics, or named exports. */
type ModuleShape = { prototype?: Record<string, Kind>; statics?: Record<string, Kind>; exports?: Record<string, Kind> };

const MODULE_SHAPES: Record<ModuleName, ModuleShape> = {
  // pdfmake's document extends pdfkit's PDFDocument: most of these are pdfkit's.
  'pdfmake/js/PDFDocument.js': {
    prototype: {
      provideFont: 'function',
      getFontType: 'function',
      font: 'function',
      ref: 'function',
      addContent: 'function',
      addPage: 'function',
      end: 'function',
      endMetadata: 'function',
      push: 'function',
      _write: 'function',
      _normalizeColor: 'function',
      _doOpacity: 'function',
    },
  },
  'pdfmake/js/LayoutBuilder.js': { prototype: { registerTableLayouts: 'function', layoutDocument: 'function' } },
  'pdfmake/js/SVGMeasure.js': { prototype: {} },
  'pdfmake/js/Renderer.js': { prototype: { renderPages: 'function', renderLine: 'function', renderVector: 'function' } },
  'pdfmake/js/PageSize.js': { exports: { normalizePageSize: 'function', normalizePageMargin: 'function' } },
  'pdfmake/js/tableLayouts.js': { exports: { tableLayouts: 'object' } },
  'pdfmake/js/StyleContextStack.js': { prototype: { getProperty: 'function' }, statics: { getStyleProperty: 'function', copyStyle: 'function' } },
  'pdfmake/js/TextInlines.js': { prototype: { measure: 'function', widthOfText: 'function' } },
  'pdfmake/js/TextBreaker.js': { prototype: { getBreaks: 'function' } },
  'pdfmake/js/helpers/variableType.js': { exports: { isObject: 'function' } },
};

const UPGRADE_HINT = 'renderer/pdf-internals.ts is written against pdfmake 0.3.11, pdfkit 0.19.1 and fontkit 2.0.4 (see renderer/README.md)';

/** `array`, `missing` (undefined or null), else what typeof says. */
function kindOf(value: unknown): string {
  if (value === undefined || value === null) return 'missing';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** Throws a sentence naming `module` and `member` unless `value` is of `kind`. */
function expectKind(module: string, member: string, value: unknown, kind: Kind): void {
  const found = kindOf(value);
  if (found === kind) return;
  const what = found === 'missing' ? 'is missing' : `is a ${found}`;
  throw new Error(`${module}: ${member} ${what}, expected a${kind === 'array' || kind === 'object' ? 'n' : ''} ${kind}; ${UPGRADE_HINT}`);
}

function expectMembers(module: string, owner: string, subject: unknown, members: Record<string, Kind>): void {
  for (const [member, kind] of Object.entries(members)) {
    expectKind(module, `${owner}.${member}`, (subject as Record<string, unknown> | undefined)?.[member], kind);
  }
}

/** Checks that each module has what is used of it (see MODULE_SHAPES); throws naming the first that does not. */
export function checkInternals(modules: Readonly<Record<ModuleName, unknown>>): void {
  for (const [name, shape] of Object.entries(MODULE_SHAPES) as [ModuleName, ModuleShape][]) {
    const className = name.replace(/^.*\//, '').replace(/\.js$/, '');
    if (shape.prototype || shape.statics) {
      const cls = exported(modules[name], undefined);
      expectKind(name, `the default export (class ${className})`, cls, 'function');
      expectMembers(name, `${className}.prototype`, (cls as { prototype: unknown }).prototype, shape.prototype ?? {});
      expectMembers(name, className, cls, shape.statics ?? {});
    }
    for (const [member, kind] of Object.entries(shape.exports ?? {})) expectKind(name, `export ${member}`, exported(modules[name], member), kind);
  }
}

checkInternals(PDFMAKE_MODULES);

// ---- pdfkit's and fontkit's objects, narrowed to what is used ----------------------------------

/** A glyph run as pdfkit's EmbeddedFont#layoutRun returns it (simple-shaper.ts makes the same). */
export type LayoutRun = unknown;

/** fontkit's face inside a pdfkit EmbeddedFont (simple-shaper.ts and font-subsets.ts read more of it, checked in checkFace). */
export type FontkitFace = { unitsPerEm: number; layout(text: string): { advanceWidth: number }; createSubset(): unknown };

/** pdfkit's EmbeddedFont, one per document and face. */
export type EmbeddedFont = {
  document: unknown;
  font: FontkitFace;
  id: string;
  ascender: number;
  descender: number;
  subset: unknown;
  ref(): unknown;
  encode(text: string): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
  layoutRun(text: string, features?: unknown): LayoutRun;
  layoutCached(text: string): LayoutRun;
  layout(text: string, features?: unknown, onlyWidth?: boolean): { glyphs: unknown[] | null; positions: unknown[] | null; advanceWidth: number };
  lineHeight(size: number): number;
};

/** pdfkit's PDFReference: an object of the file being written. */
type PdfReference = {
  compress: boolean;
  data: Record<string, unknown>;
  buffer: Uint8Array[] | Uint8Array;
  write(chunk: Uint8Array | string): void;
  end(chunk?: Uint8Array): void;
  finalize(): void;
};

/** pdfkit's PDFDocument and pdfmake's subclass, as far as the engine touches them. */
type PdfmakeDocumentInstance = {
  page: { fonts: Record<string, unknown> };
  info: Record<string, unknown>;
  _root: { data: Record<string, unknown> };
  _offset: number;
  _font: EmbeddedFont;
  _fontCount: number;
  _fontFamilies: Record<string, EmbeddedFont>;
  fontCache: Record<string, Partial<Record<FontStyle, EmbeddedFont>>>;
  font(src: Buffer): PdfmakeDocumentInstance;
  ref(data?: Record<string, unknown>): PdfReference;
  addContent(data: string | Uint8Array): PdfmakeDocumentInstance;
  addPage(options?: unknown): PdfmakeDocumentInstance;
  getFontType(bold: boolean, italics: boolean): FontStyle;
  provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont;
  push(chunk: unknown): boolean;
  _write(data: string | Buffer): void;
  endMetadata(): void;
  end(): void;
  _normalizeColor(color: unknown): number[] | null;
  _doOpacity(fillOpacity: number | null, strokeOpacity: number | null): void;
};

/** pdfkit's options for every document the engine writes; only size, metadata and language vary. */
type PdfKitOptions = {
  size: [number, number];
  pdfVersion: '1.7';
  compress: true;
  autoFirstPage: false;
  bufferPages: false;
  fontLayoutCache: true;
  tagged: false;
  displayTitle: false;
  lang?: string;
  info: Record<string, string | Date | undefined>;
  font: null;
};

type PdfmakeDocumentClass = new (
  fonts: Record<string, Record<FontStyle, string>>,
  images: Record<string, never>,
  patterns: Record<string, never>,
  attachments: Record<string, never>,
  options: PdfKitOptions,
  virtualfs: null,
  localAccessPolicy: (path: string) => boolean,
) => PdfmakeDocumentInstance;

const PdfmakeDocument = exported(pdfDocumentModule, undefined) as PdfmakeDocumentClass;

function pdfKitOptions(size: [number, number], info: PdfKitOptions['info'], lang?: string): PdfKitOptions {
  return {
    size,
    pdfVersion: '1.7',
    compress: true,
    autoFirstPage: false,
    bufferPages: false,
    fontLayoutCache: true,
    tagged: false,
    displayTitle: false,
    ...(lang ? { lang } : {}),
    info,
    font: null,
  };
}

const FACE_MEMBERS = {
  unitsPerEm: 'number',
  layout: 'function',
  createSubset: 'function',
  getGlyph: 'function',
  glyphForCodePoint: 'function',
  characterSet: 'array',
  _getTableStream: 'function',
} as const satisfies Record<string, Kind>;
const SUBSET_MEMBERS = {
  glyphs: 'array',
  encode: 'function',
  includeGlyph: 'function',
} as const satisfies Record<string, Kind>;
const EMBEDDED_FONT_MEMBERS = {
  layoutRun: 'function',
  layoutCached: 'function',
  layout: 'function',
  encode: 'function',
  ref: 'function',
  embed: 'function',
  lineHeight: 'function',
} as const satisfies Record<string, Kind>;

/** Checks pdfkit's EmbeddedFont and fontkit's face and subset as the engine uses them (see checkInternals). */
export function checkFace(embedded: unknown): void {
  const font = embedded as { font?: Record<string, unknown> & { createSubset?: () => unknown } };
  expectMembers('pdfkit', 'EmbeddedFont.prototype', Object.getPrototypeOf(embedded), EMBEDDED_FONT_MEMBERS);
  expectMembers('fontkit', 'TTFFont', font.font, FACE_MEMBERS);
  expectKind('fontkit', 'TTFFont._cmapProcessor.lookup', (font.font?._cmapProcessor as { lookup?: unknown } | undefined)?.lookup, 'function');
  expectKind('fontkit', 'TTFFont.loca.offsets', (font.font?.loca as { offsets?: unknown } | undefined)?.offsets, 'array');
  const glyph = (font.font!.getGlyph as (id: number) => Record<string, unknown>)(0);
  expectMembers('fontkit', 'TTFGlyph', glyph, { _decode: 'function', _getMetrics: 'function', advanceWidth: 'number' });
  expectMembers('fontkit', 'TTFSubset', font.font!.createSubset!(), SUBSET_MEMBERS);
}

type EmbeddedFontConstructor = new (document: unknown, font: FontkitFace, id: string) => EmbeddedFont;
/** pdfkit's EmbeddedFont class (not exported by pdfkit), from the first face parsed. */
let EmbeddedFontClass: EmbeddedFontConstructor | undefined;

/** A face parsed by pdfkit (fontkit.create through a probe document: pdfkit does not export EmbeddedFont). */
export function parseFace(buffer: Buffer): EmbeddedFont {
  const probe = new PdfmakeDocument({}, {}, {}, {}, pdfKitOptions([595.28, 841.89], { CreationDate: new Date(0) }), null, () => false);
  const embedded = probe.font(buffer)._font;
  if (!EmbeddedFontClass) {
    checkFace(embedded);
    EmbeddedFontClass = embedded.constructor as unknown as EmbeddedFontConstructor;
  }
  return embedded;
}

// ---- faces shared by documents -------------------------------------------------------------

/** What a face shares with every document that embeds it (faces.ts). */
export type FaceSource = {
  fontkit: FontkitFace;
  /** The face's run of `text`, shaped once per process; `layoutRun` is pdfkit's own shaping. */
  shape(text: string, layoutRun: (text: string) => LayoutRun): LayoutRun;
  /** A new subset for one document (font-subsets.ts). */
  newSubset(): unknown;
};

type SharedEmbeddedFontClass = new (document: WarmDocument, face: FaceSource, id: string) => EmbeddedFont;

/** pdfkit's EmbeddedFont, subclassed once per process: faces and shaped words shared by documents. */
let SharedEmbeddedFont: SharedEmbeddedFontClass | undefined;

function sharedEmbeddedFontClass(): SharedEmbeddedFontClass {
  if (SharedEmbeddedFont) return SharedEmbeddedFont;
  const Base = EmbeddedFontClass;
  if (!Base) throw new Error('pdf-internals: parse the faces (parseFace) before documents embed them');
  const Shared = class extends Base {
    constructor(
      document: WarmDocument,
      private readonly face: FaceSource,
      id: string,
    ) {
      super(document, face.fontkit, id);
      this.subset = face.newSubset();
    }
    // Same contract as pdfkit's per-document cache; the runs are read-only to pdfkit (it copies
    // a position before adding word spacing), so documents can share them.
    override layoutCached(text: string): LayoutRun {
      return this.face.shape(text, (t) => this.layoutRun(t));
    }
    // pdfkit's layout, which measuring (widthOfString) and encoding call for every word: the same
    // pieces (each up to and with a space or tab, then the rest) and the same result, without
    // its per-character `[' ', '\t'].includes(text.charAt(i))` and an array concat per piece.
    override layout(text: string, features?: unknown, onlyWidth?: boolean): ReturnType<EmbeddedFont['layout']> {
      if (features) return this.layoutRun(text, features) as ReturnType<EmbeddedFont['layout']>;
      const result = { glyphs: onlyWidth ? null : ([] as unknown[]), positions: onlyWidth ? null : ([] as unknown[]), advanceWidth: 0 };
      let last = 0;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === 32 || code === 9) {
          this.addPiece(text.slice(last, i + 1), result);
          last = i + 1;
        }
      }
      if (last < text.length) this.addPiece(text.slice(last), result);
      return result;
    }
    private addPiece(piece: string, result: { glyphs: unknown[] | null; positions: unknown[] | null; advanceWidth: number }): void {
      const run = this.layoutCached(piece) as { glyphs: unknown[]; positions: unknown[]; advanceWidth: number };
      if (result.glyphs && result.positions) {
        for (const glyph of run.glyphs) result.glyphs.push(glyph);
        for (const position of run.positions) result.positions.push(position);
      }
      result.advanceWidth += run.advanceWidth;
    }
  };
  SharedEmbeddedFont = Shared;
  return Shared;
}

/** fontkit's TTFSubset with `encode` answered by `encode` (font-subsets.ts writes the file; fontkit keeps choosing the glyphs). */
export function subsetWithEncoder<S extends { encode(): Uint8Array }>(subset: S, encode: (subset: S) => Uint8Array): S {
  subset.encode = () => encode(subset);
  return subset;
}

// ---- the document --------------------------------------------------------------------------

/** Where a page's content goes while the page writer writes it (page-writer.ts). */
export type PageSink = {
  /** Content pdfkit or pdfmake write themselves. */
  content(data: string | Uint8Array): void;
  /** Before pdfkit starts a page, and after (its axes flipped). */
  beforePage(): void;
  afterPage(): void;
};

/** pdfmake's name for the one family the documents use; a definition's `font` must say this. */
export const ENGINE_FONT_FAMILY = 'NotoSerif';
const FONT_DESCRIPTOR = { normal: 'normal', bold: 'bold', italics: 'italics', bolditalics: 'bolditalics' } as const;

/** What the engine's document needs besides its size and Info. */
export type DocumentSetup = {
  size: [number, number];
  info: PdfInfo;
  language?: string;
  /** The shared face of each style. */
  faces: Readonly<Record<FontStyle, FaceSource>>;
  /** Whether a local path may be read (only the bundled fonts). */
  localAccessPolicy: (path: string) => boolean;
  /** PDF/A-2b: the XMP packet and the OutputIntent's ICC profile (pdf-a.ts). */
  pdfA: { xmp: string; iccProfile: Buffer };
};

export class WarmDocument extends (PdfmakeDocument as unknown as new (...args: ConstructorParameters<PdfmakeDocumentClass>) => PdfmakeDocumentInstance) {
  // Declared, not initialised: pdfkit's constructor already writes (the header) through _write.
  declare private output: GatheredOutput | undefined;
  declare pageSink: PageSink | undefined;
  declare private readonly setup: DocumentSetup;

  constructor(setup: DocumentSetup) {
    // Only the family name is looked at (provideFont answers with the shared faces).
    super({ [ENGINE_FONT_FAMILY]: FONT_DESCRIPTOR }, {}, {}, {}, pdfKitOptions(setup.size, setup.info, setup.language), null, setup.localAccessPolicy);
    this.setup = setup;
  }

  /** Ends the document and returns all its bytes. */
  finish(): Buffer {
    this.end();
    return this.gathered().bytes();
  }

  private gathered(): GatheredOutput {
    return (this.output ??= new GatheredOutput());
  }

  override _write(data: string | Buffer): void {
    this._offset += this.gathered().write(data);
  }

  /** pdfkit only pushes its end (null) now that `_write` gathers; nothing enters the Readable. */
  override push(chunk: unknown): boolean {
    if (chunk === null) this.gathered().finished = true;
    return true;
  }

  /** Every stream object is deflated at level 1 (pdf-output.ts), with pdfkit's dictionary. */
  override ref(data?: Record<string, unknown>): PdfReference {
    const reference = super.ref(data);
    const finalize = reference.finalize;
    reference.finalize = function (this: PdfReference) {
      const chunks = this.buffer as Uint8Array[];
      if (this.compress && chunks.length) {
        this.buffer = [deflateFast(chunks)];
        this.compress = false;
        this.data.Filter = 'FlateDecode';
      }
      return finalize.call(this);
    };
    return reference;
  }

  override addContent(data: string | Uint8Array): PdfmakeDocumentInstance {
    if (this.pageSink) this.pageSink.content(data);
    else super.addContent(data);
    return this;
  }

  /** pdfkit's own addContent, for the page writer's gathered operators. */
  writeContent(data: string | Uint8Array): void {
    super.addContent(data);
  }

  override addPage(options?: unknown): PdfmakeDocumentInstance {
    this.pageSink?.beforePage();
    super.addPage(options);
    this.pageSink?.afterPage();
    return this;
  }

  // pdfmake asks for a face by family and style; answer with the shared face, embedded into
  // this document under the next font id (F1, F2, … in order of first use: deterministic).
  override provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont {
    if (family !== ENGINE_FONT_FAMILY) throw new Error(`Font '${family}' is not bundled; use '${ENGINE_FONT_FAMILY}'`);
    const style = this.getFontType(bold, italics);
    const perFamily = (this.fontCache[family] ??= {});
    let font = perFamily[style];
    if (!font) {
      const face = this.setup.faces[style];
      const id = `F${++this._fontCount}`;
      font = new (sharedEmbeddedFontClass())(this, face, id);
      // pdfkit embeds (subsets) every font registered here when the document ends.
      this._fontFamilies[id] = font;
      perFamily[style] = font;
    }
    return font;
  }

  /** PDF/A-2b's metadata and OutputIntent in place of pdfkit's metadata (pdf-a.ts says why). */
  override endMetadata(): void {
    const { xmp, iccProfile } = this.setup.pdfA;
    const profile = this.ref({ N: 3 });
    profile.end(iccProfile);
    const intent = this.ref({
      Type: 'OutputIntent',
      S: 'GTS_PDFA1',
      OutputConditionIdentifier: new String(SRGB_OUTPUT_CONDITION),
      Info: new String(SRGB_OUTPUT_CONDITION),
      DestOutputProfile: profile,
    });
    intent.end();
    this._root.data.OutputIntents = [intent];
    const metadata = this.ref({ Type: 'Metadata', Subtype: 'XML' });
    // PDF/A wants the packet readable without a filter.
    metadata.compress = false;
    metadata.end(Buffer.from(xmp, 'utf8'));
    this._root.data.Metadata = metadata;
  }
}

/** What the page writer needs of the document. */
export type PageDocument = Pick<WarmDocument, 'page' | 'writeContent' | '_normalizeColor' | '_doOpacity' | 'pageSink'>;

// ---- layout and drawing ------------------------------------------------------------------------

type PageSize = { width: number; height: number; orientation: string };
type Margins = { left: number; top: number; right: number; bottom: number };
type LayoutBuilder = {
  registerTableLayouts(layouts: unknown): void;
  layoutDocument(...args: unknown[]): unknown[];
};

const LayoutBuilderClass = exported(layoutBuilderModule, undefined) as new (pageSize: PageSize, margins: Margins, svgMeasure: unknown) => LayoutBuilder;
const SvgMeasureClass = exported(svgMeasureModule, undefined) as new () => unknown;
export const normalizePageSize = exported(pageSizeModule, 'normalizePageSize') as (size: unknown, orientation: unknown) => PageSize;
const normalizePageMargin = exported(pageSizeModule, 'normalizePageMargin') as (margins: unknown) => Margins;
const TABLE_LAYOUTS = exported(tableLayoutsModule, 'tableLayouts');

/** While true, pdfmake's style lookups and word measuring are the engine's (see below). */
let layingOut = false;

{
  type StyleStackClass = {
    prototype: { getProperty(this: StyleStack, property: string): unknown };
    getStyleProperty(item: StyleItem, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown;
  };
  const StyleContextStack = exported(styleContextStackModule, undefined) as StyleStackClass;
  const pdfmakeGetProperty = StyleContextStack.prototype.getProperty;
  const pdfmakeGetStyleProperty = StyleContextStack.getStyleProperty;
  StyleContextStack.prototype.getProperty = function (this: StyleStack, property: string) {
    return layingOut ? stackValue(this, property) : pdfmakeGetProperty.call(this, property);
  };
  StyleContextStack.getStyleProperty = (item, stack, property, defaultValue) =>
    layingOut ? itemStyleValue(item, stack, property, defaultValue) : pdfmakeGetStyleProperty.call(StyleContextStack, item, stack, property, defaultValue);

  const TextInlinesClass = exported(textInlinesModule, undefined) as { prototype: { measure(words: Inline[], stack: StyleStack): Inline[] } };
  const pdfmakeMeasure = TextInlinesClass.prototype.measure;
  TextInlinesClass.prototype.measure = function (this: TextInlines, words: Inline[], stack: StyleStack) {
    return layingOut ? measureInlines.call(this, words, stack) : pdfmakeMeasure.call(this, words, stack);
  };

  const TextBreakerClass = exported(textBreakerModule, undefined) as { prototype: { getBreaks(texts: unknown, stack: StyleStack): Inline[] } };
  const pdfmakeGetBreaks = TextBreakerClass.prototype.getBreaks;
  TextBreakerClass.prototype.getBreaks = function (texts: unknown, stack: StyleStack) {
    return layingOut ? getBreaks(texts, stack) : pdfmakeGetBreaks.call(this, texts, stack);
  };
}

type TextItem = StyleItem & { text?: unknown; _textRef?: { _textNodeRef: { text: unknown } } };
const { getStyleProperty, copyStyle } = exported(styleContextStackModule, undefined) as {
  getStyleProperty(item: StyleItem, stack: StyleStack, property: string, defaultValue: unknown): unknown;
  copyStyle(source: unknown, destination: object): object;
};
const isObject = exported(variableTypeModule, 'isObject') as (value: unknown) => boolean;

/** pdfmake 0.3.11's getFirstWord (TextBreaker.js). */
function firstWord(words: Word[], noWrap: unknown): string | null {
  let word = words[0];
  if (word === undefined) return null;
  if (noWrap) {
    // text was not wrapped, we need only first word
    const tmpWords = splitWords(word.text, false);
    if (tmpWords[0] === undefined) return null;
    word = tmpWords[0];
  }
  return word.text;
}

/** pdfmake 0.3.11's getLastWord (TextBreaker.js). */
function lastWordOf(words: Word[], noWrap: unknown): string | null {
  let word = words[words.length - 1];
  if (word === undefined) return null;
  if (word.lineEnd) return null;
  if (noWrap) {
    // text was not wrapped, we need only last word
    const tmpWords = splitWords(word.text, false);
    if (tmpWords[tmpWords.length - 1] === undefined) return null;
    word = tmpWords[tmpWords.length - 1]!;
  }
  return word.text;
}

/**
 * pdfmake 0.3.11's TextBreaker#getBreaks, statement for statement, with word-breaks.ts's
 * splitWords (the same words) in place of its module-local one. Exported for the tests.
 */
export function getBreaks(texts: unknown, styleContextStack: StyleStack): Inline[] {
  const results: Inline[] = [];
  const items: unknown[] = Array.isArray(texts) ? texts : [texts];
  let lastWord: string | null = null;
  for (let i = 0, l = items.length; i < l; i++) {
    const item = items[i] as TextItem | string;
    let style = null;
    let words: Word[];
    const breakAll = getStyleProperty((item || {}) as StyleItem, styleContextStack, 'wordBreak', 'normal') === 'break-all';
    const noWrap = getStyleProperty((item || {}) as StyleItem, styleContextStack, 'noWrap', false);
    if (isObject(item)) {
      const object = item as TextItem;
      if (object._textRef && object._textRef._textNodeRef.text) {
        object.text = object._textRef._textNodeRef.text;
      }
      words = splitWords(object.text, noWrap, breakAll);
      style = copyStyle(object, {});
    } else {
      words = splitWords(item, noWrap, breakAll);
    }
    if (lastWord && words.length) {
      const first = firstWord(words, noWrap);
      const wrapWords = splitWords(lastWord + first, false);
      if (wrapWords.length === 1) {
        results[results.length - 1]!.noNewLine = true;
      }
    }
    for (let i2 = 0, l2 = words.length; i2 < l2; i2++) {
      const result: Inline = { text: words[i2]!.text };
      if (words[i2]!.lineEnd) {
        result.lineEnd = true;
      }
      copyStyle(style, result);
      results.push(result);
    }
    lastWord = null;
    if (i + 1 < l) {
      lastWord = lastWordOf(words, noWrap);
    }
  }
  return results;
}

/** What a definition gives the layout (pdfmake's TDocumentDefinitions, the parts the engine passes on). */
export type LayoutDefinition = {
  pageSize: PageSize;
  pageMargins: unknown;
  content: unknown;
  styles: unknown;
  defaultStyle: unknown;
  header: unknown;
  footer: unknown;
};

/** pdfmake's LayoutBuilder over the document, with the engine's lookups: the laid-out pages. */
export function layOut(document: WarmDocument, definition: LayoutDefinition): unknown[] {
  const builder = new LayoutBuilderClass(definition.pageSize, normalizePageMargin(definition.pageMargins ?? 40), new SvgMeasureClass());
  builder.registerTableLayouts(TABLE_LAYOUTS);
  layingOut = true;
  try {
    const { content, styles, defaultStyle, header, footer } = definition;
    return builder.layoutDocument(content, document, styles, defaultStyle, undefined, header, footer, undefined, undefined);
  } finally {
    layingOut = false;
  }
}

type Renderer = { renderPages(pages: unknown[]): void; renderLine(line: unknown, x: number, y: number): void; renderVector(vector: unknown): void };
const RendererClass = exported(rendererModule, undefined) as new (document: WarmDocument, progress?: unknown) => Renderer;

/** What draws a page's plain items; false: pdfmake draws the item itself. */
export type PlainDrawing = { line(line: unknown, x: number, y: number): boolean; vector(vector: unknown): boolean };

/** pdfmake's Renderer, with plain lines and vectors drawn by `plain` (same drawing, less work). */
class EngineRenderer extends RendererClass {
  constructor(
    document: WarmDocument,
    private readonly plain: PlainDrawing,
  ) {
    super(document);
  }
  override renderLine(line: unknown, x: number, y: number): void {
    if (!this.plain.line(line, x, y)) super.renderLine(line, x, y);
  }
  override renderVector(vector: unknown): void {
    if (!this.plain.vector(vector)) super.renderVector(vector);
  }
}

/** Draws the laid-out pages into the document. */
export function drawPages(document: WarmDocument, pages: unknown[], plain: PlainDrawing): void {
  new EngineRenderer(document, plain).renderPages(pages);
}
