import { KeptStore, SharedTree, type FontsOf } from './kept-trees.ts';
import { DeferredBlock } from './measure-cache.ts';

/**
 * Laid-out blocks replayed across documents, used by pdf-engine.ts.
 *
 * pdfmake lays out the top-level blocks of a document one after the other (LayoutBuilder#
 * processNode): it breaks their text into lines, places lines and rules on pages, moves to new
 * pages, repeats table headers. What it writes for a block depends on the measured block and on
 * where it starts: the position and the space left on the current page, the page's size and
 * margins. Documents of one campaign repeat most of their blocks at the same places (everything
 * before the part that differs), so when a block has been laid out once from a given start, what
 * it added to the pages (lines and rules, and how many pages) and where it left the writer are
 * kept; the next document that lays out the same block from the same start adds those items
 * (shared, frozen), moves to the same number of new pages and leaves the writer where pdfmake
 * would have.
 *
 * Only the simple case is kept: at the top level (no unbreakable block, table header or column
 * group open), starting on the last page, items only appended (never inserted before others),
 * and only lines and rules; anything else is laid out by pdfmake every time. The items are kept
 * once the document that made them is written (kept-trees.ts: fonts as references).
 */

/** pdfmake's page, as far as the replay touches it. */
type Page = { items: { type: string; item: unknown }[]; pageSize: { width: number; height: number; orientation: string } };
/** pdfmake's DocumentContext (the writer's position), as far as the replay reads and sets it. */
type Context = {
  pages: Page[];
  page: number;
  x: number;
  y: number;
  availableWidth: number;
  availableHeight: number;
  pageMargins: unknown;
  snapshots: unknown[];
};
/** pdfmake's PageElementWriter. */
export type Writer = {
  context(): Context;
  contextStack: unknown[];
  transactionLevel: number;
  repeatables: unknown[];
  moveToNextPage(pageOrientation?: string): void;
};

/** Where the writer is left after the block. */
type End = { x: number; y: number; availableWidth: number; availableHeight: number };
type Kept = { items: SharedTree; end: End };
type Recorded = { key: string; items: { type: string; item: unknown }[][]; end: End };

/** What kept layouts may hold, in objects (~100 B each): a few hundred documents' worth. */
const KEPT_OBJECTS = 400_000;

export class LayoutRecords {
  private readonly kept = new KeptStore<Kept>(KEPT_OBJECTS, (kept) => kept.items.size);

  constructor(private readonly classes: ReadonlySet<object>) {}

  forDocument(fonts: FontsOf): DocumentLayout {
    return new DocumentLayout(this, this.classes, fonts);
  }

  clear(): void {
    this.kept.clear();
  }

  get size(): number {
    return this.kept.size;
  }

  /** @internal */
  get(key: string): Kept | undefined {
    return this.kept.get(key);
  }

  /** @internal */
  keep(key: string, kept: Kept): void {
    this.kept.set(key, kept);
  }
}

export class DocumentLayout {
  /** The layout key of each top-level block (measure-cache.ts's block key). */
  private readonly blockKeys = new WeakMap<object, { key: string; seen: boolean }>();
  private readonly recorded: Recorded[] = [];

  constructor(
    private readonly records: LayoutRecords,
    private readonly classes: ReadonlySet<object>,
    private readonly fonts: FontsOf,
  ) {}

  /**
   * Names the block a top-level node is (its measured node, as layout will meet it), and whether
   * an earlier document had it: only such a block's layout is kept (one that a single document
   * has, its own QR code, would be kept for nothing).
   */
  name(node: object, key: string, seen: boolean): void {
    this.blockKeys.set(node, { key, seen });
  }

  /**
   * LayoutBuilder#processNode for `node`: replays a kept layout when the node is a known block
   * met at a known start, else lets pdfmake lay it out (`layOut`, given the measured node),
   * recording what it does when that can be kept.
   */
  process(writer: Writer, node: object, layOut: (node: object) => void): void {
    const block = this.blockKeys.get(node);
    if (node instanceof DeferredBlock) {
      // A known block: its measured form is copied only if it is laid out here, not replayed.
      const laidOut = node;
      const real = () => {
        const measured = laidOut.materialize();
        layOut(measured);
        laidOut.positions = (measured as { positions: unknown[] }).positions;
      };
      return this.processBlock(writer, laidOut, block, real);
    }
    return this.processBlock(writer, node, block, () => layOut(node));
  }

  private processBlock(writer: Writer, node: object, block: { key: string; seen: boolean } | undefined, layOut: () => void): void {
    const context = writer.context();
    if (block === undefined || !atTopLevelOnLastPage(writer)) return layOut();
    const key = `${block.key}\u0001${start(context)}`;
    const kept = this.records.get(key);
    if (kept) return this.replay(writer, node, kept);
    if (!block.seen) return layOut();

    const first = context.page;
    const before = context.pages[first]!.items.length;
    const last = context.pages[first]!.items[before - 1];
    layOut();
    const after = writer.context();
    const items = after.pages.slice(first).map((page, i) => (i === 0 ? page.items.slice(before) : page.items.slice()));
    const unchanged =
      after === context &&
      atTopLevelOnLastPage(writer) &&
      context.pages[first]!.items[before - 1] === last &&
      items.every((page) => page.every(({ type }) => type === 'line' || type === 'vector'));
    if (!unchanged) return;
    this.recorded.push({
      key,
      items,
      end: {
        x: context.x,
        y: context.y,
        availableWidth: context.availableWidth,
        availableHeight: context.availableHeight,
      },
    });
  }

  /** Once the document is written: keeps what was recorded (the document no longer uses its items). */
  keep(): void {
    for (const { key, items, end } of this.recorded) {
      const tree = SharedTree.adopt(items, this.fonts, this.classes);
      if (tree) this.records.keep(key, { items: tree, end });
    }
    this.recorded.length = 0;
  }

  /**
   * Adds the kept items themselves (frozen: nothing writes into laid-out items; the renderer
   * resolves their fonts, see pdf-engine.ts), moving to new pages as the block did.
   */
  private replay(writer: Writer, node: object, kept: Kept): void {
    const pages = kept.items.root as { type: string; item: unknown }[][];
    const context = writer.context();
    for (let i = 0; i < pages.length; i++) {
      if (i > 0) writer.moveToNextPage();
      const items = context.pages[context.page]!.items;
      for (const item of pages[i]!) items.push(item);
    }
    const { x, y, availableWidth, availableHeight } = kept.end;
    Object.assign(context, { x, y, availableWidth, availableHeight });
    // What LayoutBuilder#processNode leaves on a node that its container reads.
    (node as { positions?: unknown[] }).positions = [];
  }
}

/** No unbreakable block, table header or column group open, and the writer on the last page. */
function atTopLevelOnLastPage(writer: Writer): boolean {
  const context = writer.context();
  return (
    writer.contextStack.length === 0 &&
    writer.transactionLevel === 0 &&
    writer.repeatables.length === 0 &&
    context.snapshots.length === 0 &&
    context.page === context.pages.length - 1
  );
}

/** Where a block starts: the writer's position and space, the page's size and margins. */
function start(context: Context): string {
  const page = context.pages[context.page]!;
  const { width, height, orientation } = page.pageSize;
  return `${context.x},${context.y},${context.availableWidth},${context.availableHeight}|${width}x${height}${orientation}|${JSON.stringify(context.pageMargins)}`;
}
