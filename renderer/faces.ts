import { FaceSubsets, type SubsetFont } from './font-subsets.ts';
import { fontBuffers, type FontStyle } from './fonts.ts';
import { parseFace, type FaceSource, type FontkitFace, type LayoutRun } from './pdf-internals.ts';
import { SimpleShaper, type ShaperFont } from './simple-shaper.ts';

/**
 * The four faces, parsed once per process and shared by every document: pdfkit would parse each
 * TrueType face (fontkit.create) and shape every word again (GSUB/GPOS of a 500 KB Vietnamese
 * face) for every document. What is kept serves any document, whatever its data: the parsed
 * tables, the simple shaper's letters and plans, glyph records for subsets, and shaped words
 * (the words of official Vietnamese prose recur across committees: "của", "đại hội", "đảng bộ").
 */

/**
 * Shaped words kept per face, bounded so that a long-lived worker cannot grow without end; the
 * documents of one committee use ~3,000 distinct words.
 */
const MAX_SHARED_RUNS_PER_FACE = 50_000;

/**
 * One face, parsed twice: `fontkit` shapes text (and keeps the shared runs); the subsets that get
 * embedded come from a second parse. They must be apart because fontkit caches glyph objects with
 * the characters they were first seen with: subsetting creates the components of composite glyphs
 * (the `a` inside `ả`) with none, and pdfkit writes a glyph's characters into the ToUnicode map,
 * so a shared cache would make a later document's `a` extract as garbage.
 */
class SharedFace implements FaceSource {
  private readonly runs = new Map<string, LayoutRun>();
  readonly shaper: SimpleShaper;
  readonly subsets: FaceSubsets;

  constructor(
    readonly fontkit: FontkitFace,
    subsetSource: FontkitFace,
  ) {
    this.shaper = new SimpleShaper(fontkit as unknown as ShaperFont);
    this.subsets = new FaceSubsets(subsetSource as unknown as SubsetFont);
  }

  shape(text: string, layoutRun: (text: string) => LayoutRun): LayoutRun {
    let run = this.runs.get(text);
    if (run === undefined) {
      run = this.shaper.run(text) ?? layoutRun(text);
      if (this.runs.size >= MAX_SHARED_RUNS_PER_FACE) this.runs.clear();
      this.runs.set(text, run);
    }
    return run;
  }

  newSubset(): unknown {
    return this.subsets.create();
  }

  forgetWords(): void {
    this.runs.clear();
  }
}

const parsed: Partial<Record<FontStyle, SharedFace>> = {};

/** The shared face of a style, parsed on first use (a document that sets no bold italic never parses it). */
export function sharedFace(style: FontStyle): SharedFace {
  let face = parsed[style];
  if (!face) {
    const buffer = fontBuffers()[style];
    parsed[style] = face = new SharedFace(parseFace(buffer).font, parseFace(buffer).font);
  }
  return face;
}

const STYLES: readonly FontStyle[] = ['normal', 'bold', 'italics', 'bolditalics'];

/** Every style's shared face, each parsed when a document first asks for it. */
export const SHARED_FACES: Readonly<Record<FontStyle, FaceSource>> = Object.freeze(
  Object.defineProperties(
    {} as Record<FontStyle, FaceSource>,
    Object.fromEntries(STYLES.map((style) => [style, { get: () => sharedFace(style), enumerable: true }])),
  ),
);

/**
 * Forgets the shaped words every face shares, so that the next document shapes its own: only for
 * the bench, which shows what sharing them is worth to documents that share no data.
 */
export function forgetSharedWords(): void {
  for (const face of Object.values(parsed)) face.forgetWords();
}

/**
 * Reads ahead, in every face, what a new document needs of these characters: whether the simple
 * shaper lays them out, their glyphs and metrics, their records for subsets. The CLI's startup
 * snapshot calls it, so that a fresh process finds them read.
 */
export function prepareFaces(characters: string): void {
  for (const style of STYLES) {
    const face = sharedFace(style);
    face.subsets.prepare(face.shaper.prepare(characters));
  }
}

/** Width in points of `text` set in one face at `fontSize`, as the layout will measure it. */
export function measureText(text: string, style: { fontSize: number; bold?: boolean; italics?: boolean }): number {
  const name: FontStyle = style.bold && style.italics ? 'bolditalics' : style.bold ? 'bold' : style.italics ? 'italics' : 'normal';
  const { fontkit, shaper } = sharedFace(name);
  // The simple shaper's run is in 1/1000 em, as pdfkit measures; fontkit's in font units.
  const run = shaper.run(text);
  const emWidth = run ? run.advanceWidth / 1000 : fontkit.layout(text).advanceWidth / fontkit.unitsPerEm;
  return emWidth * style.fontSize;
}
