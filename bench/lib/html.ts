/**
 * The Chromium baseline's input: the report as a plain HTML page with the same text and the same
 * tables, walked from the very pdfmake definition our renderer lays out (text, stacks, columns,
 * tables, rules), styled with the same Noto Serif files, sizes and margins. Not reproduced: the
 * QR code (an empty box of its size) and the page numbers of pages 2+ (header callback).
 */
import { pathToFileURL } from 'node:url';
import type { FontStyle } from '#renderer/fonts.ts';

type Node = unknown;
type Obj = Record<string, unknown>;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function styleOf(o: Obj): string {
  const css: string[] = [];
  if (typeof o.fontSize === 'number') css.push(`font-size:${o.fontSize}pt`);
  if (o.bold === true) css.push('font-weight:700');
  if (o.bold === false) css.push('font-weight:400');
  if (o.italics === true) css.push('font-style:italic');
  if (typeof o.alignment === 'string') css.push(`text-align:${o.alignment}`);
  if (typeof o.lineHeight === 'number') css.push(`line-height:${o.lineHeight}`);
  if (typeof o.leadingIndent === 'number') css.push(`text-indent:${o.leadingIndent}pt`);
  if (o.decoration === 'underline') css.push('text-decoration:underline');
  if (o.noWrap === true) css.push('white-space:nowrap');
  if (Array.isArray(o.margin) && o.margin.length === 4) {
    const [l, t, r, b] = o.margin as number[];
    css.push(`margin:${t}pt ${r}pt ${b}pt ${l}pt`);
  }
  if (o.unbreakable === true) css.push('break-inside:avoid');
  return css.length ? ` style="${css.join(';')}"` : '';
}

function inline(node: Node): string {
  if (typeof node === 'string') return esc(node);
  if (typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(inline).join('');
  if (node && typeof node === 'object') {
    const o = node as Obj;
    return `<span${styleOf(o)}>${inline(o.text)}</span>`;
  }
  return '';
}

function block(node: Node): string {
  if (node === null || node === undefined) return '';
  if (typeof node === 'string' || typeof node === 'number') return `<div>${esc(String(node))}</div>`;
  if (Array.isArray(node)) return node.map(block).join('');
  const o = node as Obj;
  const style = styleOf(o);
  if ('text' in o) return `<div${style}>${inline(o.text)}</div>`;
  if ('stack' in o) return `<div${style}>${block(o.stack)}</div>`;
  if ('columns' in o) {
    const gap = typeof o.columnGap === 'number' ? o.columnGap : 0;
    const cols = (o.columns as Obj[])
      .map((c) => {
        const w = c.width;
        const flex = typeof w === 'number' ? `flex:0 0 ${w}pt` : w === 'auto' ? 'flex:0 0 auto' : 'flex:1 1 0';
        return `<div style="${flex};min-width:0">${block({ ...c, width: undefined })}</div>`;
      })
      .join('');
    return `<div${style}><div style="display:flex;column-gap:${gap}pt">${cols}</div></div>`;
  }
  if ('table' in o) {
    const table = o.table as { body: Node[][]; widths?: unknown[]; headerRows?: number };
    const headerRows = table.headerRows ?? 0;
    const row = (cells: Node[]) =>
      `<tr style="break-inside:avoid">${cells.map((c) => `<td>${block(c)}</td>`).join('')}</tr>`;
    const cols = (table.widths ?? []).map((w) => (typeof w === 'number' ? `<col style="width:${w}pt">` : '<col>')).join('');
    return (
      `<div${style}><table><colgroup>${cols}</colgroup>` +
      `<thead>${table.body.slice(0, headerRows).map(row).join('')}</thead>` +
      `<tbody>${table.body.slice(headerRows).map(row).join('')}</tbody></table></div>`
    );
  }
  if ('canvas' in o) {
    const line = (o.canvas as Obj[])[0] ?? {};
    const width = Number(line.x2 ?? 0) - Number(line.x1 ?? 0);
    return `<div${style}><div style="width:${width}pt;border-top:${Number(line.lineWidth ?? 0.5)}pt solid #000;margin:0 auto"></div></div>`;
  }
  if ('qr' in o) {
    const fit = typeof o.fit === 'number' ? o.fit : 60;
    return `<div style="width:${fit}pt;height:${fit}pt;border:1pt solid #000"></div>`;
  }
  return '';
}

export function reportHtml(
  definition: { content: Node; pageMargins?: unknown; defaultStyle?: Obj },
  fonts: Record<FontStyle, string>,
  copies = 1,
): string {
  const [l, t, r, b] = (definition.pageMargins as number[] | undefined) ?? [40, 40, 40, 40];
  const face = (style: FontStyle, weight: number, italic: boolean) =>
    `@font-face{font-family:NotoSerif;src:url("${pathToFileURL(fonts[style]).href}");font-weight:${weight};font-style:${italic ? 'italic' : 'normal'}}`;
  const d = definition.defaultStyle ?? {};
  const body = block(definition.content);
  const pages = Array.from({ length: copies }, (_, i) => `<section${i ? ' style="break-before:page"' : ''}>${body}</section>`);
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>report</title><style>
${face('normal', 400, false)}${face('bold', 700, false)}${face('italics', 400, true)}${face('bolditalics', 700, true)}
@page{size:A4;margin:${t}pt ${r}pt ${b}pt ${l}pt}
body{margin:0;font-family:NotoSerif;font-size:${Number(d.fontSize ?? 14)}pt;line-height:${Number(d.lineHeight ?? 1.2)}}
table{border-collapse:collapse;width:100%;table-layout:fixed}td{border:0.5pt solid #000;padding:1pt 3pt;vertical-align:top}
</style></head><body>${pages.join('')}</body></html>`;
}
