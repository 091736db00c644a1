import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillItemOwnStyle, fillStackStyle, itemStyleValue, stackValue, type StyleItem, type StyleStack } from '#renderer/style-lookups.ts';

/**
 * renderer/style-lookups.ts answers pdfmake's style lookups while the engine lays out. The
 * reference is pdfmake 0.3.11's own StyleContextStack (this file does not load the bridge, so it is
 * stock): for random styles with `extends` (cycles, diamonds, missing names), stacks of names and
 * override objects, items with own properties and style names, and odd default styles, every
 * property must get the same answer one lookup at a time and filled all at once.
 */

const pdfmakeRequire = createRequire(createRequire(import.meta.url).resolve('pdfmake/js/StyleContextStack.js'));
type PdfmakeStack = StyleStack & { styleOverrides: StyleItem[] };
const StyleContextStack = (
  pdfmakeRequire('./StyleContextStack.js') as {
    default: (new (styles: unknown, defaultStyle?: unknown) => PdfmakeStack) & {
      getStyleProperty(item: unknown, stack: unknown, property: string, defaultValue: unknown): unknown;
    };
  }
).default;

const PROPERTIES = ['font', 'bold', 'color', 'fontSize', 'margin'] as const;
const NAMES = ['a', 'b', 'c', 'd', 'e'] as const;
const NOT_FOUND = Symbol('not found');

const value = fc.constantFrom<unknown>(undefined, null, false, 0, '', 'x', 'y', 7, true);
const properties = fc.record(Object.fromEntries(PROPERTIES.map((p) => [p, value])) as Record<(typeof PROPERTIES)[number], fc.Arbitrary<unknown>>, {
  requiredKeys: [],
});
const name = fc.constantFrom<string>(...NAMES, 'missing');
const styleName = fc.oneof(name, name.map((n) => new String(n) as unknown as string));
const style = fc.record({ own: properties, extends: fc.option(fc.oneof(name, fc.array(name, { maxLength: 3 })), { nil: undefined }) });
const dictionary = fc.record(Object.fromEntries(NAMES.map((n) => [n, style])) as Record<string, typeof style>, { requiredKeys: [] });
const overrideObject = fc.record({ own: properties, style: fc.option(fc.oneof(styleName, fc.array(styleName, { maxLength: 3 })), { nil: undefined }) });
const entry = fc.oneof(styleName, overrideObject.map(({ own }) => own as StyleItem));
const item = fc.record({
  own: properties,
  style: fc.option(fc.oneof(styleName, fc.array(fc.oneof(styleName, properties), { maxLength: 3 })), { nil: undefined }),
  section: fc.option(fc.constant({}), { nil: undefined }),
});
const defaultStyle = fc.oneof(properties, fc.constantFrom<unknown>(undefined, null, false, 0, ''));

type Case = { stack: PdfmakeStack; item: Record<string, unknown> };

const cases = fc.record({ dictionary, entries: fc.array(entry, { maxLength: 6 }), item, defaultStyle }).map(({ dictionary, entries, item, defaultStyle }): Case => {
  const styles = Object.fromEntries(Object.entries(dictionary).map(([n, s]) => [n, s!.extends === undefined ? { ...s!.own } : { ...s!.own, extends: s!.extends }]));
  const stack = new StyleContextStack(styles, defaultStyle);
  for (const e of entries) stack.styleOverrides.push(e);
  const own: Record<string, unknown> = { text: 'word', ...item.own };
  if (item.style !== undefined) own.style = item.style;
  if (item.section !== undefined) own.section = item.section;
  return { stack, item: own };
});

/** A FillStyle over PROPERTIES, written the plain way. */
function fillProperties(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const p of PROPERTIES) if (target[p] === undefined && source[p] !== undefined && source[p] !== null) target[p] = source[p];
}

function filled(item: StyleItem, stack: StyleStack | undefined): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  fillItemOwnStyle(target, item, stack, fillProperties);
  if (stack) fillStackStyle(target, stack, fillProperties);
  return target;
}

describe('style lookups', () => {
  it('itemStyleValue and a fill of every property answer what pdfmake getStyleProperty answers', () => {
    fc.assert(
      fc.property(cases, ({ stack, item }) => {
        const all = filled(item, stack);
        for (const p of PROPERTIES) {
          const expected = StyleContextStack.getStyleProperty(item, stack, p, NOT_FOUND);
          expect(itemStyleValue(item, stack, p, NOT_FOUND)).toBe(expected);
          expect(all[p] ?? NOT_FOUND).toBe(expected);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('stackValue and a fill of the stack answer what pdfmake getProperty answers', () => {
    fc.assert(
      fc.property(cases, ({ stack }) => {
        const all: Record<string, unknown> = {};
        fillStackStyle(all, stack, fillProperties);
        for (const p of PROPERTIES) {
          const expected = (stack as unknown as { getProperty(p: string): unknown }).getProperty(p);
          expect(stackValue(stack, p)).toBe(expected);
          // The fill keeps values only; pdfmake's lookups treat any other answer as not found.
          expect(all[p]).toBe(expected === null ? undefined : expected);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('without a stack, only the item’s own properties count', () => {
    const item = { text: 'w', color: 'red', style: 'a' };
    expect(filled(item, undefined)).toEqual({ color: 'red' });
    expect(StyleContextStack.getStyleProperty(item, undefined, 'font', NOT_FOUND)).toBe(NOT_FOUND);
  });

  it('a falsy default style answers itself, as pdfmake’s `defaultStyle && defaultStyle[property]` does', () => {
    const stack = new StyleContextStack({}, false);
    expect(StyleContextStack.getStyleProperty({}, stack, 'font', 'Roboto')).toBe(false);
    expect(filled({}, stack)).toEqual(Object.fromEntries(PROPERTIES.map((p) => [p, false])));
  });
});
