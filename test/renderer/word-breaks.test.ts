import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getBreaks } from '#renderer/pdf-internals.ts';
import { letterDocument } from '#templates/letter.ts';
import { measureText } from '#renderer/render-document.ts';
import { fastWords, splitWords, type Word } from '#renderer/word-breaks.ts';
import { proposalDocument } from '#templates/proposal.ts';
import { reportDocument } from '#templates/report.ts';
import { exampleInput } from '../templates/fixtures.ts';

/**
 * renderer/word-breaks.ts splits texts into words without linebreak for the characters of plain
 * Vietnamese text, and the bridge's TextBreaker#getBreaks calls it while the engine lays out. Both
 * must give exactly what pdfmake gives: the reference here is pdfmake 0.3.11's splitWords, copied
 * from TextBreaker.js over the very linebreak module pdfmake requires, and its stock getBreaks.
 */

const pdfmakeRequire = createRequire(createRequire(import.meta.url).resolve('pdfmake/js/TextBreaker.js'));
const LineBreaker = pdfmakeRequire('linebreak') as new (text: string) => { nextBreak(): { position: number; required: boolean } | null };
const TextBreaker = (pdfmakeRequire('./TextBreaker.js') as { default: new () => { getBreaks(texts: unknown, stack: unknown): unknown[] } }).default;
const StyleContextStack = (pdfmakeRequire('./StyleContextStack.js') as { default: new (styles: unknown, defaultStyle: unknown) => unknown }).default;

/** pdfmake 0.3.11's splitWords (TextBreaker.js), as it is there. */
function pdfmakeSplitWords(text: unknown, noWrap: unknown, breakAll = false): Word[] {
  const words: Word[] = [];
  text = text === undefined || text === null ? '' : String(text);
  const string = text as string;
  if (noWrap) return [{ text: string }];
  if (breakAll) return string.split('').map((c) => (c.match(/^\n$|^\r$/) ? { text: '', lineEnd: true } : { text: c }));
  if (string.length === 0) return [{ text: '' }];
  const breaker = new LineBreaker(string);
  let last = 0;
  let bk;
  while ((bk = breaker.nextBreak())) {
    let word = string.slice(last, bk.position);
    if (bk.required || word.match(/\r?\n$|\r$/)) {
      word = word.replace(/\r?\n$|\r$/, '');
      words.push({ text: word, lineEnd: true });
    } else words.push({ text: word });
    last = bk.position;
  }
  return words;
}

function expectSameWords(text: unknown, noWrap: unknown = false, breakAll = false): void {
  expect(splitWords(text, noWrap, breakAll), JSON.stringify(text)).toStrictEqual(pdfmakeSplitWords(text, noWrap, breakAll));
}

/** Every text node of a definition: `text` strings and numbers, and arrays of inline runs. */
function textNodes(node: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) for (const child of node) textNodes(child, out);
  else if (node && typeof node === 'object') {
    const text = (node as { text?: unknown }).text;
    if (text !== undefined) out.push(text);
    for (const value of Object.values(node)) if (value && typeof value === 'object') textNodes(value, out);
  }
  return out;
}

const DOCUMENTS = [
  ['report', reportDocument],
  ['proposal', proposalDocument],
  ['letter', letterDocument],
] as const;

// One or more characters of each class of the fast path, then characters just outside it.
const FAST = 'aZĐđưƯạỹẠÀÿĀɏḀỿ#&*<=>@^_`~0159 ,.:;/-%([)]';
const OUTSIDE = [
  '\n', '\r', '\t', '\u000b', '\u000c', '\u0085', '\u2028', '\u00a0', '\u00ad', '\u200b', '\u200d', '\u2060', '\u0301', '\u0323',
  '×', '÷', '!', '?', '"', "'", '+', '$', '\\', '{', '}', '|', '\u0250', '\u1dff', '\u1f00', '–', '—', '“', '”', '‘', '’', '…',
  '°', '§', '\u05d0', '中', '。', '😀', '\ud83c', '\udde6', '🇻🇳', '\ud800', '\u0e01',
];

describe('word-breaks: the words of pdfmake’s splitWords', () => {
  it('for every text of the three example documents, most of them on the fast path', () => {
    let texts = 0;
    let fast = 0;
    for (const [kind, build] of DOCUMENTS) {
      for (const text of textNodes(build(exampleInput(kind), measureText).content)) {
        for (const item of Array.isArray(text) ? text : [text]) {
          const string = String(item && typeof item === 'object' ? (item as { text: unknown }).text : item);
          expectSameWords(string);
          texts++;
          if (string && fastWords(string)) {
            fast++;
            expect(fastWords(string)).toStrictEqual(pdfmakeSplitWords(string, false));
          }
        }
      }
    }
    expect(texts).toBeGreaterThan(150);
    expect(fast / texts).toBeGreaterThan(0.9);
  });

  it('for the edge cases', () => {
    for (const text of ['', ' ', '   ', ' a', '  a', 'a ', 'a  ', '  a  b  ', 'a  b', '\n', 'a\nb', 'a\r\nb', '\r\n', '\r', 'a\rb', 'a \n b', '\n\n', ' \n', 'a\n', 'a\r\n']) {
      expectSameWords(text);
      expectSameWords(text, true);
      expectSameWords(text, false, true);
    }
    for (const text of [undefined, null, 0, 415, 98.3, true]) expectSameWords(text);
    for (const noWrap of [true, 1, 'yes', 0, '', null, undefined]) expectSameWords('Đảng bộ tỉnh', noWrap);
    // The decisions of the rule, one by one.
    for (const text of ['a, b', 'a ,b', 'a , b', ', a', ' , a', '1 .2', 'CT/TW', '35-CT/TW', '30/5/2019', '98,3%', '( a', '(a) (b)', 'a (b)', ') (', '%%', '%(', '-%', '.(', 'a - b', 'a -b', 'x/ y', '[1] [2]', '2020-2025,']) {
      expect(fastWords(text), text).not.toBeNull();
      expectSameWords(text);
    }
  });

  it('for every string of up to 4 characters over one character of each fast class', () => {
    const alphabet = [...'a1 ,/-%()'];
    const strings = [''];
    for (let length = 1; length <= 4; length++) {
      for (const prefix of strings.filter((s) => s.length === length - 1)) for (const c of alphabet) strings.push(prefix + c);
    }
    for (const text of strings) expectSameWords(text);
  });

  it('for each character the table classifies, in contexts that tell its class', () => {
    const contexts = ['#', 'a#', '1#', ' #', 'a #', '# a', '#a', '#1', '#(', '/#', '-#', ',#', '% #', '( #', ') #', '#%', '#-'];
    for (let code = 0; code < 0x1f01; code++) {
      const c = String.fromCharCode(code);
      for (const context of contexts) expectSameWords(context.replace('#', c));
    }
  });

  it('for random strings over the fast alphabet and the characters just outside it', () => {
    const fastChar = fc.constantFrom(...FAST);
    const anyChar = fc.oneof({ weight: 6, arbitrary: fastChar }, { weight: 1, arbitrary: fc.constantFrom(...OUTSIDE) });
    fc.assert(fc.property(fc.array(fastChar, { maxLength: 40 }).map((a) => a.join('')), (text) => expectSameWords(text)), { numRuns: 5000 });
    fc.assert(fc.property(fc.array(anyChar, { maxLength: 40 }).map((a) => a.join('')), (text) => expectSameWords(text)), { numRuns: 5000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => expectSameWords(text)), { numRuns: 2000 });
  });
});

describe('the bridge’s TextBreaker#getBreaks: pdfmake’s', () => {
  const stack = () => new StyleContextStack({ tight: { noWrap: true }, all: { wordBreak: 'break-all' } }, {});
  const expectSameBreaks = (texts: unknown) =>
    expect(getBreaks(structuredClone(texts), stack() as never), JSON.stringify(texts)).toStrictEqual(new TextBreaker().getBreaks(structuredClone(texts), stack()));

  it('for every text node of the three example documents', () => {
    for (const [kind, build] of DOCUMENTS) for (const text of textNodes(build(exampleInput(kind), measureText).content)) expectSameBreaks(text);
  });

  it('for runs that join across their edges, with noWrap and break-all', () => {
    expectSameBreaks(['Căn cứ Chỉ thị số 35-CT/TW ngày ', { text: 'Ban Thường vụ', bold: true }, ' báo cáo', { text: '98,3', italics: true }, '% số phiếu.']);
    expectSameBreaks(['Đảng', 'bộ', { text: 'tỉnh', noWrap: true }, 'Quảng Ninh']);
    expectSameBreaks([{ text: 'Không xuống dòng', noWrap: true }, 'x', { text: 'dòng', style: 'tight' }, ' y']);
    expectSameBreaks([{ text: 'chia', style: 'all' }, 'hết', { text: '', style: 'all' }, 'ạ']);
    expectSameBreaks(['a\n', 'b', 'c\r\n', ' d', '', 'e']);
    expectSameBreaks('Một dòng\nhai dòng');
    expectSameBreaks([{ text: 'ref', _textRef: { _textNodeRef: { text: 'trang 3' } } }, 'tiếp']);
  });
});
