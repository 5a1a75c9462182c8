/**
 * Make a DOCX lighter before mammoth reads it: run and paragraph formatting
 * (fonts, sizes, spacing: half of a typical document.xml) and proofing and
 * bookmark marks carry no text. Dropping them halves mammoth's work and
 * leaves the text and the tables — cell merges (gridSpan, vMerge) are in the
 * cell properties, which stay.
 */
import JSZip from 'jszip';

const NOISE = [
  /<w:rPr>[\s\S]*?<\/w:rPr>/g,
  /<w:pPr>[\s\S]*?<\/w:pPr>/g,
  /<w:(?:proofErr|bookmarkStart|bookmarkEnd|lastRenderedPageBreak)\b[^>]*\/>/g,
];

export async function slimDocx(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const doc = zip.file('word/document.xml');
  if (!doc) return bytes; // not a Word document: let mammoth say so
  let xml = await doc.async('string');
  for (const re of NOISE) xml = xml.replace(re, '');
  zip.file('word/document.xml', xml);
  // Stored, not deflated: mammoth unzips it again at once.
  return zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
}
