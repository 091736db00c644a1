import type { FontStyle } from './fonts.ts';
import { isPlainObject, KeptStore, KeptTree } from './kept-trees.ts';

/**
 * Measured blocks kept across documents, used by pdf-engine.ts.
 *
 * Before it lays out pages, pdfmake measures every node (DocMeasure: the words of each text and
 * their widths, the columns of tables, QR matrices). What it finds for a top-level block of the
 * content depends only on the block, the document's named and default styles, and the fonts,
 * which are the same in every document. Documents of one campaign repeat most of their blocks
 * (headings, paragraphs written from the same data, the tables), so the measured form of a
 * block met by a second document is kept, keyed by the block's JSON, and the next documents with
 * the same block lay out a copy of it instead of measuring it again.
 *
 * What measuring does outside the block is replayed: the fonts it asked the document for, in
 * the same order (pdfkit numbers fonts F1, F2… by first use, so the bytes stay the same). Blocks
 * whose measuring reaches further (images, SVG, node ids and page references, tables of
 * contents, sections) are measured every time. The copy is deep, with the same sharing as the
 * kept form: pdfmake writes its layout state into the nodes it lays out.
 */

/** What the cache needs of a document's fonts (pdf-engine.ts's shared faces). */
export type DocumentFonts = {
  /** The document's font for a style, as pdfmake would ask for it (registering it on first use). */
  provide(style: FontStyle): object;
  /** The style of one of the document's fonts; undefined for any other object. */
  styleOf(value: object): FontStyle | undefined;
  /** Calls `measure`, returning the styles it asked the document for, in order. */
  recordProvided<T>(measure: () => T): { result: T; styles: FontStyle[] };
};

/** A kept block and the fonts its measuring asked for. */
type Entry = { block: KeptTree; styles: FontStyle[] };

/** A top-level block whose measured form is known: preprocessing and measuring skip it. */
class KnownBlock {
  constructor(
    readonly entry: Entry,
    readonly key: string,
  ) {}
}

/**
 * The measured form of a known top-level block, not copied yet: layout-replay.ts may lay the block
 * out again without it; `materialize` makes the copy when pdfmake must lay it out. Until then it
 * answers what DocMeasure's root container reads of a measured block.
 */
export class DeferredBlock {
  readonly _minWidth: number;
  readonly _maxWidth: number;
  /** What LayoutBuilder#processVerticalContainer reads of a laid-out block. */
  positions: unknown[] = [];

  constructor(
    readonly materialize: () => object,
    kept: KeptTree,
  ) {
    this._minWidth = kept.rootValue('_minWidth') as number;
    this._maxWidth = kept.rootValue('_maxWidth') as number;
  }
}

/** Keys that make measuring reach beyond the block (see the module comment). */
const UNCACHEABLE_KEYS = new Set(['image', 'svg', 'attachment', 'toc', 'tocItem', 'id', 'pageReference', 'textReference', 'section']);

/** Measured nodes are plain objects and arrays (and the document's fonts). */
const NO_CLASSES: ReadonlySet<object> = new Set();

/** What kept blocks may hold, in objects (~100 B each): a few hundred documents' worth of blocks. */
const KEPT_OBJECTS = 400_000;
/** Keys of blocks met once: a few hundred documents' worth. */
const MET_KEYS = 5_000;
/** A block whose JSON is longer than this (a table of thousands of rows) is measured every time. */
const MAX_KEY_LENGTH = 512 * 1024;

export class MeasuredBlocks {
  private readonly entries = new KeptStore<Entry>(KEPT_OBJECTS, (entry) => entry.block.size);
  /** Keys of blocks met once (see metBefore). */
  private readonly met = new Set<string>();
  private readonly functionIds = new WeakMap<object, number>();
  private functionCount = 0;

  /**
   * Prepares one document's content (the array given to pdfmake, changed in place): a block
   * measured before becomes a KnownBlock; with `keep`, the others are kept once measured.
   * Returns what DocMeasure's hook calls for each node. `styleKey` names the document's named
   * and default styles. `named` hears the measured node of each top-level block with its key
   * and whether an earlier document had the block (layout-replay.ts keys what it keeps by it).
   */
  forDocument(
    content: unknown[],
    styleKey: string,
    fonts: DocumentFonts,
    options: { keep: boolean; named?: (node: object, key: string, seen: boolean) => void },
  ): DocumentBlocks {
    // Which block each object of the content belongs to: pdfmake writes into the nodes it
    // measures, so a node shared by two blocks is measured in the state the first left it in;
    // such blocks are measured every time, in place. A frozen object (a table layout) cannot be
    // written into and may be shared.
    const owner = new Map<object, number>();
    const shared = new Set<number>();
    const keys: (string | undefined)[] = content.map((block, i) =>
      isPlainObject(block) ? this.keyOf(block, styleKey, i, owner, shared) : undefined,
    );
    const pending = new WeakMap<object, string>();
    const topLevel = new WeakMap<object, { key: string; seen: boolean }>();
    const known = (items: unknown[], i: number, key: string): boolean => {
      const entry = this.entries.get(key);
      if (entry) items[i] = new KnownBlock(entry, key);
      else if (options.keep && this.metBefore(key)) pending.set(items[i] as object, key);
      return entry !== undefined;
    };
    for (let i = 0; i < content.length; i++) {
      const key = keys[i];
      if (key === undefined || shared.has(i)) continue;
      const seen = this.entries.has(key) || this.met.has(key);
      const hit = known(content, i, key);
      topLevel.set(content[i] as object, { key, seen }); // the KnownBlock, or the block itself
      if (hit) continue;
      // A stack or columns met for the first time may hold children met before (the closing
      // block of a document: the same recipients and signature, its own QR code). They are
      // measured in the context of their parent: its own properties are part of their key.
      const block = content[i] as Record<string, unknown>;
      const list = Array.isArray(block.stack) ? 'stack' : Array.isArray(block.columns) ? 'columns' : undefined;
      if (!list) continue;
      const context = this.keyOf({ ...block, [list]: null }, styleKey, i, new Map(), new Set());
      const children = block[list] as unknown[];
      for (let j = 0; j < children.length; j++) {
        const child = children[j];
        if (context === undefined || !isPlainObject(child)) continue;
        const childKey = this.keyOf(child, context, i, new Map(), new Set());
        if (childKey !== undefined) known(children, j, childKey);
      }
    }
    return new DocumentBlocks(this, pending, topLevel, fonts, options.named);
  }

  /**
   * Whether a document met this block before (and now, that one did). A block is kept the
   * second time it is met: one that only one document has (its own number, its QR code) would
   * cost a copy for nothing.
   */
  private metBefore(key: string): boolean {
    if (this.met.has(key)) return true;
    if (this.met.size >= MET_KEYS) this.met.delete(this.met.values().next().value!);
    this.met.add(key);
    return false;
  }

  /** @internal */
  remember(key: string, measured: object, styles: FontStyle[], fonts: DocumentFonts): void {
    const block = KeptTree.copyOf(measured, fonts, NO_CLASSES);
    if (!block) return;
    this.entries.set(key, { block, styles });
  }

  /** Forgets every kept block (tests compare with and without). */
  clear(): void {
    this.entries.clear();
    this.met.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private keyOf(block: object, styleKey: string, index: number, owner: Map<object, number>, shared: Set<number>): string | undefined {
    let cacheable = true;
    const json = JSON.stringify(block, (key, value: unknown) => {
      if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
        const first = owner.get(value);
        if (first === undefined) owner.set(value, index);
        else if (first !== index) shared.add(first).add(index);
      }
      if (UNCACHEABLE_KEYS.has(key)) cacheable = false;
      return this.keyPart(value, () => (cacheable = false));
    });
    return cacheable && json.length <= MAX_KEY_LENGTH ? `${styleKey}\u0000${json}` : undefined;
  }

  /** JSON leaves out what it cannot write; the key must not (a function, undefined, NaN…). */
  private keyPart(value: unknown, uncacheable: () => void): unknown {
    switch (typeof value) {
      case 'function': {
        let id = this.functionIds.get(value);
        if (id === undefined) this.functionIds.set(value, (id = ++this.functionCount));
        return `\u0000function ${id}`;
      }
      case 'undefined':
        return '\u0000undefined';
      case 'number':
        return Number.isFinite(value) ? value : `\u0000${value}`;
      case 'bigint':
      case 'symbol':
        uncacheable();
        return null;
      case 'object':
        if (value !== null && !Array.isArray(value) && !isPlainObject(value)) {
          uncacheable();
          return null;
        }
        return value;
      default:
        return value;
    }
  }
}

/** One document's view of the cache, called from DocMeasure#measureNode. */
export class DocumentBlocks {
  constructor(
    private readonly cache: MeasuredBlocks,
    private readonly pending: WeakMap<object, string>,
    private readonly topLevel: WeakMap<object, { key: string; seen: boolean }>,
    private readonly fonts: DocumentFonts,
    private readonly named: ((node: object, key: string, seen: boolean) => void) | undefined,
  ) {}

  /** True for a block whose measured form is known (DocPreprocessor leaves it as it is). */
  static isKnown(node: unknown): boolean {
    return node instanceof KnownBlock;
  }

  /** The measured form of `node`: a copy of the kept one, or `measure()`'s, then kept. */
  measure(node: unknown, measure: () => object): object {
    const top = typeof node === 'object' && node !== null ? this.topLevel.get(node) : undefined;
    const measured = this.measureNode(node, measure);
    if (top !== undefined) this.named?.(measured, top.key, top.seen);
    return measured;
  }

  private measureNode(node: unknown, measure: () => object): object {
    if (node instanceof KnownBlock) {
      const { block, styles } = node.entry;
      // The fonts measuring asked for, in its order; then the copy refers to this document's.
      const byStyle = new Map<FontStyle, object>();
      for (const style of styles) if (!byStyle.has(style)) byStyle.set(style, this.fonts.provide(style));
      const copy = () =>
        block.copyFor((style) => {
          const font = byStyle.get(style);
          if (!font) throw new Error(`measure-cache: a kept block uses a font its measuring did not ask for (${style})`);
          return font;
        });
      // A top-level block is copied only if pdfmake lays it out (layout-replay.ts may not need to).
      if (this.named && this.topLevel.has(node)) return new DeferredBlock(copy, block);
      return copy();
    }
    const key = typeof node === 'object' && node !== null ? this.pending.get(node) : undefined;
    if (key === undefined) return measure();
    const { result, styles } = this.fonts.recordProvided(measure);
    this.cache.remember(key, result, styles, this.fonts);
    return result;
  }
}
