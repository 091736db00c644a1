/**
 * pdfmake resolves every style property of every inline (font, size, bold, colour, … about 20 per
 * word) by walking its style stack, and each walk allocates a closure and a Set; that was ~15% of
 * a render. While the engine lays out a document, pdf-internals.ts answers pdfmake's two lookups
 * (StyleContextStack#getProperty and StyleContextStack.getStyleProperty) with the functions
 * below: same order, same answers, no allocation. Outside that window (other pdfmake users in
 * the process, e.g. the naive benchmark) pdfmake's own code runs unchanged.
 *
 * Word measuring needs ~23 properties at once: `fillItemOwnStyle` and `fillStackStyle` read each
 * source (an item, a named style, a stack entry) once for all of them, in the order of the
 * lookups, so that each property takes the value its own lookup would answer.
 */

export type StyleItem = Record<string, unknown> | string;
/** pdfmake's StyleContextStack, as far as its lookups read it. */
export type StyleStack = {
  styleDictionary: Record<string, Record<string, unknown> | undefined>;
  defaultStyle?: Record<string, unknown>;
  styleOverrides: StyleItem[];
};

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
export function stackValue(stack: StyleStack, property: string): unknown {
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
export function itemStyleValue(item: StyleItem, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown {
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

/**
 * Copies onto `target` the values (not undefined or null) `source` has for the properties still
 * unset in `target` (undefined). Reading the sources in lookup order, each property ends with the
 * first value its lookup would find.
 */
export type FillStyle<T> = (target: T, source: Record<string, unknown>) => void;

/** A named style, then its `extends` (last parent first), depth first, each style with parents visited once: namedStyleValue's order for every property. */
function fillNamedStyle<T>(target: T, stack: StyleStack, name: string, fill: FillStyle<T>, visited: Set<string> | undefined): Set<string> | undefined {
  if (visited?.has(name)) return visited;
  const style = stack.styleDictionary[name];
  if (!style) return visited;
  fill(target, style);
  if (style.extends) {
    visited ??= new Set<string>();
    visited.add(name);
    const parents = (Array.isArray(style.extends) ? style.extends : [style.extends]) as string[];
    for (let i = parents.length - 1; i >= 0; i--) visited = fillNamedStyle(target, stack, parents[i]!, fill, visited);
  }
  return visited;
}

function fillEntry<T>(target: T, stack: StyleStack, entry: StyleItem, fill: FillStyle<T>): void {
  if (isString(entry)) fillNamedStyle(target, stack, entry, fill, undefined);
  else fill(target, entry);
}

/** What itemStyleValue reads before the stack: the item's own properties, then (with a stack) its style names, last first. */
export function fillItemOwnStyle<T>(target: T, item: StyleItem, stack: StyleStack | undefined, fill: FillStyle<T>): void {
  fill(target, item as Record<string, unknown>);
  if (!stack || isString(item) || item.section !== undefined || !item.style) return;
  const names = (Array.isArray(item.style) ? item.style : [item.style]) as StyleItem[];
  for (let i = names.length - 1; i >= 0; i--) fillEntry(target, stack, names[i]!, fill);
}

/** What stackValue reads: the entries top down, then the default style. */
export function fillStackStyle<T>(target: T, stack: StyleStack, fill: FillStyle<T>): void {
  const overrides = stack.styleOverrides;
  if (overrides) for (let i = overrides.length - 1; i >= 0; i--) fillEntry(target, stack, overrides[i]!, fill);
  const defaultStyle = stack.defaultStyle;
  if (defaultStyle) fill(target, defaultStyle);
  // `defaultStyle && defaultStyle[property]` answers a falsy default style itself (false, 0…).
  else if (isValue(defaultStyle)) fill(target, new Proxy({}, { get: () => defaultStyle }));
}
