/**
 * Saved web pages whose tables are pictures (issue 18), as county sites put
 * them: the report's text as HTML (from the source PDF's text lines), each
 * table replaced by an <img> of its web-150 picture (tests/fixtures/scans/
 * tables, reused so the folder stays small) where the table stood.
 *
 *   pages/NAME.page-folder.html + NAME.page-folder_files/   as Chrome/Edge save "网页，全部"
 *   pages/NAME.page-zip.zip      the same two in one .zip
 *   pages/NAME.page-data.html    the pictures as data: URIs inside the page
 *
 * Each page also shows a site logo from the web (never fetched: the reader says it was not in the file).
 */
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { fromRepo, SCANS_DIR, type Crop, type ImageEntry, type PageEntry, type TableId } from './manifest';
import type { TextPage } from './poppler';

const TABLES: TableId[] = ['active', 'requests', 'review'];
/** Which reports get which form: every report as a folder, one as a .zip, one with data: URIs. */
export const PAGE_FORMS: Record<PageEntry['form'], string[]> = {
  folder: ['huaian-city-2024', 'huaian-hongze-2024', 'shanghai-office-2019'],
  zip: ['huaian-hongze-2024'],
  data: ['shanghai-office-2019'],
};
const LOGO = 'http://www.example.gov.cn/images/logo.png';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const inside = (c: Crop, page: number, l: { x0: number; y0: number; x1: number; y1: number }) =>
  c.page === page &&
  (l.y0 + l.y1) / 2 >= c.box[1] &&
  (l.y0 + l.y1) / 2 <= c.box[3] &&
  (l.x0 + l.x1) / 2 >= c.box[0] &&
  (l.x0 + l.x1) / 2 <= c.box[2];

/** The page: the PDF's text lines as paragraphs, each table's lines replaced by `<img src=srcs[table]>`. */
export function pageHtml(text: TextPage[], crops: Record<TableId, Crop[]>, srcs: Record<TableId, string>): string {
  const body: string[] = [`<p class="logo"><img src="${LOGO}" width="200" height="60" alt="政府网站"></p>`];
  const placed = new Set<TableId>();
  let title = '';
  text.forEach((page, i) => {
    for (const l of page.lines) {
      const t = TABLES.find((k) => crops[k].some((c) => inside(c, i + 1, l)));
      if (t) {
        if (!placed.has(t)) body.push(`<p style="text-align:center"><img src="${srcs[t]}" alt="表格"></p>`);
        placed.add(t);
        continue;
      }
      if (!l.text.trim()) continue;
      title ||= l.text;
      body.push(`<p>${escapeHtml(l.text)}</p>`);
    }
  });
  return (
    `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n` +
    `<body><div class="article">\n${body.join('\n')}\n</div></body></html>\n`
  );
}

const dataUri = (png: Uint8Array) => `data:image/png;base64,${Buffer.from(png).toString('base64')}`;

/**
 * The page renditions of one report; `write` puts a file (relative to the repo root) and returns its size.
 * `pictures` are the report's web-150 table entries.
 */
export async function makePages(
  report: string,
  common: { source: string; expected: string },
  text: TextPage[],
  crops: Record<TableId, Crop[]>,
  pictures: ImageEntry[],
  write: (rel: string, bytes: Uint8Array) => number,
): Promise<PageEntry[]> {
  const png = Object.fromEntries(
    TABLES.map((t) => {
      const e = pictures.find((p) => p.table === t && p.rendition === 'web-150');
      if (!e) throw new Error(`no web-150 picture of ${report}'s ${t}`);
      return [t, new Uint8Array(readFileSync(fromRepo(e.file)))];
    }),
  ) as Record<TableId, Uint8Array>;
  const entries: PageEntry[] = [];
  const base = { report, ...common, dpi: 150, degradation: pictures[0].degradation };
  const utf8 = (s: string) => new TextEncoder().encode(s);
  // Chrome names the folder after the page and its pictures image001.png…
  const folderFiles = (stem: string) =>
    Object.fromEntries(TABLES.map((t, i) => [t, `${stem}_files/image00${i + 1}.png`])) as Record<TableId, string>;

  for (const form of ['folder', 'zip', 'data'] as const) {
    if (!PAGE_FORMS[form].includes(report)) continue;
    const stem = `${report}.page-${form}`;
    const dir = `${SCANS_DIR}/pages`;
    const entry = { kind: 'page' as const, ...base, rendition: `page-${form}`, form };
    if (form === 'data') {
      const file = `${dir}/${stem}.html`;
      const html = pageHtml(text, crops, {
        active: dataUri(png.active),
        requests: dataUri(png.requests),
        review: dataUri(png.review),
      });
      entries.push({ ...entry, file, bytes: write(file, utf8(html)), pictures: [] });
      continue;
    }
    const srcs = folderFiles(stem);
    const html = utf8(pageHtml(text, crops, srcs));
    if (form === 'folder') {
      const file = `${dir}/${stem}.html`;
      const pics = TABLES.map((t) => `${dir}/${srcs[t]}`);
      TABLES.forEach((t, i) => write(pics[i], png[t]));
      entries.push({ ...entry, file, bytes: write(file, html), pictures: pics });
      continue;
    }
    // The zip: the page and its folder at the top, as "发送到 → 压缩文件" makes it.
    const zip = new JSZip();
    const date = new Date('2025-01-01T00:00:00Z');
    zip.file(`${stem}.html`, html, { date });
    for (const t of TABLES) zip.file(srcs[t], png[t], { date });
    const file = `${dir}/${stem}.zip`;
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    entries.push({ ...entry, file, bytes: write(file, bytes), pictures: TABLES.map((t) => srcs[t]) });
  }
  return entries;
}
