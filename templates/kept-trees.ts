import type { FontStyle } from './fonts.ts';

/**
 * Trees of objects kept from one document for the next ones (measured blocks, laid-out lines and
 * rules; see measure-cache.ts and layout-replay.ts), and the copies each document gets of them.
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

  /** Keeps a copy of `live`, which its document still uses; undefined if it cannot be kept. */
  static copyOf(live: object, fonts: FontsOf, classes: ReadonlySet<object>): KeptTree | undefined {
    const copies = new Map<object, object>();
    const aliased = new Set<object>();
    const visit = (value: object): object => {
      const known = copies.get(value);
      if (known !== undefined) {
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
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        (out as Record<string, unknown>)[key] = typeof item === 'object' && item !== null ? visit(item) : item;
      }
      return out;
    };
    try {
      const root = visit(live);
      return compile(root) ? new KeptTree(root, aliased, copies.size) : undefined;
    } catch (error) {
      if (error instanceof NotKeepable) return undefined;
      throw error;
    }
  }

  /**
   * Keeps `live` itself, which no document uses any more: its fonts are replaced by FontRefs in
   * place and it is frozen, so that documents can share it (`shared`) as long as they resolve
   * its FontRefs themselves. Undefined (and `live` left unusable) if it cannot be kept.
   */
  static adopt(live: object, fonts: FontsOf, classes: ReadonlySet<object>): KeptTree | undefined {
    const seen = new Set<object>();
    const aliased = new Set<object>();
    const visit = (value: object): boolean => {
      if (seen.has(value)) {
        aliased.add(value);
        return true;
      }
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
    if (!visit(live) || !compile(live)) return undefined;
    for (const value of seen) Object.freeze(value);
    return new KeptTree(live, aliased, seen.size);
  }

  /** The kept tree itself, frozen (adopted trees only): for a reader that resolves FontRefs. */
  shared(): object {
    if (!Object.isFrozen(this.root)) throw new Error('kept-trees: only an adopted tree is shared');
    return this.root;
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

/**
 * Gives every object of a kept tree its copier; false when the tree cannot be copied that way
 * (a cycle, an array with properties of its own, a `__proto__` key).
 */
function compile(root: object): boolean {
  const done = new Set<object>();
  const open = new Set<object>();
  const visit = (value: object): boolean => {
    if (done.has(value) || value instanceof FontRef) return true;
    if (open.has(value)) return false;
    open.add(value);
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (Array.isArray(value) && keys.length !== value.length) return false;
    const objects = keys.map((key) => typeof record[key] === 'object' && record[key] !== null);
    for (let i = 0; i < keys.length; i++) if (objects[i] && !visit(record[keys[i]!] as object)) return false;
    if (!Array.isArray(value)) {
      if (keys.includes('__proto__')) return false;
      Object.defineProperty(value, COPIER, { value: copierFor(Object.getPrototypeOf(value) as object | null, keys, objects) });
    }
    open.delete(value);
    done.add(value);
    return true;
  };
  return visit(root);
}

function copierFor(prototype: object | null, keys: string[], objects: boolean[]): Copier {
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
  return copier;
}

/**
 * Kept values by key, within a budget (a long-lived worker meets many campaigns): the oldest go
 * first. A value costs its objects; a key, its length (JSON keys of large tables are long).
 */
export class KeptStore<V extends { size: number }> {
  private readonly values = new Map<string, V>();
  private used = 0;

  constructor(private readonly budget: number) {}

  get(key: string): V | undefined {
    return this.values.get(key);
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  set(key: string, value: V): void {
    const cost = costOf(key, value);
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
    this.used -= costOf(key, value);
  }
}

function costOf(key: string, value: { size: number }): number {
  return value.size + Math.ceil(key.length / 64);
}
