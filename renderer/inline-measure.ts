import { fillItemOwnStyle, fillStackStyle, itemStyleValue, type StyleStack } from './style-lookups.ts';

/**
 * TextInlines#measure resolves ~22 style properties for every word of a paragraph, although the
 * words of one text run share their style (pdfmake copies the run's own properties onto each
 * word). While the engine lays out, pdf-internals.ts calls `measureInlines` instead: it resolves
 * them once per run of words with the same own properties, reading each style source once for all
 * of them (the stack's part once per call), and sets on each word exactly what pdfmake's measure
 * sets (test/renderer/inline-measure.test.ts and engine-equivalence.test.ts compare with pdfmake).
 */
export type Inline = Record<string, unknown> & { text: string; font?: MeasuredFont; leadingCut?: number; trailingCut?: number };
type MeasuredFont = { lineHeight(size: number): number; widthOfString(text: string, size: number, features: unknown): number };
export type TextInlines = {
  pdfDocument: { provideFont(family: unknown, bold: unknown, italics: unknown): MeasuredFont };
  widthOfText(text: string, inline: Inline): number;
};

/** Own keys of a word that are not style: they never change what the style lookups answer. */
function isStyleKey(key: string): boolean {
  return key !== 'text' && key !== 'lineEnd' && key !== 'noNewLine' && key !== 'leadingCut' && key !== 'leadingIndent';
}

/** The style properties measure() looks up, as found (undefined or null: no source has set a value yet). */
const UNSET: unknown = undefined;

function unsetRunValues() {
  return {
    font: UNSET,
    bold: UNSET,
    italics: UNSET,
    alignment: UNSET,
    fontSize: UNSET,
    fontFeatures: UNSET,
    characterSpacing: UNSET,
    color: UNSET,
    decoration: UNSET,
    decorationColor: UNSET,
    decorationStyle: UNSET,
    decorationThickness: UNSET,
    background: UNSET,
    link: UNSET,
    linkToPage: UNSET,
    linkToDestination: UNSET,
    noWrap: UNSET,
    opacity: UNSET,
    sup: UNSET,
    sub: UNSET,
    lineHeight: UNSET,
    preserveLeadingSpaces: UNSET,
    preserveTrailingSpaces: UNSET,
  };
}
type RunValues = ReturnType<typeof unsetRunValues>;

/**
 * FillStyle for RunValues. `??=` reads the source only while the property is unset, and a null
 * it copies (not a value for pdfmake's lookups) stays unset. One line per property: named loads.
 */
function fillRunValues(values: RunValues, source: Record<string, unknown>): void {
  values.font ??= source.font;
  values.bold ??= source.bold;
  values.italics ??= source.italics;
  values.alignment ??= source.alignment;
  values.fontSize ??= source.fontSize;
  values.fontFeatures ??= source.fontFeatures;
  values.characterSpacing ??= source.characterSpacing;
  values.color ??= source.color;
  values.decoration ??= source.decoration;
  values.decorationColor ??= source.decorationColor;
  values.decorationStyle ??= source.decorationStyle;
  values.decorationThickness ??= source.decorationThickness;
  values.background ??= source.background;
  values.link ??= source.link;
  values.linkToPage ??= source.linkToPage;
  values.linkToDestination ??= source.linkToDestination;
  values.noWrap ??= source.noWrap;
  values.opacity ??= source.opacity;
  values.sup ??= source.sup;
  values.sub ??= source.sub;
  values.lineHeight ??= source.lineHeight;
  values.preserveLeadingSpaces ??= source.preserveLeadingSpaces;
  values.preserveTrailingSpaces ??= source.preserveTrailingSpaces;
}

/** The stack's part of every word's lookups: the same for all words of one measure call (nothing changes the stack meanwhile). */
function stackRunValues(stack: StyleStack): RunValues {
  const values = unsetRunValues();
  fillStackStyle(values, stack, fillRunValues);
  return values;
}

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
  const keys: string[] = [];
  for (const key of Object.keys(word)) if (isStyleKey(key)) keys.push(key);
  return keys;
}

/**
 * The word's own style keys and values are the run's (words of one text run share them). for-in
 * counts inherited keys too: never fewer than the own keys, so at worst a run is resolved again.
 */
function sameOwnStyle(word: Inline, run: RunStyle): boolean {
  const keys = run.styleKeys;
  for (let i = 0; i < keys.length; i++) if (word[keys[i]!] !== run.word[keys[i]!]) return false;
  let count = 0;
  for (const key in word) if (isStyleKey(key)) count++;
  return count === keys.length;
}

/** itemStyleValue's answer for every property measure() reads, with pdfmake's defaults. */
function resolveRunStyle(textInlines: TextInlines, word: Inline, stack: StyleStack | undefined, stackValues: RunValues | undefined): RunStyle {
  const values = unsetRunValues();
  fillItemOwnStyle(values, word, stack, fillRunValues);
  if (stackValues) fillRunValues(values, stackValues as unknown as Record<string, unknown>);
  const font = textInlines.pdfDocument.provideFont(values.font ?? 'Roboto', values.bold ?? false, values.italics ?? false);
  const sup = values.sup ?? false;
  const sub = values.sub ?? false;
  // pdfmake's size for superscript and subscript.
  const fontSize = ((values.fontSize ?? 12) as number) * (sup || sub ? 0.58 : 1);
  return {
    font,
    alignment: values.alignment ?? 'left',
    fontSize,
    fontFeatures: values.fontFeatures ?? null,
    characterSpacing: values.characterSpacing ?? 0,
    color: values.color ?? 'black',
    decoration: values.decoration ?? null,
    decorationColor: values.decorationColor ?? null,
    decorationStyle: values.decorationStyle ?? null,
    decorationThickness: values.decorationThickness ?? null,
    background: values.background ?? null,
    link: values.link ?? null,
    linkToPage: values.linkToPage ?? null,
    linkToDestination: values.linkToDestination ?? null,
    noWrap: values.noWrap ?? null,
    opacity: values.opacity ?? 1,
    sup,
    sub,
    height: font.lineHeight(fontSize) * ((values.lineHeight ?? 1) as number),
    preserveLeadingSpaces: values.preserveLeadingSpaces ?? false,
    preserveTrailingSpaces: values.preserveTrailingSpaces ?? false,
    word,
    styleKeys: ownStyleKeys(word),
  };
}

/** The fields measureInlines sets itself (a word's own value of one of them was resolved into it). */
const MEASURED_FIELDS: Readonly<Record<string, true>> = Object.fromEntries(
  ['text', 'lineEnd', 'noNewLine', 'leadingIndent', 'font', 'alignment', 'fontSize', 'fontFeatures', 'characterSpacing', 'color', 'decoration', 'decorationColor', 'decorationStyle', 'decorationThickness', 'background', 'link', 'linkToPage', 'linkToDestination', 'noWrap', 'opacity', 'sup', 'sub', 'width', 'height', 'leadingCut', 'trailingCut'].map((k) => [k, true]),
);

/** `\s` of a regular expression: the characters pdfmake's /^(\s)+/ and /(\s)+$/ cut (test: all 65,536 agree). */
export function isRegExpSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** How many characters `text.match(/^(\s)+/g)[0]` has (0: no match), without the match array. */
export function leadingSpaceCount(text: string): number {
  let i = 0;
  while (i < text.length && isRegExpSpace(text.charCodeAt(i))) i++;
  return i;
}

/** How many characters `text.match(/(\s)+$/g)[0]` has (0: no match). */
export function trailingSpaceCount(text: string): number {
  let i = text.length;
  while (i > 0 && isRegExpSpace(text.charCodeAt(i - 1))) i--;
  return text.length - i;
}

/** TextInlines#measure, with the style resolved per run of words (same results). */
export function measureInlines(this: TextInlines, words: Inline[], stack: StyleStack): Inline[] {
  if (words.length) {
    const leadingIndent = itemStyleValue(words[0]!, stack, 'leadingIndent', 0) as number;
    if (leadingIndent) {
      words[0]!.leadingCut = -leadingIndent;
      words[0]!.leadingIndent = leadingIndent;
    }
  }
  let run: RunStyle | undefined;
  let stackValues: RunValues | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!run || !sameOwnStyle(word, run)) {
      if (stack) stackValues ??= stackRunValues(stack);
      run = resolveRunStyle(this, word, stack, stackValues);
    }
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
      const leading = leadingSpaceCount(measured.text);
      if (leading) measured.leadingCut! += this.widthOfText(measured.text.slice(0, leading), measured);
    }
    if (!run.preserveTrailingSpaces) {
      const trailing = trailingSpaceCount(measured.text);
      if (trailing) measured.trailingCut = this.widthOfText(measured.text.slice(measured.text.length - trailing), measured);
    }
    words[i] = measured;
  }
  return words;
}
