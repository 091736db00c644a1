/** The incremental writer on files pdfkit does not write: no /ID, an existing form and annotations, a multi-level page tree. */
import { describe, expect, it } from 'vitest';
import { PdfFile } from '#core/signing/pdf-file.ts';
import { prepareSignedPdf } from '#core/signing/pades.ts';
import { PdfSyntaxError } from '#core/signing/pdf-objects.ts';

/** A classic PDF from its objects, offsets computed. */
function pdfOf(objects: string[], trailerExtra = ''): Buffer {
  let out = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const facts = { signedAt: new Date('2020-06-06T00:00:00Z'), signerName: 'Văn phòng', reason: 'Ký', contentsBytes: 64 };

describe('prepareSignedPdf', () => {
  const file = pdfOf([
    '<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 3 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    '<< /Type /Pages /Parent 2 0 R /Kids [5 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 4 0 R /Annots 7 0 R /Note (a \\) (nested) string with >> in it) /MediaBox [0 0 595 842] >>',
    '<< /Fields [] /DA (/Helv 0 Tf 0 g) >>',
    '[8 0 R]',
    '<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] >>',
  ]);

  it('finds the last page down the tree, keeps its annotations and the form’s other entries, and gives the file an /ID', () => {
    const { pdf, byteRange } = prepareSignedPdf(file, facts);
    const update = Buffer.from(pdf).toString('latin1', file.length);
    expect(Buffer.from(pdf.subarray(0, file.length)).equals(file)).toBe(true);
    expect(update).toMatch(/^5 0 obj\n<<\/Type \/Page \/Parent 4 0 R \/Annots \[8 0 R 10 0 R\] \/Note \(a \\\) \(nested\) string with >> in it\) \/MediaBox \[0 0 595 842\]>>/m);
    expect(update).toContain('/AcroForm <</Fields [10 0 R] /DA (/Helv 0 Tf 0 g) /SigFlags 3>>');
    expect(update).toMatch(/\/ID \[<([0-9a-f]{32})> <\1>\]/);
    expect(update).toMatch(/\/Size 11 /);
    expect(byteRange[0]).toBe(0);
    expect(byteRange[2] + byteRange[3]).toBe(pdf.length);
    // The new file reads back: its newest catalog is the updated one.
    const again = new PdfFile(pdf);
    expect(again.dictAt(again.trailerRef('Root'), 'catalog').entries.get('AcroForm')?.kind).toBe('dict');
  });

  it('writes the signer as a UTF-16 text string and the time in Vietnam', () => {
    const update = Buffer.from(prepareSignedPdf(file, facts).pdf).toString('latin1', file.length);
    expect(update).toContain(`/Name <FEFF${Buffer.from('Văn phòng', 'utf16le').swap16().toString('hex').toUpperCase()}>`);
    expect(update).toContain("/M (D:20200606070000+07'00')");
  });

  it('refuses what it cannot read, plainly', () => {
    expect(() => prepareSignedPdf(Buffer.from('%PDF-1.7\nnot a pdf'), facts)).toThrow(PdfSyntaxError);
    const xrefStream = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /XRef >>\nstream\nendstream\nendobj\nstartxref\n9\n%%EOF\n', 'latin1');
    expect(() => prepareSignedPdf(xrefStream, facts)).toThrow(/only classic cross-reference tables/);
  });
});
