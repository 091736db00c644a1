import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fontBuffers, type FontStyle } from '#renderer/fonts.ts';
import { SimpleShaper, type ShaperFont, type ShaperGlyph } from '#renderer/simple-shaper.ts';

/**
 * renderer/simple-shaper.ts lays out words without fontkit's OpenType engine. For every word it
 * accepts it must give exactly what pdfkit's EmbeddedFont#layoutRun gives through fontkit: the
 * same glyph objects and the same positions (scaled to 1/1000 em), in every face.
 */

const LOWER = 'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ';
const REPERTOIRE = `${LOWER}${LOWER.toLocaleUpperCase('vi')}wjzf0123456789 .,;:!?()[]/-–—“”‘’'"%&*+=…°`;

type Position = { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number };
/** The face as fontkit opens it: what the shaper reads, and fontkit's own layout. */
type Face = ShaperFont & { layout(text: string): { glyphs: ShaperGlyph[]; positions: Position[] } };

/** What pdfkit's layoutRun returns for `text`: fontkit's run with positions scaled to 1/1000 em. */
function pdfkitRun(font: Face, text: string) {
  const run = font.layout(text);
  const scale = 1000 / font.unitsPerEm;
  const positions = run.positions.map((p, i) => ({
    xAdvance: p.xAdvance * scale,
    yAdvance: p.yAdvance * scale,
    xOffset: p.xOffset * scale,
    yOffset: p.yOffset * scale,
    advanceWidth: run.glyphs[i]!.advanceWidth * scale,
  }));
  return { glyphs: run.glyphs, positions, advanceWidth: positions.reduce((w, p) => w + p.xAdvance, 0) };
}

const faces = Object.entries(fontBuffers()).map(([style, buffer]) => {
  const font = fontkit.create(buffer) as Face;
  return { style: style as FontStyle, font, shaper: new SimpleShaper(font) };
});

/** Where our run differs from fontkit's ('' when the same; undefined when we leave it to fontkit). */
function difference(face: (typeof faces)[number], text: string): string | undefined {
  const ours = face.shaper.run(text);
  if (!ours) return undefined;
  const theirs = pdfkitRun(face.font, text);
  if (ours.glyphs.length !== theirs.glyphs.length) return `${face.style} ${JSON.stringify(text)}: ${ours.glyphs.length} glyphs, fontkit ${theirs.glyphs.length}`;
  for (let i = 0; i < ours.glyphs.length; i++) {
    const [a, b] = [ours.positions[i]!, theirs.positions[i]!];
    if (ours.glyphs[i] !== theirs.glyphs[i] || a.xAdvance !== b.xAdvance || a.yAdvance !== b.yAdvance || a.xOffset !== b.xOffset || a.yOffset !== b.yOffset || a.advanceWidth !== b.advanceWidth) {
      return `${face.style} ${JSON.stringify(text)} glyph ${i}: ${JSON.stringify(a)} vs fontkit ${JSON.stringify(b)}`;
    }
  }
  return ours.advanceWidth === theirs.advanceWidth ? '' : `${face.style} ${JSON.stringify(text)}: advance ${ours.advanceWidth} vs ${theirs.advanceWidth}`;
}

function expectSameRun(face: (typeof faces)[number], text: string): boolean {
  const ours = face.shaper.run(text);
  if (!ours) return false;
  const theirs = pdfkitRun(face.font, text);
  expect(ours.glyphs, `${face.style} ${JSON.stringify(text)}`).toEqual(theirs.glyphs);
  ours.glyphs.forEach((g, i) => expect(g, `${face.style} ${text} glyph ${i}`).toBe(theirs.glyphs[i]));
  expect(ours.positions, `${face.style} ${JSON.stringify(text)}`).toEqual(theirs.positions);
  expect(ours.advanceWidth).toBe(theirs.advanceWidth);
  return true;
}

describe('simple shaper', () => {
  // Every text of the example data, cut as pdfkit lays it out (a word with its space).
  const strings = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : typeof value === 'object' && value !== null ? Object.values(value).flatMap(strings) : [];
  const example = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8'));
  const text = ['campaign', 'organizations', 'submissions'].flatMap((name) => strings(example(name))).join(' ');
  const words = [...new Set(text.normalize('NFC').split(/(?<=\s)/u))];

  it('lays out the words of the example data exactly as fontkit, in every face', () => {
    for (const face of faces) {
      let accepted = 0;
      for (const word of words) if (expectSameRun(face, word)) accepted++;
      // Almost all of them: Vietnamese has no f, and the data no combining marks.
      expect(accepted / words.length, face.style).toBeGreaterThan(0.95);
    }
  });

  it('lays out any string of Vietnamese letters, digits and punctuation exactly as fontkit', () => {
    const char = fc.constantFrom(...REPERTOIRE);
    for (const face of faces) {
      fc.assert(
        fc.property(fc.array(char, { minLength: 1, maxLength: 14 }), (chars) => {
          expectSameRun(face, chars.join(''));
        }),
        { numRuns: 1500 },
      );
    }
  });

  it('kerns every pair of Vietnamese characters exactly as fontkit, in every face', () => {
    const chars = [...REPERTOIRE];
    for (const face of faces) {
      let accepted = 0;
      let pairs = 0;
      const differences: string[] = [];
      for (const a of chars) {
        for (const b of chars) {
          pairs++;
          const found = difference(face, a + b);
          if (found === undefined) continue;
          accepted++;
          if (found) differences.push(found);
        }
      }
      expect(differences.slice(0, 5)).toEqual([]);
      // Only pairs with f (its ligatures) and the like are left to fontkit.
      expect(accepted / pairs, face.style).toBeGreaterThan(0.97);
    }
  });

  it('leaves to fontkit what its OpenType engine changes: ligatures, combining marks, ignorables', () => {
    for (const face of faces) {
      for (const word of ['office', 'fl', 'Đảng\u0301', 'e\u0301', 'soft\u00adhyphen', 'zero\u200bwidth', '𝐀', '1\u20442', '0\ufe00']) {
        expect(face.shaper.run(word), `${face.style} ${word}`).toBeUndefined();
      }
    }
  });
});
