import { planFor, UNSAFE, type Plan, type PlanFont } from './opentype-plan.ts';

/**
 * Shaping without fontkit's OpenType engine, for the words that need none of it; used by
 * faces.ts when a word is laid out for the first time in a process.
 *
 * fontkit lays out each word through its whole engine (script and feature selection, glyph
 * infos, every GSUB and GPOS lookup of the script): 100–200 µs a word in a fresh process, a third
 * of a cold render. For a word of ordinary characters (letters, digits, punctuation: no marks,
 * no default-ignorables, no fraction slash) in whose glyphs no lookup can change anything
 * (opentype-plan.ts reads that off the font's tables: `fi` is a ligature, `f` alone is not),
 * fontkit does two things: each character becomes its glyph from the cmap, and each glyph's
 * advance changes by the kerning of the pair it starts. That is done here, with the glyph
 * objects fontkit returns for those characters and the kerning as fontkit's GPOS lookups
 * compute it: the same run, in a few microseconds. Any other word goes to fontkit.
 * test/renderer/simple-shaper.test.ts compares both on random text
 * and on every pair of Vietnamese characters, in every face.
 */

/** fontkit's font, glyph and layout result, as far as this module reads them. */
export type ShaperGlyph = { id: number; advanceWidth: number; codePoints: number[] };
type Position = { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number };
export type ShaperFont = PlanFont & {
  unitsPerEm: number;
  characterSet: number[];
  _cmapProcessor: { lookup(codePoint: number): number };
  glyphForCodePoint(codePoint: number): ShaperGlyph;
};

/** A glyph run as pdfkit's EmbeddedFont#layoutRun returns it (positions in 1/1000 em). */
export class SimpleRun {
  constructor(
    readonly glyphs: ShaperGlyph[],
    readonly positions: (Position & { advanceWidth: number })[],
  ) {}
  /** fontkit's GlyphRun#advanceWidth: the sum of the advances, in order. */
  get advanceWidth(): number {
    let width = 0;
    for (const position of this.positions) width += position.xAdvance;
    return width;
  }
}

type Letter = { glyph: ShaperGlyph; advance: number; latin: boolean };

/**
 * fontkit's script detection: the first character of a script other than Common decides, and
 * its tag is `latn` for Latin, `zzzz` (Unknown) for a word without letters.
 */
const LATIN = /\p{Script=Latin}/u;
const LATIN_TAG = 'latn';
const UNKNOWN_TAG = 'zzzz';
const ORDINARY_SCRIPT = /[\p{Script=Latin}\p{Script=Common}]/u;
/**
 * Left to fontkit: marks and default-ignorables (fontkit positions or hides them) and the
 * fraction slash (it turns on fraction features around it).
 */
const NOT_ORDINARY = /[\u2044\p{M}\p{Default_Ignorable_Code_Point}]/u;

function isOrdinary(code: number): boolean {
  if (code >= 0xd800 && code <= 0xdfff) return false;
  const char = String.fromCharCode(code);
  return ORDINARY_SCRIPT.test(char) && !NOT_ORDINARY.test(char);
}

/** What is known of one script of the font: its plan (undefined: not modelled) and the pairs met. */
type ScriptState = { plan: Plan | undefined; kerning: Map<number, number | typeof UNSAFE> };

export class SimpleShaper {
  private readonly letters = new Map<number, Letter | null>();
  private readonly scripts = new Map<string, ScriptState>();
  private readonly scale: number;
  private ordinaryGlyphs: Set<number> | undefined;

  constructor(private readonly font: ShaperFont) {
    this.scale = 1000 / font.unitsPerEm;
  }

  /** The run of `text` as pdfkit's layoutRun would give it, or undefined: then fontkit must. */
  run(text: string): SimpleRun | undefined {
    const n = text.length;
    if (n === 0) return undefined;
    const letters: Letter[] = new Array(n);
    let latin = false;
    for (let i = 0; i < n; i++) {
      const letter = this.letter(text.charCodeAt(i));
      if (!letter) return undefined;
      letters[i] = letter;
      latin ||= letter.latin;
    }
    const state = this.script(latin ? LATIN_TAG : UNKNOWN_TAG);
    const plan = state.plan;
    if (!plan) return undefined;
    for (let i = 0; i < n; i++) {
      const id = letters[i]!.glyph.id;
      if (plan.involved.has(id)) return undefined;
      if (i + 1 < n && plan.ligatures.get(id)?.has(letters[i + 1]!.glyph.id)) return undefined;
    }
    const positions: SimpleRun['positions'] = new Array(n);
    const glyphs: ShaperGlyph[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const letter = letters[i]!;
      let xAdvance = letter.advance;
      if (i + 1 < n) {
        const key = text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1);
        let kern = state.kerning.get(key);
        if (kern === undefined) state.kerning.set(key, (kern = plan.kern(letter.glyph.id, letters[i + 1]!.glyph.id)));
        if (kern === UNSAFE) return undefined;
        xAdvance += kern;
      }
      glyphs[i] = letter.glyph;
      positions[i] = { xAdvance: xAdvance * this.scale, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: letter.advance * this.scale };
    }
    return new SimpleRun(glyphs, positions);
  }

  /**
   * Looks at these characters ahead (the CLI's startup snapshot): which of them are laid out
   * here, their glyphs and metrics, both scripts' plans. Returns the glyph ids of those that are.
   */
  prepare(characters: string): number[] {
    this.run('a1');
    this.run('1');
    const ids: number[] = [];
    for (const char of characters) {
      const letter = this.letter(char.charCodeAt(0));
      if (letter) ids.push(letter.glyph.id);
    }
    return ids;
  }

  /** An ordinary character the font has, with its glyph (the object fontkit's layout returns for it), or null. */
  private letter(code: number): Letter | null {
    let letter = this.letters.get(code);
    if (letter !== undefined) return letter;
    letter = null;
    if (isOrdinary(code) && this.font._cmapProcessor.lookup(code) !== 0) {
      const glyph = this.font.glyphForCodePoint(code);
      letter = { glyph, advance: glyph.advanceWidth, latin: LATIN.test(String.fromCharCode(code)) };
    }
    this.letters.set(code, letter);
    return letter;
  }

  private script(tag: string): ScriptState {
    let state = this.scripts.get(tag);
    if (!state) {
      // The glyphs of every ordinary character of the font, from the cmap (no glyph objects made).
      this.ordinaryGlyphs ??= new Set(this.font.characterSet.filter(isOrdinary).map((c) => this.font._cmapProcessor.lookup(c)));
      state = { plan: planFor(this.font, tag, this.ordinaryGlyphs), kerning: new Map() };
      this.scripts.set(tag, state);
    }
    return state;
  }
}
