import { basename } from 'node:path';
import { fontPaths } from '../../renderer/fonts.ts';
import { RENDER_YOUNG_GENERATION } from '../../renderer/heap-flags.mjs';

/** Where the renderer's files are inside a function (the bundle is unpacked in /var/task). */
export const FONT_DIR = '/var/task/fonts';

/**
 * The files a function that renders a PDF needs beside its bundle, in one place for the worker
 * and the preview route: the four Noto Serif faces the renderer names (renderer/fonts.ts, found in
 * the installed npm package), and pdfkit's `data` folder, which pdfkit reads from
 * `${__dirname}/data` (with the ESM banner's __dirname, /var/task/data): the sRGB ICC profile of
 * the PDF/A OutputIntent, and the metrics of the standard fonts. Such a function also runs with
 * the renderer's young generation (renderer/heap-flags.mjs).
 */
export const RENDERER_FILES = {
  environment: { FONT_DIR },
  nodeOptions: [RENDER_YOUNG_GENERATION],
  afterBundling: (inputDir: string, outputDir: string): string[] => [
    `mkdir -p "${outputDir}/fonts"`,
    ...Object.values(fontPaths({})).map((file) => `cp "${file}" "${outputDir}/fonts/${basename(file)}"`),
    `cp -R "${inputDir}/node_modules/pdfkit/js/data" "${outputDir}/data"`,
  ],
} as const;
