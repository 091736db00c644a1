import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRegExpSpace, leadingSpaceCount, measureInlines, trailingSpaceCount, type Inline, type TextInlines } from '#renderer/inline-measure.ts';
import type { StyleStack } from '#renderer/style-lookups.ts';

/**
 * renderer/inline-measure.ts measures words as pdfmake 0.3.11's TextInlines#measure does. The
 * reference is pdfmake's own measure and StyleContextStack (stock: this file does not load the
 * bridge), over random words as getBreaks makes them: runs with their own style properties and
 * style names, on stacks of named styles with `extends`, measured with a font whose widths and
 * line heights depend on every input.
 */

const pdfmakeRequire = createRequire(createRequire(import.meta.url).resolve('pdfmake/js/TextInlines.js'));
const PdfmakeTextInlines = (pdfmakeRequire('./TextInlines.js') as { default: new (document: unknown) => TextInlines & { measure(words: Inline[], stack: StyleStack): Inline[] } }).default;
const StyleContextStack = (pdfmakeRequire('./StyleContextStack.js') as { default: new (styles: unknown, defaultStyle?: unknown) => StyleStack }).default;

/** Fonts by family, bold and italics (one object each, as pdfkit's documents keep them). */
function fakeDocument(): TextInlines['pdfDocument'] {
  const fonts = new Map<string, ReturnType<TextInlines['pdfDocument']['provideFont']>>();
  return {
    provideFont(family, bold, italics) {
      const key = `${String(family)}|${String(bold)}|${String(italics)}`;
      let font = fonts.get(key);
      if (!font) {
        const weight = key.length;
        font = {
          lineHeight: (size) => size * 1.25 + weight / 100,
          widthOfString: (text, size, features) => [...text].reduce((w, c) => w + (c.charCodeAt(0) % 7) + 1, 0) * size * 0.01 * weight + (features ? 0.5 : 0),
        };
        fonts.set(key, font);
      }
      return font;
    },
  };
}

const SPACES = [' ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\ufeff'];
const textChar = fc.constantFrom('a', 'b', 'ế', 'ữ', '1', ...SPACES);
const text = fc.string({ unit: textChar, maxLength: 8 });
const styleValues = {
  font: fc.constantFrom('Serif', 'Other', null),
  bold: fc.boolean(),
  italics: fc.constantFrom(true, false, null),
  fontSize: fc.constantFrom(9, 12, 13.5),
  color: fc.constantFrom('red', '#123456', null),
  characterSpacing: fc.constantFrom(0, 0.5, 2),
  alignment: fc.constantFrom('left', 'justify', 'center'),
  decoration: fc.constantFrom('underline', ['underline', 'lineThrough'], null),
  sup: fc.boolean(),
  sub: fc.boolean(),
  lineHeight: fc.constantFrom(1, 1.2, 1.5),
  noWrap: fc.boolean(),
  opacity: fc.constantFrom(0.5, 1),
  fontFeatures: fc.constantFrom(['liga'], null),
  link: fc.constantFrom('https://example.org', null),
  preserveLeadingSpaces: fc.boolean(),
  preserveTrailingSpaces: fc.boolean(),
  leadingIndent: fc.constantFrom(0, 12),
};
const styleProps = fc.record(styleValues, { requiredKeys: [] });
const styleNames = fc.constantFrom('body', 'heading', 'note', 'missing');
const runStyle = fc.record({ props: styleProps, style: fc.option(fc.oneof(styleNames, fc.array(styleNames, { maxLength: 2 })), { nil: undefined }) });
const run = fc.record({ style: runStyle, words: fc.array(fc.record({ text, lineEnd: fc.boolean() }), { minLength: 1, maxLength: 5 }) });

const cases = fc.record({
  runs: fc.array(run, { minLength: 1, maxLength: 4 }),
  styles: fc.record({ body: styleProps, heading: styleProps, note: styleProps }),
  overrides: fc.array(fc.oneof(styleNames, styleProps), { maxLength: 4 }),
  defaultStyle: styleProps,
  firstCut: fc.constantFrom(undefined, 3),
});

/** Words as getBreaks makes them: `text`, `lineEnd` when true, then the run's own properties. */
type Run = typeof run extends fc.Arbitrary<infer R> ? R : never;

function wordsOf(runs: Run[], firstCut: number | undefined): Inline[] {
  const words: Inline[] = [];
  for (const { style, words: texts } of runs) {
    const own: Record<string, unknown> = { ...style.props };
    if (style.style !== undefined) own.style = style.style;
    for (const { text, lineEnd } of texts) {
      const word: Inline = { text };
      if (lineEnd) word.lineEnd = true;
      Object.assign(word, own);
      words.push(word);
    }
    words[words.length - 1]!.noNewLine = texts.length % 2 === 0 || undefined;
  }
  if (firstCut !== undefined) words[0]!.leadingCut = firstCut;
  return words;
}

describe('measureInlines', () => {
  it('sets on every word what pdfmake’s TextInlines#measure sets', () => {
    fc.assert(
      fc.property(cases, ({ runs, styles, overrides, defaultStyle, firstCut }) => {
        const dictionary = { body: styles.body, heading: { ...styles.heading, extends: 'body' }, note: { ...styles.note, extends: ['heading', 'missing'] } };
        const stack = new StyleContextStack(dictionary, defaultStyle);
        for (const o of overrides) stack.styleOverrides.push(o);
        const document = fakeDocument();
        const expected = new PdfmakeTextInlines(document).measure(wordsOf(runs, firstCut), stack);
        const measured = measureInlines.call(new PdfmakeTextInlines(document), wordsOf(runs, firstCut), stack);
        // toEqual: measureInlines gives every word the same fields (undefined where pdfmake sets none).
        expect(measured).toEqual(expected);
        for (let i = 0; i < measured.length; i++) expect(measured[i]!.font).toBe(expected[i]!.font);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('leading and trailing spaces', () => {
  it('isRegExpSpace is /\\s/ for every UTF-16 code unit', () => {
    for (let code = 0; code < 0x10000; code++) expect(isRegExpSpace(code), code.toString(16)).toBe(/\s/.test(String.fromCharCode(code)));
  });

  it('counts what pdfmake’s /^(\\s)+/g and /(\\s)+$/g match', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'ữ', '\u200b', '\u180e', ...SPACES), maxLength: 10 }), (text) => {
        expect(leadingSpaceCount(text)).toBe(text.match(/^(\s)+/g)?.[0]!.length ?? 0);
        expect(trailingSpaceCount(text)).toBe(text.match(/(\s)+$/g)?.[0]!.length ?? 0);
      }),
      { numRuns: 5000 },
    );
  });
});
