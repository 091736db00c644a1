import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_FONT_FAMILY, renderDocument } from '#renderer/render-document.ts';
import { SRGB_ICC_PROFILE } from '#renderer/srgb-profile.ts';
import { renderPdf } from '#templates/render.ts';
import { fontDescriptors } from '../support/pdf-reader.ts';
import { exampleInput } from '../templates/fixtures.ts';

/**
 * PDF/A-2b, read from the files themselves (no validator such as veraPDF can be installed here:
 * README "PDF/A" says what is and is not checked). Each property is read from the bytes: the
 * header, the trailer's /ID, the catalog's Metadata and OutputIntents, the XMP packet as pdf.js
 * parses it against the Info dictionary, the ICC profile, the fonts, and what PDF/A forbids.
 */

/** An indirect object of the file: its dictionary text and, for a stream, its decoded bytes. */
function object(raw: Buffer, id: number): { dictionary: string; stream?: Buffer } {
  const text = raw.toString('latin1');
  const start = text.search(new RegExp(`(^|\\n)${id} 0 obj\\n`));
  expect(start, `object ${id}`).toBeGreaterThanOrEqual(0);
  const body = text.slice(start).replace(/^\n/, '');
  const dictionary = body.slice(0, body.indexOf('>>\n') + 2);
  const streamAt = body.indexOf('\nstream\n');
  const endAt = body.indexOf('endobj');
  if (streamAt < 0 || streamAt > endAt) return { dictionary };
  const length = Number(/\/Length (\d+)/.exec(dictionary)![1]);
  const offset = start + (text[start] === '\n' ? 1 : 0) + streamAt + '\nstream\n'.length;
  const bytes = raw.subarray(offset, offset + length);
  return { dictionary, stream: /\/Filter \/FlateDecode/.test(dictionary) ? inflateSync(bytes) : bytes };
}

function reference(dictionary: string, key: string): number {
  const match = new RegExp(`/${key} (?:\\[)?(\\d+) 0 R`).exec(dictionary);
  expect(match, `${key} in ${dictionary}`).not.toBeNull();
  return Number(match![1]);
}

type Facts = { raw: Buffer; catalog: string; trailer: string; xmp: string; info: Record<string, unknown>; metadata: Map<string, unknown> };

async function facts(pdf: Buffer): Promise<Facts> {
  const raw = Buffer.from(pdf);
  const text = raw.toString('latin1');
  const trailer = text.slice(text.lastIndexOf('trailer'));
  const catalog = object(raw, reference(trailer, 'Root')).dictionary;
  const xmp = object(raw, reference(catalog, 'Metadata')).stream!.toString('utf8');
  const document = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true, useSystemFonts: false }).promise;
  const { info, metadata } = await document.getMetadata();
  const all = new Map<string, unknown>(metadata ? [...(metadata as unknown as Iterable<[string, unknown]>)] : []);
  await document.destroy();
  return { raw, catalog, trailer, xmp, info: info as Record<string, unknown>, metadata: all };
}

const rendered = {} as Record<'report' | 'draft', Facts>;

beforeAll(async () => {
  const input = exampleInput('report');
  rendered.report = await facts((await renderPdf(input)).pdf);
  rendered.draft = await facts((await renderPdf({ ...input, draft: true })).pdf);
});

describe.each(['report', 'draft'] as const)('PDF/A-2b: the %s', (kind) => {
  it('is PDF 1.7 with a binary comment line, and a file /ID in its trailer (two equal halves)', () => {
    const { raw, trailer } = rendered[kind];
    expect(raw.subarray(0, 9).toString('latin1')).toBe('%PDF-1.7\n');
    expect([...raw.subarray(10, 14)].every((byte) => byte > 127)).toBe(true);
    const id = /\/ID \[<([0-9a-f]{32})> <([0-9a-f]{32})>\]/.exec(trailer);
    expect(id).not.toBeNull();
    expect(id![1]).toBe(id![2]);
    // A classic cross-reference table that an incremental update (a signature) can extend.
    expect(raw.toString('latin1')).toMatch(/\nxref\n0 \d+\n0000000000 65535 f \n/);
  });

  it('says PDF/A-2b in its XMP, which pdf.js reads in agreement with the Info dictionary', () => {
    const { metadata, info, xmp } = rendered[kind];
    expect(metadata.get('pdfaid:part')).toBe('2');
    expect(metadata.get('pdfaid:conformance')).toBe('B');
    expect(metadata.get('dc:title')).toBe(info.Title);
    expect(metadata.get('dc:creator')).toEqual([info.Author]);
    expect(metadata.get('dc:description')).toBe(info.Subject);
    expect(metadata.get('pdf:keywords')).toBe(info.Keywords);
    expect(metadata.get('pdf:producer')).toBe(info.Producer);
    expect(metadata.get('xmp:creatortool')).toBe(info.Creator);
    // 2020-06-06 00:00 in Hà Nội, in both places.
    expect(info.CreationDate).toBe('D:20200605170000Z');
    expect(info.ModDate).toBe('D:20200605170000Z');
    expect(xmp).toContain('<xmp:CreateDate>2020-06-05T17:00:00Z</xmp:CreateDate>');
    expect(xmp).toContain('<xmp:ModifyDate>2020-06-05T17:00:00Z</xmp:ModifyDate>');
    expect(xmp.startsWith('<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>')).toBe(true);
  });

  it('has an uncompressed metadata stream and an sRGB OutputIntent carrying the ICC profile', () => {
    const { raw, catalog } = rendered[kind];
    const metadata = object(raw, reference(catalog, 'Metadata')).dictionary;
    expect(metadata).toMatch(/\/Type \/Metadata\n\/Subtype \/XML/);
    expect(metadata).not.toContain('/Filter');
    const intent = object(raw, reference(catalog, 'OutputIntents')).dictionary;
    expect(intent).toContain('/S /GTS_PDFA1');
    expect(intent).toContain('/OutputConditionIdentifier (sRGB IEC61966-2.1)');
    const profile = object(raw, reference(intent, 'DestOutputProfile'));
    expect(profile.dictionary).toContain('/N 3');
    expect(profile.stream!.equals(SRGB_ICC_PROFILE)).toBe(true);
  });

  it('embeds every font and holds nothing PDF/A forbids', () => {
    const { raw } = rendered[kind];
    const { descriptors, embedded } = fontDescriptors(raw);
    expect(descriptors).toBeGreaterThanOrEqual(2);
    expect(embedded).toBe(descriptors);
    const text = raw.toString('latin1');
    for (const forbidden of ['/Encrypt', '/JavaScript', '/JS ', '/OpenAction', '/AA ', '/Launch', '/EmbeddedFile', '/Annots', '/Type1 ']) {
      expect(text, forbidden).not.toContain(forbidden);
    }
    // Opacity, when set at all, is 1: no transparency.
    for (const opacity of text.match(/\/(?:CA|ca) [\d.]+/g) ?? []) expect(opacity).toMatch(/ 1$/);
  });
});

describe('PDF/A-2b metadata', () => {
  it('escapes what XML must escape, so that the packet stays well-formed', async () => {
    const title = 'Báo cáo <số 1> & "tổng hợp"';
    const { pdf } = await renderDocument({
      info: { Title: title, Author: 'A & B', CreationDate: new Date(0), ModDate: new Date(0) },
      defaultStyle: { font: ENGINE_FONT_FAMILY },
      content: ['x'],
    });
    const { metadata, xmp } = await facts(pdf);
    expect(xmp).toContain('Báo cáo &lt;số 1&gt; &amp; &quot;tổng hợp&quot;');
    expect(metadata.get('dc:title')).toBe(title);
    expect(metadata.get('dc:creator')).toEqual(['A & B']);
  });

  it('carries pdfkit’s own sRGB profile, byte for byte (srgb-profile.ts is generated from it)', () => {
    const pdfkitFolder = createRequire(import.meta.url).resolve('pdfkit').replace(/[^/\\]+$/, '');
    expect(SRGB_ICC_PROFILE.equals(readFileSync(`${pdfkitFolder}data/sRGB_IEC61966_2_1.icc`))).toBe(true);
  });
});
