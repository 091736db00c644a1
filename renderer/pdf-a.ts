/**
 * PDF/A-2b (ISO 19005-2, level B): what the engine adds to every document beyond plain PDF 1.7.
 * pdf-internals.ts writes these objects in place of pdfkit's own metadata:
 *
 * - the XMP packet below: `pdfaid` part 2 conformance B, and each Info entry's XMP twin with the
 *   same value (Title → dc:title, Author → dc:creator, Subject → dc:description, Keywords →
 *   pdf:Keywords, Producer → pdf:Producer, Creator → xmp:CreatorTool, the dates → xmp:CreateDate,
 *   xmp:ModifyDate), written uncompressed. pdfkit's own `subset: 'PDF/A-2b'` writes no
 *   ModifyDate, does not escape `&` or `<` in a title, and reads its ICC file from its folder,
 *   which a bundle does not have: hence this module;
 * - an sRGB OutputIntent with the ICC profile of srgb-profile.ts (the only colours are DeviceRGB).
 *
 * Everything else PDF/A-2b asks for is what the engine writes anyway: every font embedded (as
 * TrueType subsets with ToUnicode maps), a file /ID in the trailer, no encryption, no JavaScript,
 * no transparency groups (opacity is never below 1), no annotations.
 */

/**
 * The PDF Info dictionary, written as given (pdfkit writes it and derives the file /ID from it:
 * no randomness); each entry has its XMP twin below.
 */
export type PdfInfo = {
  Title?: string;
  Author?: string;
  Subject?: string;
  Keywords?: string;
  Creator?: string;
  Producer?: string;
  CreationDate: Date;
  ModDate: Date;
};

export const PDF_A = { part: 2, conformance: 'B' } as const;

/** The OutputIntent's names of its profile (ISO 19005-2, 6.2.3). */
export const SRGB_OUTPUT_CONDITION = 'sRGB IEC61966-2.1';

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function xml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => XML_ESCAPES[c]!);
}

/** The instant as XMP writes it, in UTC like pdfkit's Info dates (`D:…Z`), to the second. */
function xmpDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The XMP packet of a document: UTF-8 text, the same for the same Info (no time, no random id). */
export function xmpPacket(info: PdfInfo): string {
  const optional = (value: string | undefined, element: (value: string) => string) => (value ? element(xml(value)) : '');
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
    `<pdfaid:part>${PDF_A.part}</pdfaid:part>`,
    `<pdfaid:conformance>${PDF_A.conformance}</pdfaid:conformance>`,
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `<xmp:CreateDate>${xmpDate(info.CreationDate)}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${xmpDate(info.ModDate)}</xmp:ModifyDate>`,
    optional(info.Creator, (v) => `<xmp:CreatorTool>${v}</xmp:CreatorTool>`),
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<dc:format>application/pdf</dc:format>',
    optional(info.Title, (v) => `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${v}</rdf:li></rdf:Alt></dc:title>`),
    optional(info.Author, (v) => `<dc:creator><rdf:Seq><rdf:li>${v}</rdf:li></rdf:Seq></dc:creator>`),
    optional(info.Subject, (v) => `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${v}</rdf:li></rdf:Alt></dc:description>`),
    '</rdf:Description>',
    '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    optional(info.Producer, (v) => `<pdf:Producer>${v}</pdf:Producer>`),
    optional(info.Keywords, (v) => `<pdf:Keywords>${v}</pdf:Keywords>`),
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="r"?>',
  ]
    .filter(Boolean)
    .join('\n');
}
