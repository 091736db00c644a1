import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import * as docMeasureModule from 'pdfmake/js/DocMeasure.js';
import * as docPreprocessorModule from 'pdfmake/js/DocPreprocessor.js';
import * as layoutBuilderModule from 'pdfmake/js/LayoutBuilder.js';
import * as lineModule from 'pdfmake/js/Line.js';
import * as pageSizeModule from 'pdfmake/js/PageSize.js';
import * as pdfDocumentModule from 'pdfmake/js/PDFDocument.js';
import * as rendererModule from 'pdfmake/js/Renderer.js';
import * as styleContextStackModule from 'pdfmake/js/StyleContextStack.js';
import * as svgMeasureModule from 'pdfmake/js/SVGMeasure.js';
import * as tableLayoutsModule from 'pdfmake/js/tableLayouts.js';
import * as textInlinesModule from 'pdfmake/js/TextInlines.js';
import { fontBuffers, fontPaths, type FontStyle } from './fonts.ts';
import { FaceSubsets, type SubsetFont } from './font-subsets.ts';
import { FontRef } from './kept-trees.ts';
import { DocumentLayout, LayoutRecords, type Writer } from './layout-replay.ts';
import { DocumentBlocks, MeasuredBlocks, type DocumentFonts } from './measure-cache.ts';
import { PageWriter, type PdfKitPageDocument, type Vector } from './page-writer.ts';
import { deflateStreamsFast, gatherOutput, keepPushed, withCachedDeflate, type OutputDocument, type PdfReference } from './pdf-output.ts';
import { SimpleShaper, type ShaperFont } from './simple-shaper.ts';

/**
 * A warm pdfmake: the same layout and rendering code as `pdfmake.createPdf`, but the fonts are
 * parsed once per process and their word-shaping cache is shared by every document.
 *
 * Why not the public `pdfmake.createPdf`: it builds a new pdfkit document per call, and pdfkit
 * re-parses every TrueType face (fontkit.create) and re-shapes every word (GSUB/GPOS of a 500 KB
 * Vietnamese face) per document. Measured on a 10-page document: 470 ms naive, 350 ms with the
 * font bytes in pdfmake's virtual file system, ~100 ms here. pdfmake offers no hook to hand it a
 * parsed face, so this module drives pdfmake's own LayoutBuilder and Renderer (as its Printer
 * does) with a pdfkit document subclass whose `provideFont` returns the shared faces.
 *
 * Access policy: the engine reads no file and fetches no URL. Fonts come from fontBuffers();
 * there is no URL-resolving step; any local path a definition might name (an image) is refused
 * unless it is one of the bundled font files.
 *
 * Tied to pdfmake 0.3.x internals (package.json pins ^0.3.11); `assertEngineShape` fails loudly
 * at load if an upgrade moves them.
 */

// ---- pdfmake internals, narrowed to what is used ------------------------------------------

type Constructor<T> = new (...args: never[]) => T;

/** A CommonJS module compiled from ESM, reached through Node's or a bundler's interop. */
function cjsExport<T>(namespace: unknown, name: string): T {
  let candidate: unknown = namespace;
  for (let depth = 0; depth < 3 && candidate; depth++) {
    const value = (candidate as Record<string, unknown>)[name];
    if (value !== undefined) return value as T;
    candidate = (candidate as Record<string, unknown>).default;
  }
  throw new Error(`pdfmake internals changed: export '${name}' not found (pdf-engine.ts expects pdfmake 0.3.x)`);
}

/** The `default` export of a compiled class module: under Node it sits at `.default.default`. */
function cjsDefault<T>(namespace: unknown): T {
  let candidate: unknown = namespace;
  for (let depth = 0; depth < 3 && candidate; depth++) {
    if (typeof candidate === 'function') return candidate as T;
    candidate = (candidate as Record<string, unknown>).default;
  }
  throw new Error('pdfmake internals changed: class export not found (pdf-engine.ts expects pdfmake 0.3.x)');
}

/** The fontkit face inside a pdfkit EmbeddedFont; only its identity and metrics matter here. */
type FontkitFont = { unitsPerEm: number; layout(text: string): { advanceWidth: number }; createSubset(): unknown };

type LayoutRun = unknown;

/** pdfkit's EmbeddedFont (not exported by pdfkit; taken from a probe document, see loadFaces). */
type EmbeddedFont = {
  document: unknown;
  font: FontkitFont;
  embed(): unknown;
  subset: unknown;
  layoutRun(text: string, features?: unknown): LayoutRun;
  layoutCached(text: string): LayoutRun;
};

type PdfKitDocument = NodeJS.ReadableStream & {
  font(src: Buffer): PdfKitDocument;
  ref(data?: Record<string, unknown>): PdfReference;
  addContent(data: string | Uint8Array): PdfKitDocument;
  addPage(options?: unknown): PdfKitDocument;
  _font: EmbeddedFont;
  _fontCount: number;
  _fontFamilies: Record<string, EmbeddedFont>;
  fontCache: Record<string, Partial<Record<FontStyle, EmbeddedFont>>>;
  getFontType(bold: boolean, italics: boolean): FontStyle;
  provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont;
  /** The styles provideFont was asked for, while measure-cache.ts records them. */
  provided?: FontStyle[];
  end(): void;
};

type PdfKitOptions = {
  size: [number, number];
  pdfVersion: string;
  compress: boolean;
  autoFirstPage: false;
  bufferPages: false;
  fontLayoutCache: true;
  tagged: false;
  displayTitle: false;
  lang?: string;
  info: PdfInfo;
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
) => PdfKitDocument;

type PageSize = { width: number; height: number; orientation: string };
type Margins = { left: number; top: number; right: number; bottom: number };

type LayoutBuilder = {
  registerTableLayouts(layouts: unknown): void;
  layoutDocument(
    content: unknown,
    pdfDocument: PdfKitDocument,
    styles: unknown,
    defaultStyle: unknown,
    background: unknown,
    header: unknown,
    footer: unknown,
    watermark: unknown,
    pageBreakBefore: unknown,
  ): unknown[];
};

const PdfmakeDocument = cjsDefault<PdfmakeDocumentClass>(pdfDocumentModule);
const LayoutBuilderClass =
  cjsDefault<new (pageSize: PageSize, margins: Margins, svgMeasure: unknown) => LayoutBuilder>(layoutBuilderModule);
const SvgMeasureClass = cjsDefault<Constructor<unknown>>(svgMeasureModule);
type Renderer = { pdfDocument: PdfKitDocument; renderPages(pages: unknown[]): void; renderLine(line: unknown, x: number, y: number): void; renderVector(vector: unknown): void };
const RendererClass = cjsDefault<new (doc: PdfKitDocument, progress?: unknown) => Renderer>(rendererModule);

/**
 * pdfmake's Renderer, writing plain lines and vectors through page-writer.ts (same drawing, less
 * work). Lines and rules replayed from earlier documents (layout-replay.ts) are frozen and name
 * their fonts by style: pdfmake's own drawing gets a copy with this document's fonts.
 */
class FastRenderer extends RendererClass {
  constructor(
    document: PdfKitDocument,
    private readonly writer: PageWriter,
    private readonly fontOf: <T>(font: T) => T,
  ) {
    super(document);
  }
  override renderLine(line: Parameters<PageWriter['line']>[0], x: number, y: number): void {
    if (this.writer.line(line, x, y)) return;
    if (!Object.isFrozen(line)) return super.renderLine(line, x, y);
    const inlines = line.inlines.map((inline) => ({ ...inline, font: this.fontOf(inline.font) }));
    super.renderLine(Object.assign(Object.create(Object.getPrototypeOf(line) as object) as typeof line, line, { inlines }), x, y);
  }
  override renderVector(vector: Vector): void {
    if (!this.writer.vector(vector)) super.renderVector(Object.isFrozen(vector) ? { ...vector } : vector);
  }
}
const normalizePageSize = cjsExport<(size: unknown, orientation: unknown) => PageSize>(pageSizeModule, 'normalizePageSize');
const normalizePageMargin = cjsExport<(margins: unknown) => Margins>(pageSizeModule, 'normalizePageMargin');
const TABLE_LAYOUTS = cjsExport<unknown>(tableLayoutsModule, 'tableLayouts');

// ---- style lookups ---------------------------------------------------------------------------

/**
 * pdfmake resolves every style property of every inline (font, size, bold, colour, … about 20 per
 * word) by walking its style stack, and each walk allocates a closure and a Set; that was ~15% of
 * a warm render. While this engine lays out a document (`layingOut`), the two lookups below run
 * instead: same order, same answers, no allocation. Outside that window (other pdfmake users in
 * the process, e.g. the naive benchmark) pdfmake's own code runs unchanged.
 */
type StyleItem = Record<string, unknown> | string;
type StyleStack = { styleDictionary: Record<string, Record<string, unknown> | undefined>; defaultStyle?: Record<string, unknown>; styleOverrides: StyleItem[] };
type StyleStackClass = {
  prototype: { getProperty(this: StyleStack, property: string): unknown };
  getStyleProperty(item: StyleItem, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown;
};

let layingOut = false;

const isValue = (value: unknown) => value !== undefined && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string' || value instanceof String;

/** A named style's property, following `extends` (last parent first), each style visited once. */
function namedStyleValue(stack: StyleStack, name: string, property: string, visited: Set<string> | undefined): unknown {
  if (visited?.has(name)) return undefined;
  const style = stack.styleDictionary[name];
  if (!style) return undefined;
  if (isValue(style[property])) return style[property];
  if (style.extends) {
    const seen = visited ?? new Set<string>();
    seen.add(name);
    const parents = (Array.isArray(style.extends) ? style.extends : [style.extends]) as string[];
    for (let i = parents.length - 1; i >= 0; i--) {
      const value = namedStyleValue(stack, parents[i]!, property, seen);
      if (isValue(value)) return value;
    }
  }
  return undefined;
}

/** One stack entry's answer: a style name's value or an override object's own property. */
function entryValue(stack: StyleStack, entry: StyleItem, property: string): unknown {
  return isString(entry) ? namedStyleValue(stack, entry, property, undefined) : entry[property];
}

/** StyleContextStack#getProperty: the topmost entry that sets `property`, else the default style. */
function stackValue(stack: StyleStack, property: string): unknown {
  const overrides = stack.styleOverrides;
  if (overrides) {
    for (let i = overrides.length - 1; i >= 0; i--) {
      const value = entryValue(stack, overrides[i]!, property);
      if (isValue(value)) return value;
    }
  }
  return stack.defaultStyle && stack.defaultStyle[property];
}

/**
 * StyleContextStack.getStyleProperty: pdfmake pushes the item's styles and the item, reads the
 * stack, and pops them; reading the item's styles (last first) before the stack is the same answer.
 */
function itemStyleValue(item: StyleItem, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown {
  const own = (item as Record<string, unknown>)[property];
  if (isValue(own)) return own;
  if (!stack) return defaultValue;
  if (!isString(item) && item.section === undefined && item.style) {
    const names = (Array.isArray(item.style) ? item.style : [item.style]) as StyleItem[];
    for (let i = names.length - 1; i >= 0; i--) {
      const value = entryValue(stack, names[i]!, property);
      if (isValue(value)) return value;
    }
  }
  const value = stackValue(stack, property);
  return isValue(value) ? value : defaultValue;
}

{
  const StyleContextStack = cjsDefault<StyleStackClass>(styleContextStackModule);
  const pdfmakeGetProperty = StyleContextStack.prototype.getProperty;
  const pdfmakeGetStyleProperty = StyleContextStack.getStyleProperty;
  StyleContextStack.prototype.getProperty = function (this: StyleStack, property: string) {
    return layingOut ? stackValue(this, property) : pdfmakeGetProperty.call(this, property);
  };
  StyleContextStack.getStyleProperty = (item, stack, property, defaultValue) =>
    layingOut ? itemStyleValue(item, stack, property, defaultValue) : pdfmakeGetStyleProperty.call(StyleContextStack, item, stack, property, defaultValue);
}

// ---- measuring inlines ----------------------------------------------------------------------

/**
 * TextInlines#measure resolves ~22 style properties for every word of a paragraph, although the
 * words of one text run share their style (pdfmake copies the run's own properties onto each
 * word). While this engine lays out, `measureInlines` resolves them once per run of words with
 * the same own properties, and sets on each word exactly what pdfmake's measure sets.
 */
type Inline = Record<string, unknown> & { text: string; font?: MeasuredFont; leadingCut?: number; trailingCut?: number };
type MeasuredFont = { lineHeight(size: number): number; widthOfString(text: string, size: number, features: unknown): number };
type TextInlines = {
  pdfDocument: { provideFont(family: unknown, bold: unknown, italics: unknown): MeasuredFont };
  widthOfText(text: string, inline: Inline): number;
};

/** Own keys of a word that are not style: they never change what the style lookups answer. */
const NOT_STYLE = new Set(['text', 'lineEnd', 'noNewLine', 'leadingCut', 'leadingIndent']);

/** What measure() sets on every word of a run, resolved once (pdfmake's defaults). */
type RunStyle = {
  font: MeasuredFont;
  alignment: unknown;
  fontSize: number;
  fontFeatures: unknown;
  characterSpacing: unknown;
  color: unknown;
  decoration: unknown;
  decorationColor: unknown;
  decorationStyle: unknown;
  decorationThickness: unknown;
  background: unknown;
  link: unknown;
  linkToPage: unknown;
  linkToDestination: unknown;
  noWrap: unknown;
  opacity: unknown;
  sup: unknown;
  sub: unknown;
  height: number;
  preserveLeadingSpaces: unknown;
  preserveTrailingSpaces: unknown;
  /** The run's first word and its own style keys, to recognise the next words of the run. */
  word: Inline;
  styleKeys: string[];
};

function ownStyleKeys(word: Inline): string[] {
  return Object.keys(word).filter((key) => !NOT_STYLE.has(key));
}

/** The word's own style keys and values are the run's (words of one text run share them). */
function sameOwnStyle(word: Inline, run: RunStyle): boolean {
  const keys = run.styleKeys;
  for (let i = 0; i < keys.length; i++) if (word[keys[i]!] !== run.word[keys[i]!]) return false;
  let count = 0;
  for (const key of Object.keys(word)) if (!NOT_STYLE.has(key)) count++;
  return count === keys.length;
}

function resolveRunStyle(textInlines: TextInlines, word: Inline, stack: StyleStack): RunStyle {
  const value = (property: string, defaultValue: unknown) => itemStyleValue(word, stack, property, defaultValue);
  const font = textInlines.pdfDocument.provideFont(value('font', 'Roboto'), value('bold', false), value('italics', false));
  const sup = value('sup', false);
  const sub = value('sub', false);
  // pdfmake's size for superscript and subscript.
  const fontSize = (value('fontSize', 12) as number) * (sup || sub ? 0.58 : 1);
  return {
    font,
    alignment: value('alignment', 'left'),
    fontSize,
    fontFeatures: value('fontFeatures', null),
    characterSpacing: value('characterSpacing', 0),
    color: value('color', 'black'),
    decoration: value('decoration', null),
    decorationColor: value('decorationColor', null),
    decorationStyle: value('decorationStyle', null),
    decorationThickness: value('decorationThickness', null),
    background: value('background', null),
    link: value('link', null),
    linkToPage: value('linkToPage', null),
    linkToDestination: value('linkToDestination', null),
    noWrap: value('noWrap', null),
    opacity: value('opacity', 1),
    sup,
    sub,
    height: font.lineHeight(fontSize) * (value('lineHeight', 1) as number),
    preserveLeadingSpaces: value('preserveLeadingSpaces', false),
    preserveTrailingSpaces: value('preserveTrailingSpaces', false),
    word,
    styleKeys: ownStyleKeys(word),
  };
}

/** The fields measureInlines sets itself (a word's own value of one of them was resolved into it). */
const MEASURED_FIELDS: Readonly<Record<string, true>> = Object.fromEntries(
  ['text', 'lineEnd', 'noNewLine', 'leadingIndent', 'font', 'alignment', 'fontSize', 'fontFeatures', 'characterSpacing', 'color', 'decoration', 'decorationColor', 'decorationStyle', 'decorationThickness', 'background', 'link', 'linkToPage', 'linkToDestination', 'noWrap', 'opacity', 'sup', 'sub', 'width', 'height', 'leadingCut', 'trailingCut'].map((k) => [k, true]),
);

const LEADING_SPACES = /^(\s)+/g;
const TRAILING_SPACES = /(\s)+$/g;

/** TextInlines#measure, with the style resolved per run of words (same results). */
function measureInlines(this: TextInlines, words: Inline[], stack: StyleStack): Inline[] {
  if (words.length) {
    const leadingIndent = itemStyleValue(words[0]!, stack, 'leadingIndent', 0) as number;
    if (leadingIndent) {
      words[0]!.leadingCut = -leadingIndent;
      words[0]!.leadingIndent = leadingIndent;
    }
  }
  let run: RunStyle | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!run || !sameOwnStyle(word, run)) run = resolveRunStyle(this, word, stack);
    // A new object with every field in one literal (one shape, no growing of the word pdfmake
    // made, ~20% less garbage per document); nothing but this array refers to the word yet.
    const measured: Inline = {
      text: word.text,
      lineEnd: word.lineEnd,
      noNewLine: word.noNewLine,
      leadingIndent: word.leadingIndent,
      font: run.font,
      alignment: run.alignment,
      fontSize: run.fontSize,
      fontFeatures: run.fontFeatures,
      characterSpacing: run.characterSpacing,
      color: run.color,
      decoration: run.decoration,
      decorationColor: run.decorationColor,
      decorationStyle: run.decorationStyle,
      decorationThickness: run.decorationThickness,
      background: run.background,
      link: run.link,
      linkToPage: run.linkToPage,
      linkToDestination: run.linkToDestination,
      noWrap: run.noWrap,
      opacity: run.opacity,
      sup: run.sup,
      sub: run.sub,
      width: 0,
      height: run.height,
      leadingCut: word.leadingCut || 0,
      trailingCut: 0,
    };
    // The word's other own properties (its run's `bold`, `style`, …), as pdfmake leaves them.
    for (const key of run.styleKeys) if (!(key in MEASURED_FIELDS)) measured[key] = word[key];
    measured.width = this.widthOfText(measured.text, measured);
    if (!run.preserveLeadingSpaces) {
      const leadingSpaces = measured.text.match(LEADING_SPACES);
      if (leadingSpaces) measured.leadingCut! += this.widthOfText(leadingSpaces[0], measured);
    }
    if (!run.preserveTrailingSpaces) {
      const trailingSpaces = measured.text.match(TRAILING_SPACES);
      if (trailingSpaces) measured.trailingCut = this.widthOfText(trailingSpaces[0], measured);
    }
    words[i] = measured;
  }
  return words;
}

{
  const TextInlinesClass = cjsDefault<{ prototype: { measure(words: Inline[], stack: StyleStack): Inline[] } }>(textInlinesModule);
  const pdfmakeMeasure = TextInlinesClass.prototype.measure;
  TextInlinesClass.prototype.measure = function (this: TextInlines, words: Inline[], stack: StyleStack) {
    return layingOut ? measureInlines.call(this, words, stack) : pdfmakeMeasure.call(this, words, stack);
  };
}

// ---- measured blocks kept across documents (measure-cache.ts) ------------------------------

const measuredBlocks = new MeasuredBlocks();
/** The document being laid out, while it is. */
let documentBlocks: DocumentBlocks | undefined;

{
  type Preprocessor = { prototype: { preprocessNode(node: unknown, isSectionAllowed?: boolean): unknown } };
  const DocPreprocessorClass = cjsDefault<Preprocessor>(docPreprocessorModule);
  const pdfmakePreprocess = DocPreprocessorClass.prototype.preprocessNode;
  DocPreprocessorClass.prototype.preprocessNode = function (node, isSectionAllowed) {
    return documentBlocks && DocumentBlocks.isKnown(node) ? node : pdfmakePreprocess.call(this, node, isSectionAllowed);
  };
  type Measurer = { prototype: { measureNode(node: unknown): object } };
  const DocMeasureClass = cjsDefault<Measurer>(docMeasureModule);
  const pdfmakeMeasureNode = DocMeasureClass.prototype.measureNode;
  DocMeasureClass.prototype.measureNode = function (node) {
    return documentBlocks ? documentBlocks.measure(node, () => pdfmakeMeasureNode.call(this, node)) : pdfmakeMeasureNode.call(this, node);
  };
}

// ---- laid-out blocks replayed across documents (layout-replay.ts) -----------------------------

/** pdfmake's Line: the one class of what a layout keeps besides plain objects. */
const LineClass = cjsDefault<{ prototype: object }>(lineModule);
const layoutRecords = new LayoutRecords(new Set([LineClass.prototype]));
/** The document being laid out, while it is. */
let documentLayout: DocumentLayout | undefined;

{
  type Builder = { prototype: { processNode(this: { writer: Writer }, node: object, isVerticalAlignmentAllowed?: boolean): void } };
  const LayoutBuilderPrototype = cjsDefault<Builder>(layoutBuilderModule).prototype;
  const pdfmakeProcessNode = LayoutBuilderPrototype.processNode;
  LayoutBuilderPrototype.processNode = function (node, isVerticalAlignmentAllowed) {
    const layOut = (measured: object) => pdfmakeProcessNode.call(this, measured, isVerticalAlignmentAllowed);
    return documentLayout ? documentLayout.process(this.writer, node, layOut) : layOut(node);
  };
}

/** Forgets the measured and laid-out blocks kept so far (tests compare renders with and without them). */
export function clearMeasuredBlocks(): void {
  measuredBlocks.clear();
  layoutRecords.clear();
}

/** How many measured and laid-out blocks are kept for later documents. */
export function keptBlocks(): { measured: number; laidOut: number } {
  return { measured: measuredBlocks.size, laidOut: layoutRecords.size };
}

/**
 * Forgets what earlier documents left (measured and laid-out blocks, shaped words, encoded
 * subsets) and keeps what any document needs (parsed faces, decoded tables, the simple shaper's
 * letters and plans, glyph records). The CLI's startup snapshot calls it after its warm-up:
 * made-up documents' leftovers would only make every process start slower.
 */
export function forgetDocuments(): void {
  clearMeasuredBlocks();
  if (!faces) return;
  for (const face of Object.values(faces.byStyle)) {
    face.runs.clear();
    face.subsets.forgetEncoded();
  }
}

// ---- shared faces -------------------------------------------------------------------------

/** pdfmake's name for the one family the documents use; a definition's `font` must say this. */
export const ENGINE_FONT_FAMILY = 'NotoSerif';

/**
 * A shaped word costs a fontkit layout; documents repeat the same words (and one campaign's names),
 * so the runs are kept across documents. Bounded so that a long-lived worker cannot grow without end.
 */
const MAX_SHARED_RUNS_PER_FACE = 50_000;

/**
 * One face, parsed twice: `fontkit` shapes text (and keeps the shared runs); `subsetSource` only
 * feeds the subsets that get embedded. They must be apart because fontkit caches glyph objects
 * with the characters they were first seen with: subsetting creates the components of composite
 * glyphs (the `a` inside `ả`) with none, and pdfkit writes a glyph's characters into the ToUnicode
 * map, so a shared cache would make a later document's `a` extract as garbage.
 */
type SharedFace = {
  style: FontStyle;
  fontkit: FontkitFont;
  /** Lays out the words that need no OpenType engine (simple-shaper.ts), faster than fontkit. */
  shaper: SimpleShaper;
  runs: Map<string, LayoutRun>;
  /** The subsets, made from a second parse of the face, with what documents share (font-subsets.ts). */
  subsets: FaceSubsets;
  /** The encoded subsets deflated, as pdfkit writes them into the font file stream. */
  deflated: WeakMap<Uint8Array, Buffer>;
};

type Faces = {
  byStyle: Record<FontStyle, SharedFace>;
  /** A subclass of pdfkit's EmbeddedFont that shapes through the shared run cache. */
  SharedEmbeddedFont: new (document: PdfKitDocument, face: SharedFace, id: string) => EmbeddedFont & { engineStyle: FontStyle };
};

let faces: Faces | undefined;

function loadFaces(): Faces {
  if (faces) return faces;
  const buffers = fontBuffers();
  // pdfkit does not export EmbeddedFont; probe documents parse each face and lend its class.
  const parseWithPdfkit = (buffer: Buffer) =>
    new PdfmakeDocument({}, {}, {}, {}, pdfKitOptions([595.28, 841.89], { CreationDate: new Date(0), ModDate: new Date(0) }), null, () => false).font(buffer)._font;
  const parse = (style: FontStyle): { embedded: EmbeddedFont; face: SharedFace } => {
    const embedded = parseWithPdfkit(buffers[style]);
    const subsetSource = parseWithPdfkit(buffers[style]).font;
    const fontkit = embedded.font;
    const shaper = new SimpleShaper(fontkit as unknown as ShaperFont);
    const subsets = new FaceSubsets(subsetSource as unknown as SubsetFont);
    return { embedded, face: { style, fontkit, shaper, runs: new Map(), subsets, deflated: new WeakMap() } };
  };
  const normal = parse('normal');
  const EmbeddedFontBase = normal.embedded.constructor as new (
    document: PdfKitDocument,
    font: FontkitFont,
    id: string,
  ) => EmbeddedFont;

  class SharedEmbeddedFont extends EmbeddedFontBase {
    private readonly runs: Map<string, LayoutRun>;
    private readonly shaper: SimpleShaper;
    private readonly deflated: WeakMap<Uint8Array, Buffer>;
    readonly engineStyle: FontStyle;
    constructor(document: PdfKitDocument, face: SharedFace, id: string) {
      super(document, face.fontkit, id);
      this.engineStyle = face.style;
      this.shaper = face.shaper;
      this.subset = face.subsets.create();
      this.runs = face.runs;
      this.deflated = face.deflated;
    }
    // pdfkit's embed() writes the subset into the first object it creates (the font file) and
    // deflates it there: ~3 ms a document for four faces. A subset that came from the cache is
    // the same Uint8Array, so its deflated bytes are kept beside it and written as pdfkit would.
    override embed(): unknown {
      const document = this.document as PdfKitDocument;
      const ref = document.ref;
      document.ref = (data?: Record<string, unknown>) => {
        document.ref = ref;
        return withCachedDeflate(ref.call(document, data), this.deflated);
      };
      try {
        return super.embed();
      } finally {
        document.ref = ref;
      }
    }
    // Same contract as pdfkit's per-document cache; the runs are read-only to pdfkit (it copies
    // a position before adding word spacing), so documents can share them.
    override layoutCached(text: string): LayoutRun {
      let run = this.runs.get(text);
      if (run === undefined) {
        run = this.shaper.run(text) ?? this.layoutRun(text);
        if (this.runs.size >= MAX_SHARED_RUNS_PER_FACE) this.runs.clear();
        this.runs.set(text, run);
      }
      return run;
    }
  }

  faces = {
    byStyle: {
      normal: normal.face,
      bold: parse('bold').face,
      italics: parse('italics').face,
      bolditalics: parse('bolditalics').face,
    },
    SharedEmbeddedFont,
  };
  return faces;
}

/** pdfkit's options for every document this engine writes; only size, metadata and language vary. */
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

/**
 * Reads ahead, in every face, what a new document needs of these characters: whether the simple
 * shaper lays them out, their glyphs and metrics, their records for subsets. The CLI's startup
 * snapshot calls it, so that a fresh process finds them read.
 */
export function prepareFaces(characters: string): void {
  for (const face of Object.values(loadFaces().byStyle)) face.subsets.prepare(face.shaper.prepare(characters));
}

const measured = new Map<string, number>();

/** Width in points of `text` set in one face at `fontSize`, as the layout will measure it. */
export function measureText(text: string, style: { fontSize: number; bold?: boolean; italics?: boolean }): number {
  const face: FontStyle =
    style.bold && style.italics ? 'bolditalics' : style.bold ? 'bold' : style.italics ? 'italics' : 'normal';
  // Templates measure the same few header words for every document.
  const key = `${face}\u0000${text}`;
  let emWidth = measured.get(key);
  if (emWidth === undefined) {
    const { fontkit, shaper } = loadFaces().byStyle[face];
    // The simple shaper's run is in 1/1000 em, as pdfkit measures; fontkit's in font units.
    const run = shaper.run(text);
    emWidth = run ? run.advanceWidth / 1000 : fontkit.layout(text).advanceWidth / fontkit.unitsPerEm;
    if (measured.size >= MAX_SHARED_RUNS_PER_FACE) measured.clear();
    measured.set(key, emWidth);
  }
  return emWidth * style.fontSize;
}

let bundledFontPaths: ReadonlySet<string> | undefined;

/** Only the bundled font files may be read by path (in practice none is: fonts come as bytes). */
function localAccessPolicy(path: string): boolean {
  bundledFontPaths ??= new Set(Object.values(fontPaths()));
  return bundledFontPaths.has(path);
}

function createWarmDocumentClass(): PdfmakeDocumentClass {
  const { byStyle, SharedEmbeddedFont } = loadFaces();
  class WarmDocument extends PdfmakeDocument {
    // Its bytes never go through its Readable stream (pdf-output.ts).
    push(chunk: unknown): boolean {
      return keepPushed(this, chunk);
    }
    // pdfmake asks for a face by family and style; answer with the shared face, embedded into
    // this document under the next font id (F1, F2, … in order of first use: deterministic).
    override provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont {
      if (family !== ENGINE_FONT_FAMILY) throw new Error(`Font '${family}' is not bundled; use '${ENGINE_FONT_FAMILY}'`);
      const style = this.getFontType(bold, italics);
      this.provided?.push(style);
      const perFamily = (this.fontCache[family] ??= {});
      let font = perFamily[style];
      if (!font) {
        const id = `F${++this._fontCount}`;
        font = new SharedEmbeddedFont(this, byStyle[style], id);
        // pdfkit embeds (subsets) every font registered here when the document ends.
        this._fontFamilies[id] = font;
        perFamily[style] = font;
      }
      return font;
    }
  }
  return WarmDocument;
}

let WarmDocumentClass: PdfmakeDocumentClass | undefined;

// ---- rendering ------------------------------------------------------------------------------

/** The PDF Info dictionary, written as given (pdfkit derives the file /ID from it: no randomness). */
export type PdfInfo = {
  Title?: string;
  Author?: string;
  Subject?: string;
  Keywords?: string;
  Creator?: string;
  Producer?: string;
  CreationDate: Date;
  ModDate: Date;
};

export type EngineDocument = Partial<
  Pick<TDocumentDefinitions, 'pageSize' | 'pageMargins' | 'header' | 'footer' | 'defaultStyle' | 'styles' | 'language'>
> &
  Pick<TDocumentDefinitions, 'content'> & { info: PdfInfo };

const FONT_DESCRIPTOR = { normal: 'normal', bold: 'bold', italics: 'italics', bolditalics: 'bolditalics' } as const;

export type RenderOptions = {
  /**
   * Whether documents rendered later in this process may reuse this one's measured and laid-out
   * blocks (measure-cache.ts, layout-replay.ts). Keeping them costs a copy of each block: a
   * process that renders this document last (a one-file `congress-docs render`) says false.
   * Default true.
   */
  keepMeasuredBlocks?: boolean;
};

/** Lays out and writes one document; resolves with the PDF bytes and its page count. */
export async function renderDocument(definition: EngineDocument, options: RenderOptions = {}): Promise<{ pdf: Buffer; pages: number }> {
  WarmDocumentClass ??= createWarmDocumentClass();
  const pageSize = normalizePageSize(definition.pageSize ?? 'A4', 'portrait');
  const document = new WarmDocumentClass(
    // Only the family name is looked at (provideFont answers with the shared faces).
    { [ENGINE_FONT_FAMILY]: FONT_DESCRIPTOR },
    {},
    {},
    {},
    pdfKitOptions([pageSize.width, pageSize.height], definition.info, definition.language),
    null,
    localAccessPolicy,
  );
  deflateStreamsFast(document as unknown as OutputDocument);
  const output = gatherOutput(document as unknown as OutputDocument);
  const builder = new LayoutBuilderClass(pageSize, normalizePageMargin(definition.pageMargins ?? 40), new SvgMeasureClass());
  builder.registerTableLayouts(TABLE_LAYOUTS);
  const styles = definition.styles ?? {};
  const defaultStyle = definition.defaultStyle ?? { font: ENGINE_FONT_FAMILY };
  const { content } = definition;
  const fonts = documentFonts(document);
  const keep = options.keepMeasuredBlocks ?? true;
  const layout = layoutRecords.forDocument(fonts);
  if (Array.isArray(content)) {
    documentBlocks = measuredBlocks.forDocument(content, JSON.stringify([styles, defaultStyle]), fonts, {
      keep,
      named: (node, key, seen) => layout.name(node, key, seen),
    });
  }
  documentLayout = layout;
  layingOut = true;
  let pages: unknown[];
  try {
    pages = builder.layoutDocument(content, document, styles, defaultStyle, undefined, definition.header, definition.footer, undefined, undefined);
  } finally {
    layingOut = false;
    documentBlocks = undefined;
    documentLayout = undefined;
  }
  renderPages(document, pages);
  const pdf = output.finish();
  // The pages' lines and rules are no longer needed by this document: later ones may replay them.
  if (keep) layout.keep();
  return { pdf, pages: pages.length };
}

/** What measure-cache.ts needs of one document's fonts. */
function documentFonts(document: PdfKitDocument): DocumentFonts {
  const { SharedEmbeddedFont } = loadFaces();
  return {
    provide: (style) =>
      document.provideFont(ENGINE_FONT_FAMILY, style === 'bold' || style === 'bolditalics', style === 'italics' || style === 'bolditalics'),
    styleOf: (value) => (value instanceof SharedEmbeddedFont && value.document === document ? value.engineStyle : undefined),
    recordProvided: (measure) => {
      // Recordings nest (a kept child inside a block being kept): the outer one gets the inner's too.
      const outer = document.provided;
      const styles: FontStyle[] = [];
      document.provided = styles;
      try {
        return { result: measure(), styles };
      } finally {
        document.provided = outer;
        outer?.push(...styles);
      }
    },
  };
}

/** Draws the laid-out pages into the pdfkit document (see page-writer.ts). */
function renderPages(document: PdfKitDocument, pages: unknown[]): void {
  const fonts = documentFonts(document);
  // A replayed line's fonts are FontRefs: this document has them already (its measuring asked for them).
  const fontOf = <T,>(font: T): T => (font instanceof FontRef ? (fonts.provide(font.style) as T) : font);
  const writer = new PageWriter(document as unknown as PdfKitPageDocument, fontOf);
  try {
    new FastRenderer(document, writer, fontOf).renderPages(pages);
  } finally {
    writer.finish();
  }
}
