import { describe, expect, it } from 'vitest';
import type { FontStyle } from '../../templates/fonts.ts';
import { FontRef, KeptStore, KeptTree, SharedTree } from '../../templates/kept-trees.ts';

/** Stands for a document's fonts: one object per style, as pdfkit's EmbeddedFont is. */
class Font {
  constructor(
    readonly style: FontStyle,
    readonly ascender = 1000,
    readonly descender = -300,
  ) {}
}
const documentFonts = () => ({ normal: new Font('normal'), bold: new Font('bold') }) as Record<string, Font>;
const fontsOf = (fonts: Record<string, Font>) => ({
  styleOf: (value: object) => (value instanceof Font && fonts[value.style] === value ? value.style : undefined),
});

describe('kept trees, copied for each document', () => {
  it('copies deeply, with the same sharing, and gives the copy the fonts of its document', () => {
    const first = documentFonts();
    const shared = { width: 10 };
    const live = { text: [{ text: 'a', font: first.normal, size: shared }, { text: 'b', font: first.bold, size: shared }], n: 1 };
    const tree = KeptTree.copyOf(live, fontsOf(first), new Set())!;
    live.text[0]!.text = 'changed by its document';
    shared.width = 99;
    const next = documentFonts();
    const copy = tree.copyFor((style) => next[style]!) as typeof live;
    expect(copy).toEqual({ text: [{ text: 'a', font: next.normal, size: { width: 10 } }, { text: 'b', font: next.bold, size: { width: 10 } }], n: 1 });
    expect(copy.text[0]!.size).toBe(copy.text[1]!.size);
    expect(tree.copyFor((style) => next[style]!)).not.toBe(copy);
  });

  it('copies objects of alternating layouts, and of the same keys holding objects or not, each right', () => {
    const fonts = documentFonts();
    const cells = Array.from({ length: 6 }, (_, i) => ({
      text: i % 2 ? { inner: i } : `plain ${i}`,
      cell: { text: [{ word: i, font: fonts.normal }], margin: i % 3 ? [i, 0] : i },
    }));
    const tree = KeptTree.copyOf(cells, fontsOf(fonts), new Set())!;
    const copy = tree.copyFor((style) => fonts[style]!) as typeof cells;
    expect(copy).toEqual(cells);
    // A document writes into its copy: the next copy must not see it.
    for (const cell of copy) Object.assign(typeof cell.text === 'object' ? cell.text : {}, { inner: -1 });
    for (const cell of copy) Object.assign(cell.cell.margin, { 0: -1 });
    expect(tree.copyFor((style) => fonts[style]!)).toEqual(cells);
  });

  it('keeps instances of the known classes with their class, and nothing of another class', () => {
    class Line {
      constructor(readonly inlines: unknown[]) {}
    }
    const fonts = documentFonts();
    const copy = KeptTree.copyOf({ line: new Line([1]) }, fontsOf(fonts), new Set([Line.prototype]))!.copyFor(() => ({}));
    expect((copy as { line: Line }).line).toBeInstanceOf(Line);
    expect(KeptTree.copyOf({ when: new Date() }, fontsOf(fonts), new Set())).toBeUndefined();
  });

  it('keeps no cycle, no array with properties of its own, no __proto__ key', () => {
    const fonts = fontsOf(documentFonts());
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = { back: cycle };
    const array = Object.assign([1, 2], { extra: true });
    const proto = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    expect(KeptTree.copyOf(cycle, fonts, new Set())).toBeUndefined();
    expect(KeptTree.copyOf({ array }, fonts, new Set())).toBeUndefined();
    expect(KeptTree.copyOf({ nested: proto }, fonts, new Set())).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('shared trees, kept themselves', () => {
  it('replaces fonts by references to their style and freezes every object', () => {
    const fonts = documentFonts();
    const line = { inlines: [{ text: 'x', font: fonts.bold }] };
    const tree = SharedTree.adopt([[line]], fontsOf(fonts), new Set())!;
    expect(tree.root).toEqual([[{ inlines: [{ text: 'x', font: new FontRef('bold', fonts.bold!) }] }]]);
    expect([Object.isFrozen(tree.root), Object.isFrozen(line), Object.isFrozen(line.inlines[0])]).toEqual([true, true, true]);
    expect(tree.size).toBe(5);
  });

  it('adopts nothing that holds an object of another class', () => {
    expect(SharedTree.adopt([{ when: new Date() }], fontsOf(documentFonts()), new Set())).toBeUndefined();
  });
});

const value = (size: number) => ({ size });

describe('kept values within a budget', () => {
  it('lets the oldest go when a new value would exceed the budget', () => {
    const store = new KeptStore<{ size: number }>(100, (v) => v.size);
    store.set('a', value(40));
    store.set('b', value(40));
    store.set('c', value(40));
    expect(store.has('a')).toBe(false);
    expect([store.has('b'), store.has('c')]).toEqual([true, true]);
  });

  it('counts long keys against the budget', () => {
    const store = new KeptStore<{ size: number }>(100, (v) => v.size);
    store.set('k'.repeat(64 * 60), value(1));
    store.set('short', value(50));
    expect(store.size).toBe(1);
    expect(store.has('short')).toBe(true);
  });

  it('never keeps a value larger than the whole budget, and keeps what it had', () => {
    const store = new KeptStore<{ size: number }>(100, (v) => v.size);
    store.set('small', value(10));
    store.set('huge', value(1000));
    expect(store.has('huge')).toBe(false);
    expect(store.has('small')).toBe(true);
  });

  it('replacing a key frees what the old value cost', () => {
    const store = new KeptStore<{ size: number }>(100, (v) => v.size);
    for (let i = 0; i < 50; i++) store.set('same', value(89));
    store.set('other', value(9)); // 89+1 and 9+1: exactly the budget
    expect([store.has('same'), store.has('other')]).toEqual([true, true]);
  });
});
