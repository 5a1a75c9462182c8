/** Tiny real PDFs made byte by byte, for the cases no fixture covers. */

/** A valid PDF: one page, the given content stream, extra objects from 5 on. */
export function minimalPdf(content: string, extraObjects: string[] = [], resources = ''): Uint8Array {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R${resources ? ` /Resources ${resources}` : ''} >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    ...extraObjects,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/**
 * Chinese text in a font the PDF does not embed (STSong-Light, UniGB-UCS2-H),
 * as many government PDFs are made: readable only with pdfjs's CMaps.
 */
export function cjkNonEmbeddedPdf(lines: string[]): Uint8Array {
  const hex = (s: string) =>
    [...s]
      .map((c) => c.charCodeAt(0).toString(16).padStart(4, '0'))
      .join('')
      .toUpperCase();
  const content = lines.map((l, i) => `BT /F1 16 Tf 72 ${760 - i * 24} Td <${hex(l)}> Tj ET`).join('\n');
  return minimalPdf(
    content,
    [
      '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
      '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R >>',
      '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
    ],
    '<< /Font << /F1 5 0 R >> >>',
  );
}
