import * as fontkit from 'fontkit';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontBuffers } from '#renderer/fonts.ts';
import { FaceSubsets, type SubsetFont } from '#renderer/font-subsets.ts';

/**
 * renderer/font-subsets.ts writes fontkit's TrueType subsets from glyph records and constant
 * tables kept per face. The bytes must be exactly fontkit's, for any glyphs in any order
 * (composite glyphs such as `ả` pull in their components), first time or not.
 */

/** pdfmake's Roboto: short loca offsets and cvt/fpgm tables, which the Noto Serif faces lack. */
const roboto = readFileSync(join(dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'fonts/Roboto/Roboto-Regular.ttf'));

type Subset = { includeGlyph(id: number): number; encode(): Uint8Array };
const open = (buffer: Buffer) => fontkit.create(buffer) as SubsetFont & { glyphForCodePoint(cp: number): { id: number } };

describe('font subsets', () => {
  for (const [style, buffer] of [...Object.entries(fontBuffers()), ['Roboto', roboto] as const]) {
    it(`are fontkit's bytes (${style})`, () => {
      const font = open(buffer);
      const kept = new FaceSubsets(open(buffer));
      const glyphs = [...'aàảạăằẳâấẩđeẻếểiỉịoỏôổơởuủưửyỷAẢĂẲÂẨĐẺỂỈỎỔỞỦỬỶ0123456789.,;:()/-%'].map((c) => font.glyphForCodePoint(c.codePointAt(0)!).id);
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...glyphs), { minLength: 1, maxLength: 40 }), (ids) => {
          const theirs = font.createSubset() as Subset;
          const ours = kept.create() as unknown as Subset;
          for (const id of ids) expect(ours.includeGlyph(id)).toBe(theirs.includeGlyph(id));
          expect(Buffer.from(ours.encode()).equals(Buffer.from(theirs.encode()))).toBe(true);
        }),
        { numRuns: 60 },
      );
    });
  }
});
