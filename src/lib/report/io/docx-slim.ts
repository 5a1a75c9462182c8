/**
 * A DOCX made safe and light before mammoth reads it.
 *
 * Safe: a DOCX is a zip, and a 1 MB one can hold a document.xml that
 * inflates to gigabytes, which mammoth would read whole (and the worker run
 * out of memory). So every XML part is inflated here under a budget enforced
 * while it inflates (DOCX_PART_BYTES each, DOCX_TOTAL_BYTES together), and the
 * other parts (images, fonts, embedded files: never read, since images are
 * not converted) are replaced by empty ones — mammoth only checks they exist.
 * Mammoth then gets an uncompressed zip of known size.
 *
 * Light: run and paragraph formatting (fonts, sizes, spacing: half of a
 * typical document.xml) and proofing and bookmark marks carry no text.
 * Dropping them halves mammoth's work and leaves the text and the tables —
 * cell merges (gridSpan, vMerge) are in the cell properties, which stay.
 */
import JSZip from 'jszip';
import { DOCX_PART_BYTES, DOCX_TOTAL_BYTES, fileName, LimitError, mib, ZIP_MAX_ENTRIES } from '../../limits/files';
import { archiveBudget, BudgetError, inflateText } from '../../limits/zip';

const NOISE = [
  /<w:rPr>[\s\S]*?<\/w:rPr>/g,
  /<w:pPr>[\s\S]*?<\/w:pPr>/g,
  /<w:(?:proofErr|bookmarkStart|bookmarkEnd|lastRenderedPageBreak)\b[^>]*\/>/g,
];

/** The parts mammoth reads: XML and relationships. */
const XML_PART = /\.(?:xml|rels)$/i;

/**
 * `source`: the file's name, for the reasons. Throws LimitError past a
 * budget; a zip that is not a Word document is rebuilt all the same, and
 * mammoth says what is missing.
 */
export async function slimDocx(bytes: Uint8Array, source = 'Word文件'): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const name = fileName(source);
  const entries = Object.values(zip.files).filter((f) => !f.dir);
  if (entries.length > ZIP_MAX_ENTRIES) {
    throw new LimitError(
      `Word文件“${name}”包含 ${entries.length} 个部件，超过上限 ${ZIP_MAX_ENTRIES} 个，不像是正常的文档，未读取`,
    );
  }
  const budget = archiveBudget(DOCX_TOTAL_BYTES, `Word文件“${name}”`);
  const out = new JSZip();
  for (const f of entries) {
    if (!XML_PART.test(f.name)) {
      out.file(f.name, new Uint8Array());
      continue;
    }
    const overTotal = budget.left < DOCX_PART_BYTES;
    let xml: string;
    try {
      xml = await inflateText(f, DOCX_PART_BYTES, budget);
    } catch (e) {
      if (!(e instanceof BudgetError)) throw e;
      throw new LimitError(
        overTotal
          ? `Word文件“${name}”的文字部分解压后总计超过 ${mib(DOCX_TOTAL_BYTES)}（读到“${f.name}”时），超出上限，未读取；正常报告的正文不到 1 MiB`
          : `Word文件“${name}”中的“${f.name}”解压后超过 ${mib(DOCX_PART_BYTES)}，超出单个部件的上限，未读取；正常报告的正文不到 1 MiB`,
      );
    }
    if (f.name === 'word/document.xml') for (const re of NOISE) xml = xml.replace(re, '');
    out.file(f.name, xml);
  }
  // Stored, not deflated: mammoth unzips it again at once.
  return out.generateAsync({ type: 'uint8array', compression: 'STORE' });
}
