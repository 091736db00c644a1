import { mkdtempSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT } from '#templates/format-profile.ts';
import { FONT_FILE_NAMES, fontPaths } from '#renderer/fonts.ts';
import { measureText } from '#renderer/render-document.ts';

describe('fonts', () => {
  it('ships four Noto Serif faces from the npm package', () => {
    const paths = Object.values(fontPaths({}));
    expect(paths).toHaveLength(4);
    for (const path of paths) expect(existsSync(path), path).toBe(true);
    expect(paths.map((p) => p.split(/[\\/]/).pop()).sort()).toEqual([...FONT_FILE_NAMES].sort());
  });

  it('reads them from FONT_DIR when set (the Lambda bundle)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fonts-'));
    const fromPackage = fontPaths({});
    for (const path of Object.values(fromPackage)) copyFileSync(path, join(dir, path.split(/[\\/]/).pop()!));
    const paths = fontPaths({ FONT_DIR: dir });
    for (const path of Object.values(paths)) {
      expect(path.startsWith(dir)).toBe(true);
      expect(existsSync(path)).toBe(true);
    }
  });

  it('matches the profile’s natural line height', async () => {
    // Through the engine's measure: a line of the face is ascent − descent; check one glyph set instead.
    expect(measureText('ĐẢNG CỘNG SẢN VIỆT NAM', { fontSize: 15, bold: true })).toBeGreaterThan(200);
    const { readFileSync } = await import('node:fs');
    const font = readFileSync(fontPaths({}).normal);
    // hhea: ascender at offset 4, descender at 6 (int16), unitsPerEm in head at 18.
    const tableOffset = (tag: string) => {
      const count = font.readUInt16BE(4);
      for (let i = 0; i < count; i++) {
        const record = 12 + i * 16;
        if (font.toString('latin1', record, record + 4) === tag) return font.readUInt32BE(record + 8);
      }
      throw new Error(tag);
    };
    const hhea = tableOffset('hhea');
    const head = tableOffset('head');
    const natural = (font.readInt16BE(hhea + 4) - font.readInt16BE(hhea + 6)) / font.readUInt16BE(head + 18);
    expect(natural).toBeCloseTo(FORMAT.font.naturalLineHeightEm, 3);
  });
});
