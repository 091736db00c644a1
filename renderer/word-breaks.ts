import linebreakModule from 'linebreak';

/**
 * pdfmake's `splitWords` (pdfmake 0.3.11 TextBreaker.js), the same words for every input, without
 * linebreak's per-character trie lookups and state for the texts our documents are made of.
 *
 * Why: pdfmake splits every text of a document into words with linebreak (UAX #14), a cost paid
 * for each table cell and paragraph; almost all of ours are Vietnamese in precomposed Latin
 * letters, digits, spaces and a little punctuation, for which linebreak's rules reduce to a small
 * table. Texts with any other character (newlines, quotes, combining marks, CJK, emoji…) go to
 * linebreak itself, exactly as pdfmake does.
 *
 * Which rule (linebreak 1.1.0's LineBreaker restricted to these classes: none of them reaches its
 * mandatory breaks, LB8a ZWJ, LB21a HL, LB30a RI or combining-mark cases, so only its pair table
 * and "is the previous character a space" remain): AL (ASCII letters and `# & * < = > @ ^ _ \` ~`,
 * U+00C0–U+024F but × ÷ (AI), U+1E00–U+1EFF: all Vietnamese letters), NU `0-9`, SP ` `, IS `, . : ;`,
 * SY `/`, HY `-`, PO `%`, OP `( [`, CP `) ]`. With `last` the class of the last non-space
 * character before position i (WJ while only spaces were met: linebreak's start of text), a
 * break falls before character i ≥ 1 iff it is not a space and
 * - `last` is not OP (LB14 OP SP* ×) and the character is not IS, SY or CP (LB13 × IS, × SY, × CP), and
 * - the character before it is a space (LB7 × SP, then LB18 SP ÷), or the pair (`last`, it) is
 *   one of linebreak's direct breaks: SY ÷ AL, HY ÷ AL (LB31: nothing joins them), IS, SY, HY
 *   or PO ÷ PO, IS, SY or HY ÷ OP, CP ÷ OP;
 * and once more at the end of the text. test/renderer/word-breaks.test.ts holds this to linebreak.
 */

type LineBreaker = { nextBreak(): { position: number; required: boolean } | null };
const LineBreakerClass = ((linebreakModule as { default?: unknown }).default ?? linebreakModule) as new (text: string) => LineBreaker;

/** A word as pdfmake's splitWords returns it. */
export type Word = { text: string; lineEnd?: boolean };

// Classes of the fast path (0: any other character); WJ is only ever `last`, at the start.
const WJ = 0;
const AL = 1;
const NU = 2;
const IS = 3;
const SY = 4;
const HY = 5;
const PO = 6;
const OP = 7;
const CP = 8;
const SP = 9;
const CLASSES = 9;

const CLASS_OF = new Uint8Array(0x1f00);
{
  const set = (from: number, to: number, cls: number) => CLASS_OF.fill(cls, from, to + 1);
  set(0x41, 0x5a, AL);
  set(0x61, 0x7a, AL);
  for (const c of '#&*<=>@^_`~') set(c.charCodeAt(0), c.charCodeAt(0), AL);
  set(0xc0, 0x24f, AL);
  set(0xd7, 0xd7, 0); // × and ÷ are AI (linebreak maps it to AL): left to linebreak
  set(0xf7, 0xf7, 0);
  set(0x1e00, 0x1eff, AL);
  set(0x30, 0x39, NU);
  set(0x20, 0x20, SP);
  for (const [chars, cls] of [[',.:;', IS], ['/', SY], ['-', HY], ['%', PO], ['([', OP], [')]', CP]] as const) {
    for (const c of chars) set(c.charCodeAt(0), c.charCodeAt(0), cls);
  }
}

/**
 * linebreak 1.1.0's pair table for these classes: 1 where a break falls between `last` (row) and
 * the next non-space character (column) even without a space between (a direct break), 2 where it
 * falls only after a space (indirect), 0 never (prohibited).
 */
// prettier-ignore
const PAIRS = Uint8Array.from([
  //  AL NU IS SY HY PO OP CP    (last ↓)
  0,  2, 2, 0, 0, 2, 2, 2, 0, // WJ
  0,  2, 2, 0, 0, 2, 2, 2, 0, // AL
  0,  2, 2, 0, 0, 2, 2, 2, 0, // NU
  0,  2, 2, 0, 0, 2, 1, 1, 0, // IS
  0,  1, 2, 0, 0, 2, 1, 1, 0, // SY
  0,  1, 2, 0, 0, 2, 1, 1, 0, // HY
  0,  2, 2, 0, 0, 2, 1, 2, 0, // PO
  0,  0, 0, 0, 0, 0, 0, 0, 0, // OP
  0,  2, 2, 0, 0, 2, 2, 1, 0, // CP
]);

/** The words by the rule above, or null when a character is outside it. `text` is not empty (exported for the tests). */
export function fastWords(text: string): Word[] | null {
  const n = text.length;
  let code = text.charCodeAt(0);
  let cls = code < CLASS_OF.length ? CLASS_OF[code]! : 0;
  if (cls === 0) return null;
  let last = cls === SP ? WJ : cls;
  let afterSpace = cls === SP;
  const words: Word[] = [];
  let start = 0;
  for (let i = 1; i < n; i++) {
    code = text.charCodeAt(i);
    cls = code < CLASS_OF.length ? CLASS_OF[code]! : 0;
    if (cls === 0) return null;
    if (cls === SP) {
      afterSpace = true;
      continue;
    }
    const pair = PAIRS[last * CLASSES + cls]!;
    if (pair === 1 || (pair === 2 && afterSpace)) {
      words.push({ text: text.slice(start, i) });
      start = i;
    }
    last = cls;
    afterSpace = false;
  }
  words.push({ text: text.slice(start) });
  return words;
}

/** pdfmake 0.3.11's splitWords through linebreak, line for line (TextBreaker.js). */
export function linebreakWords(text: string): Word[] {
  const words: Word[] = [];
  const breaker = new LineBreakerClass(text);
  let last = 0;
  let bk;
  while ((bk = breaker.nextBreak())) {
    let word = text.slice(last, bk.position);
    if (bk.required || word.match(/\r?\n$|\r$/)) {
      // new line
      word = word.replace(/\r?\n$|\r$/, '');
      words.push({ text: word, lineEnd: true });
    } else {
      words.push({ text: word });
    }
    last = bk.position;
  }
  return words;
}

/** What pdfmake 0.3.11's splitWords(text, noWrap, breakAll) returns, for every input. */
export function splitWords(text: unknown, noWrap: unknown, breakAll = false): Word[] {
  const string = text === undefined || text === null ? '' : String(text);
  if (noWrap) return [{ text: string }];
  if (breakAll) return string.split('').map((c) => (c.match(/^\n$|^\r$/) ? { text: '', lineEnd: true } : { text: c }));
  if (string.length === 0) return [{ text: '' }];
  return fastWords(string) ?? linebreakWords(string);
}
