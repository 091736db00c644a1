import * as fontkit from 'fontkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fontBuffers } from '#renderer/fonts.ts';
import { FaceSubsets, type SubsetFont } from '#renderer/font-subsets.ts';

/**
 * renderer/font-subsets.ts writes fontkit's TrueType subsets from glyph records kept per face.
 * The bytes must be exactly fontkit's, for any glyphs in any order (composite glyphs such as
 * `ả` pull in their components), first time or not.
 */

type Subset = { includeGlyph(id: number): number; encode(): Uint8Array };
const open = (buffer: Buffer) => fontkit.create(buffer) as SubsetFont & { glyphForCodePoint(cp: number): { id: number } };

describe('font subsets', () => {
  for (const [style, buffer] of Object.entries(fontBuffers())) {
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
