/**
 * Hostile inputs, made in the test from a few kilobytes — never committed:
 * zip bombs (entries that inflate to gigabytes from a small deflate stream),
 * a DOCX whose document.xml inflates to hundreds of megabytes, and PDFs whose
 * page tree lists one page object over and over.
 *
 * A big deflate stream is made without ever holding what it inflates to: a
 * chunk deflated with a full flush ends on a byte boundary and refers to
 * nothing before it, so the same compressed bytes can be repeated any number
 * of times, and a final empty block ends the stream. The CRC of the whole is
 * the chunk's CRC carried along (zlib.crc32 with a start value).
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface Deflated {
  /** Raw deflate data (zip method 8). */
  data: Buffer;
  /** Inflated size and CRC-32 of the inflated bytes. */
  size: number;
  crc: number;
}

/** `parts` one after the other, each chunk repeated `times`, as one raw deflate stream. */
export function deflateRepeated(parts: readonly { chunk: Uint8Array; times: number }[]): Deflated {
  const out: Buffer[] = [];
  let size = 0;
  let crc = 0;
  for (const { chunk, times } of parts) {
    const block = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
    for (let k = 0; k < times; k++) {
      out.push(block);
      crc = crc32(chunk, crc);
    }
    size += chunk.length * times;
  }
  out.push(Buffer.from([0x03, 0x00])); // a final, empty, fixed-Huffman block
  return { data: Buffer.concat(out), size, crc };
}

/** So many MiB of one byte, deflated (about 1 KB per MiB). */
export const bomb = (mib: number, byte = 0x20) =>
  deflateRepeated([{ chunk: new Uint8Array(2 ** 20).fill(byte), times: mib }]);

export type ZipEntry = { name: string } & ({ deflated: Deflated } | { stored: Uint8Array });

/** A zip archive of the entries (no zip64: each entry under 4 GiB), names in UTF-8. */
export function zipOf(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = 'deflated' in e ? 8 : 0;
    const data = 'deflated' in e ? e.deflated.data : Buffer.from(e.stored);
    const size = 'deflated' in e ? e.deflated.size : e.stored.length;
    const crc = 'deflated' in e ? e.deflated.crc : crc32(e.stored);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const DOCUMENT_START =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>';
const DOCUMENT_END = '</w:t></w:r></w:p></w:body></w:document>';

/** The parts every DOCX has besides its document: content types and the package relationship to word/document.xml. */
const DOCX_PARTS: ZipEntry[] = [
  {
    name: '[Content_Types].xml',
    stored: Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
  },
  {
    name: '_rels/.rels',
    stored: Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
  },
];

/**
 * A valid DOCX whose word/document.xml is one paragraph of `mib` MiB of
 * spaces (inflated), plus `extra` parts; about 1 KB per MiB on disk.
 */
export function docxBomb(mib: number, extra: ZipEntry[] = []): Buffer {
  const doc = deflateRepeated([
    { chunk: Buffer.from(DOCUMENT_START), times: 1 },
    { chunk: new Uint8Array(2 ** 20).fill(0x20), times: mib },
    { chunk: Buffer.from(DOCUMENT_END), times: 1 },
  ]);
  return zipOf([...DOCX_PARTS, { name: 'word/document.xml', deflated: doc }, ...extra]);
}

/** A small valid DOCX with `text` as its one paragraph, and `extra` parts. */
export function docxOf(text: string, extra: ZipEntry[] = []): Buffer {
  return zipOf([
    ...DOCX_PARTS,
    { name: 'word/document.xml', stored: Buffer.from(DOCUMENT_START + text + DOCUMENT_END) },
    ...extra,
  ]);
}

/** A PDF of the given objects (1: catalog), each `n 0 obj`, with its cross-reference table. */
export function pdfOf(objects: readonly string[]): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** One page drawing `content` (Helvetica as /F1), listed `times` times in the page tree — honestly counted unless `count` says otherwise. */
export function pageRepeatingPdf(
  times: number,
  content = 'BT /F1 12 Tf 72 720 Td (2023 annual report 1 2 3) Tj ET',
  count = times,
): Buffer {
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${Array(times).fill('3 0 R').join(' ')}] /Count ${count} >>`,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
}

/** A one-page PDF drawing `content`. */
export const onePagePdf = (content: string) => pageRepeatingPdf(1, content);
