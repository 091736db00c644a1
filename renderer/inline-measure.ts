import { itemStyleValue, type StyleStack } from './style-lookups.ts';

/**
 * TextInlines#measure resolves ~22 style properties for every word of a paragraph, although the
 * words of one text run share their style (pdfmake copies the run's own properties onto each
 * word). While the engine lays out, pdf-internals.ts calls `measureInlines` instead: it resolves
 * them once per run of words with the same own properties, and sets on each word exactly what
 * pdfmake's measure sets (test/renderer/engine-equivalence.test.ts compares with stock pdfmake).
 */
export type Inline = Record<string, unknown> & { text: string; font?: MeasuredFont; leadingCut?: number; trailingCut?: number };
type MeasuredFont = { lineHeight(size: number): number; widthOfString(text: string, size: number, features: unknown): number };
export type TextInlines = {
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
export function measureInlines(this: TextInlines, words: Inline[], stack: StyleStack): Inline[] {
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
