/**
 * Shaping without fontkit's OpenType engine, for the words that need none of it; used by
 * pdf-engine.ts when a word is laid out for the first time in a process.
 *
 * fontkit lays out each word through its whole engine (script and feature selection, glyph
 * infos, every GSUB and GPOS lookup of the script): 100–200 µs a word in a fresh process, a third
 * of a cold render. For the Noto Serif faces and the characters of Vietnamese text that engine
 * does two things only, as their tables show (checked by test/templates/simple-shaper.test.ts):
 * each character becomes its glyph from the cmap, and a glyph's advance changes by the kerning
 * of the pair it starts (GPOS PairPos adjusting the first glyph's advance, nothing else). The
 * lookups that could do more either start at characters this module leaves to fontkit (the
 * `f` ligatures, the dotless-i context before a combining mark, combining marks themselves,
 * default-ignorable characters) or never match without them (`0` + a variation selector).
 *
 * So a word made only of accepted characters is laid out here from the glyphs fontkit itself
 * returns for its characters and from each pair's kerning, measured with fontkit the first time
 * the pair is met (in the script fontkit gives the word): the same glyphs and the same numbers
 * as fontkit's layout. Any other word, or a pair whose layout is not exactly "two glyphs, the
 * first one kerned", goes to fontkit.
 */

/** fontkit's font, glyph and layout result, as far as this module reads them. */
export type ShaperGlyph = { id: number; advanceWidth: number; codePoints: number[] };
type Position = { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number };
export type ShaperFont = {
  unitsPerEm: number;
  glyphForCodePoint(codePoint: number): ShaperGlyph;
  layout(text: string, features?: unknown, script?: string): { glyphs: ShaperGlyph[]; positions: Position[]; script: string };
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

/** fontkit's script detection: the first character of a script other than Common decides. */
const LATIN = /\p{Script=Latin}/u;
const COMMON = /[\p{Script=Common}\p{Script=Inherited}]/u;
/** Starts of lookups that do more than kerning (see the module comment), and what fontkit hides. */
const LEFT_TO_FONTKIT = /[f\p{M}\p{Default_Ignorable_Code_Point}]/u;

/** A pair met but not kernable by this module. */
const UNSAFE = Symbol('unsafe pair');

export class SimpleShaper {
  private readonly letters = new Map<number, Letter | null>();
  /** Kerning by script tag, then by the two code points (`a * 0x10000 + b`). */
  private readonly kerning = new Map<string, Kerning>();
  private readonly scale: number;
  private latinTag: string | undefined;
  private otherTag: string | undefined;

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
    const kerning = this.pairs(latin ? this.latinScript() : this.otherScript());
    const positions: SimpleRun['positions'] = new Array(n);
    const glyphs: ShaperGlyph[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const letter = letters[i]!;
      let xAdvance = letter.advance;
      if (i + 1 < n) {
        const a = text.charCodeAt(i);
        const b = text.charCodeAt(i + 1);
        let kern = kerning.table.get(a * 0x10000 + b);
        if (kern === undefined) kern = this.measure(kerning, a, b);
        if (kern === UNSAFE) return undefined;
        xAdvance += kern;
      }
      glyphs[i] = letter.glyph;
      positions[i] = { xAdvance: xAdvance * this.scale, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: letter.glyph.advanceWidth * this.scale };
    }
    return new SimpleRun(glyphs, positions);
  }

  /**
   * Looks at these characters ahead (the CLI's startup snapshot): which of them are laid out
   * here, their glyphs and metrics. Returns the glyph ids of those that are.
   */
  prepare(characters: string): number[] {
    const ids: number[] = [];
    for (const char of characters) {
      const letter = this.letter(char.charCodeAt(0));
      if (letter) ids.push(letter.glyph.id);
    }
    return ids;
  }

  /** A character this module lays out itself (BMP, in the cmap, alone laid out as its glyph), or null. */
  private letter(code: number): Letter | null {
    let letter = this.letters.get(code);
    if (letter !== undefined) return letter;
    letter = null;
    const char = String.fromCharCode(code);
    if (code < 0xd800 || code > 0xdfff) {
      if (!LEFT_TO_FONTKIT.test(char) && (LATIN.test(char) || COMMON.test(char))) {
        const glyph = this.font.glyphForCodePoint(code);
        const alone = this.font.layout(char);
        const position = alone.positions[0];
        if (
          glyph.id !== 0 &&
          alone.glyphs.length === 1 &&
          alone.glyphs[0] === glyph &&
          position &&
          position.xAdvance === glyph.advanceWidth &&
          !position.yAdvance &&
          !position.xOffset &&
          !position.yOffset
        ) {
          letter = { glyph, advance: glyph.advanceWidth, latin: LATIN.test(char) };
        }
      }
    }
    this.letters.set(code, letter);
    return letter;
  }

  private latinScript(): string {
    return (this.latinTag ??= this.font.layout('a').script);
  }

  private otherScript(): string {
    return (this.otherTag ??= this.font.layout('1').script);
  }

  private pairs(script: string): Kerning {
    let kerning = this.kerning.get(script);
    if (!kerning) this.kerning.set(script, (kerning = { script, table: new Map() }));
    return kerning;
  }

  /** The kerning of a pair (font units) laid out alone by fontkit, kept; UNSAFE if it is not just that. */
  private measure(kerning: Kerning, a: number, b: number): number | typeof UNSAFE {
    let kern: number | typeof UNSAFE = UNSAFE;
    const first = this.letters.get(a);
    const second = this.letters.get(b);
    const pair = this.font.layout(String.fromCharCode(a, b), undefined, kerning.script);
    const [p0, p1] = pair.positions;
    if (
      first &&
      second &&
      pair.glyphs.length === 2 &&
      pair.glyphs[0] === first.glyph &&
      pair.glyphs[1] === second.glyph &&
      p0 &&
      p1 &&
      p1.xAdvance === second.advance &&
      !p0.yAdvance &&
      !p0.xOffset &&
      !p0.yOffset &&
      !p1.yAdvance &&
      !p1.xOffset &&
      !p1.yOffset
    ) {
      kern = p0.xAdvance - first.advance;
    }
    kerning.table.set(a * 0x10000 + b, kern);
    return kern;
  }
}

type Kerning = { script: string; table: Map<number, number | typeof UNSAFE> };
