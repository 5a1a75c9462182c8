/**
 * A .docx read back as Word reads it: JSZip opens the package, word/document.xml gives the paragraphs
 * (the text of each <w:p>, entities decoded) and the tables (rows of cell texts), word/media the images.
 */
import JSZip from 'jszip';

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
/** The text of an XML fragment: its <w:t> runs joined. */
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1])).join('');

export interface DocxRead {
  files: string[];
  xml: string;
  /** Every paragraph outside tables, in order. */
  paragraphs: string[];
  /** Every table: its rows, each a list of cell texts. */
  tables: string[][][];
  /** word/media/* by name. */
  media: Map<string, Uint8Array>;
  /** Paragraph styles in order (Title, Heading1 …), aligned with `paragraphs`. */
  styles: (string | null)[];
}

export async function readDocx(bytes: Uint8Array): Promise<DocxRead> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...t[1].matchAll(/<w:tr[\s>][\s\S]*?<\/w:tr>/g)].map((r) =>
      [...r[0].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => textOf(c[1])),
    ),
  );
  const body = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  const ps = [...body.matchAll(/<w:p[\s>][\s\S]*?<\/w:p>/g)].map((m) => m[0]);
  const media = new Map<string, Uint8Array>();
  for (const name of Object.keys(zip.files).filter((n) => n.startsWith('word/media/')))
    media.set(name, await zip.file(name)!.async('uint8array'));
  return {
    files: Object.keys(zip.files),
    xml,
    paragraphs: ps.map(textOf),
    styles: ps.map((p) => /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? null),
    tables,
    media,
  };
}
