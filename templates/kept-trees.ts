import type { FontStyle } from './fonts.ts';

/**
 * Trees of objects kept from one document for the next ones: measured blocks (KeptTree, copied
 * for each document that uses them; measure-cache.ts) and laid-out lines and rules (SharedTree,
 * shared by the documents; layout-replay.ts).
 *
 * A kept tree holds no document's objects: a document's font (pdfkit's EmbeddedFont, one per
 * document and face) is kept as a FontRef naming its style, and a copy refers to the fonts of the
 * document it is for. Plain objects, arrays and instances of a few known classes (pdfmake's Line)
 * are kept; a tree that holds anything else is not. The copy is deep and has the same sharing as
 * the kept tree: pdfmake writes into the nodes and lines of the document it lays out.
 *
 * Copying is what a document still pays for what is kept: thousands of objects (a word is one,
 * with ~26 properties) in a few dozen layouts. Kept trees never change, so each of their objects
 * gets, once, a compiled function that builds its copy as one object literal, visiting only the
 * properties that hold objects; objects of the same layout share the function.
 */

/** What a kept tree needs of a document's fonts. */
export type FontsOf = {
  /** The style of one of the document's fonts; undefined for any other object. */
  styleOf(value: object): FontStyle | undefined;
};

/**
 * Stands for a document's font in a kept tree: its style, and the face's vertical metrics (the
 * same in every document), which pdfmake's Line reads of its inlines' fonts.
 */
export class FontRef {
  readonly ascender: number;
  readonly descender: number;
  constructor(
    readonly style: FontStyle,
    font: object,
  ) {
    ({ ascender: this.ascender, descender: this.descender } = font as { ascender: number; descender: number });
  }
}

class NotKeepable extends Error {}

const COPIER = Symbol('copier');
type Copier = (value: Record<string, unknown>, visit: (value: object) => unknown) => object;
/** Copiers by object layout (and class), shared by every kept tree. */
const copiers = new Map<string, Copier>();
const classIds = new Map<object, number>();

export class KeptTree {
  private constructor(
    private readonly root: object,
    /** Objects of the tree reached more than once (their copy must be shared the same way). */
    private readonly aliased: ReadonlySet<object>,
    /** How many objects it holds (what keeping it costs). */
    readonly size: number,
  ) {}

  /**
   * Keeps a copy of `live`, which its document still uses; undefined if it cannot be kept (an
   * object of another class, a cycle, an array with properties of its own, a `__proto__` key).
   * Each copied object gets its copier in the same pass.
   */
  static copyOf(live: object, fonts: FontsOf, classes: ReadonlySet<object>): KeptTree | undefined {
    const copies = new Map<object, object>();
    const aliased = new Set<object>();
    const open = new Set<object>();
    const visit = (value: object): object => {
      const known = copies.get(value);
      if (known !== undefined) {
        if (open.has(value)) throw new NotKeepable();
        aliased.add(known);
        return known;
      }
      const style = fonts.styleOf(value);
      if (style !== undefined) {
        const ref = new FontRef(style, value);
        copies.set(value, ref);
        return ref;
      }
      const out = shell(value, classes);
      copies.set(value, out);
      open.add(value);
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      const copy = out as Record<string, unknown>;
      for (const key of keys) {
        const item = record[key];
        copy[key] = typeof item === 'object' && item !== null ? visit(item) : item;
      }
      if (Array.isArray(value)) {
        if (keys.length !== value.length) throw new NotKeepable();
      } else {
        Object.defineProperty(out, COPIER, { value: copierFor(out, keys) });
      }
      open.delete(value);
      return out;
    };
    try {
      return new KeptTree(visit(live), aliased, copies.size);
    } catch (error) {
      if (error instanceof NotKeepable) return undefined;
      throw error;
    }
  }

  /** A property of the kept tree's root (a primitive: it is the tree's own). */
  rootValue(key: string): unknown {
    return (this.root as Record<string, unknown>)[key];
  }

  /** A copy for a document: each FontRef becomes `fontOf(style)`. */
  copyFor(fontOf: (style: FontStyle) => object): object {
    const { aliased } = this;
    const copies = aliased.size ? new Map<object, unknown>() : undefined;
    const visit = (value: object): unknown => {
      const tracked = copies !== undefined && aliased.has(value);
      if (tracked) {
        const known = copies.get(value);
        if (known !== undefined) return known;
      }
      let out: unknown;
      if (Array.isArray(value)) {
        const items = value.slice();
        for (let i = 0; i < items.length; i++) {
          const item = items[i] as unknown;
          if (typeof item === 'object' && item !== null) items[i] = visit(item);
        }
        out = items;
      } else if (value instanceof FontRef) {
        out = fontOf(value.style);
      } else {
        out = (value as { [COPIER]: Copier })[COPIER](value as Record<string, unknown>, visit);
      }
      if (tracked) copies.set(value, out);
      return out;
    };
    return visit(this.root) as object;
  }
}

/**
 * A tree that no document uses any more, kept itself (laid-out lines and rules): its fonts are
 * replaced by FontRefs in place and it is frozen, so that documents share it; they resolve its
 * FontRefs themselves. It is never copied, so it needs no copiers.
 */
export class SharedTree {
  private constructor(
    /** The tree, frozen. */
    readonly root: object,
    /** How many objects it holds (what keeping it costs). */
    readonly size: number,
  ) {}

  /** Adopts `live`; undefined (and `live` left unusable) if it holds an object of another class. */
  static adopt(live: object, fonts: FontsOf, classes: ReadonlySet<object>): SharedTree | undefined {
    const seen = new Set<object>();
    const visit = (value: object): boolean => {
      if (seen.has(value)) return true;
      seen.add(value);
      if (!Array.isArray(value) && !isPlainObject(value) && !classes.has(Object.getPrototypeOf(value) as object)) return false;
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const item = record[key];
        if (typeof item !== 'object' || item === null || item instanceof FontRef) continue;
        const style = fonts.styleOf(item);
        if (style !== undefined) record[key] = new FontRef(style, item);
        else if (!visit(item)) return false;
      }
      return true;
    };
    if (!visit(live)) return undefined;
    for (const value of seen) Object.freeze(value);
    return new SharedTree(live, seen.size);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** An empty object of the same kind as `value` (array, plain object, known class); else NotKeepable. */
function shell(value: object, classes: ReadonlySet<object>): object {
  if (Array.isArray(value)) return new Array(value.length);
  if (isPlainObject(value)) return Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  const prototype = Object.getPrototypeOf(value) as object;
  if (classes.has(prototype)) return Object.create(prototype) as object;
  throw new NotKeepable();
}

const isObject = (value: unknown) => typeof value === 'object' && value !== null;

/**
 * The last layouts given a copier, checked before building a signature: objects of a few layouts
 * come in turn (a table cell, its text, its words).
 */
type Layout = { prototype: object | null; keys: string[]; objects: boolean[]; copier: Copier };
const recent: Layout[] = [];
const RECENT_LAYOUTS = 4;
let nextRecent = 0;

/** The copier of `copy`'s layout (its class, its keys, which of them hold objects). */
function copierFor(copy: object, keys: string[]): Copier {
  const prototype = Object.getPrototypeOf(copy) as object | null;
  const record = copy as Record<string, unknown>;
  for (const layout of recent) {
    if (layout.prototype === prototype && sameLayout(record, keys, layout.keys, layout.objects)) return layout.copier;
  }
  if (keys.includes('__proto__')) throw new NotKeepable();
  const objects = keys.map((key) => isObject(record[key]));
  let classId = 0;
  if (prototype !== Object.prototype) {
    classId = classIds.get(prototype as object) ?? classIds.size + 1;
    classIds.set(prototype as object, classId);
  }
  const signature = `${classId}\u0000${keys.map((key, i) => (objects[i] ? `*${key}` : key)).join('\u0000')}`;
  let copier = copiers.get(signature);
  if (!copier) {
    const value = (key: string, i: number) => (objects[i] ? `v(o[${JSON.stringify(key)}])` : `o[${JSON.stringify(key)}]`);
    const body =
      classId === 0
        ? `return { ${keys.map((key, i) => `${JSON.stringify(key)}: ${value(key, i)}`).join(', ')} };`
        : `const r = Object.create(P); ${keys.map((key, i) => `r[${JSON.stringify(key)}] = ${value(key, i)};`).join(' ')} return r;`;
    copier = new Function('P', `return (o, v) => { ${body} };`)(prototype) as Copier;
    copiers.set(signature, copier);
  }
  recent[nextRecent] = { prototype, keys, objects, copier };
  nextRecent = (nextRecent + 1) % RECENT_LAYOUTS;
  return copier;
}

function sameLayout(record: Record<string, unknown>, keys: string[], lastKeys: string[], objects: boolean[]): boolean {
  if (keys.length !== lastKeys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== lastKeys[i] || isObject(record[keys[i]!]) !== objects[i]) return false;
  }
  return true;
}

/**
 * Kept values by key, within a budget (a long-lived worker meets many campaigns): the oldest go
 * first. A value costs its objects (`objectsOf`); a key, its length (JSON keys of large tables
 * are long).
 */
export class KeptStore<V> {
  private readonly values = new Map<string, V>();
  private used = 0;

  constructor(
    private readonly budget: number,
    private readonly objectsOf: (value: V) => number,
  ) {}

  get(key: string): V | undefined {
    return this.values.get(key);
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  set(key: string, value: V): void {
    const cost = this.costOf(key, value);
    if (cost > this.budget) return;
    this.delete(key);
    while (this.used + cost > this.budget) this.delete(this.values.keys().next().value!);
    this.values.set(key, value);
    this.used += cost;
  }

  clear(): void {
    this.values.clear();
    this.used = 0;
  }

  get size(): number {
    return this.values.size;
  }

  private delete(key: string): void {
    const value = this.values.get(key);
    if (value === undefined) return;
    this.values.delete(key);
    this.used -= this.costOf(key, value);
  }

  private costOf(key: string, value: V): number {
    return this.objectsOf(value) + Math.ceil(key.length / 64);
  }
}
