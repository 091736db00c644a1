import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The four faces of Noto Serif (OFL, full Vietnamese coverage) that every document embeds as
 * subsets. No system font is ever used: the Lambda bundle carries these files.
 */

export type FontStyle = 'normal' | 'bold' | 'italics' | 'bolditalics';

/** File name of each face, as shipped by @expo-google-fonts/noto-serif. */
export const FONT_FILES: Readonly<Record<FontStyle, string>> = {
  normal: 'NotoSerif_400Regular.ttf',
  bold: 'NotoSerif_700Bold.ttf',
  italics: 'NotoSerif_400Regular_Italic.ttf',
  bolditalics: 'NotoSerif_700Bold_Italic.ttf',
};

/** What the deployment copies into a `fonts/` folder beside the handler (and points FONT_DIR at). */
export const FONT_FILE_NAMES: readonly string[] = Object.values(FONT_FILES);

export const FONT_PACKAGE = '@expo-google-fonts/noto-serif';

/** The package keeps each face in a folder named after its file, e.g. `400Regular/NotoSerif_400Regular.ttf`. */
function packageSubpath(fileName: string): string {
  return `${fileName.replace(/^NotoSerif_/, '').replace(/\.ttf$/, '')}/${fileName}`;
}

/**
 * Absolute path of each face: `$FONT_DIR/<file>` when FONT_DIR is set (the Lambda bundle), else
 * the file inside the installed npm package (development, tests, the CLI).
 */
export function fontPaths(env: NodeJS.ProcessEnv = process.env): Record<FontStyle, string> {
  const dir = env.FONT_DIR;
  const require = createRequire(import.meta.url);
  const locate = (fileName: string) =>
    dir ? join(dir, fileName) : require.resolve(`${FONT_PACKAGE}/${packageSubpath(fileName)}`);
  return {
    normal: locate(FONT_FILES.normal),
    bold: locate(FONT_FILES.bold),
    italics: locate(FONT_FILES.italics),
    bolditalics: locate(FONT_FILES.bolditalics),
  };
}

let loaded: Readonly<Record<FontStyle, Buffer>> | undefined;

/** The font files' bytes, read once per process (a warm Lambda reads them once, not per document). */
export function fontBuffers(): Readonly<Record<FontStyle, Buffer>> {
  if (!loaded) {
    const paths = fontPaths();
    loaded = {
      normal: readFileSync(paths.normal),
      bold: readFileSync(paths.bold),
      italics: readFileSync(paths.italics),
      bolditalics: readFileSync(paths.bolditalics),
    };
  }
  return loaded;
}
