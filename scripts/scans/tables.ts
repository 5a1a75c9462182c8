/**
 * Where the three tables of a report lie: between the section headings
 * 二、主动公开… 三、收到和处理… 四、…行政复议… and 五、 (found in the source
 * PDF's text), narrowed to the extent of the ruling lines drawn there (found
 * in a 100 dpi raster). A table that runs over a page break gives one crop
 * per page.
 */
import type { Crop, TableId } from './manifest';
import { renderPage, type TextPage } from './poppler';

/** Section headings in order; the row labels inside 表三 (二、上年结转…, 三、本年度办理结果) do not match these. */
const HEADINGS: [key: TableId | 'end', re: RegExp][] = [
  ['active', /^二、.*主动公开/],
  ['requests', /^三、.*(收到和处理|依申请)/],
  ['review', /^四、.*(行政复议|行政诉讼)/],
  ['end', /^[五六]、/],
];

interface Mark {
  page: number;
  y0: number;
  y1: number;
}

function findHeadings(pages: TextPage[]): Map<TableId | 'end', Mark> {
  const out = new Map<TableId | 'end', Mark>();
  let page = 0;
  let y = -1;
  for (const [key, re] of HEADINGS) {
    // Each heading is searched after the one before, so a narrative "二、" on page 1 is not taken for it.
    search: for (let p = page; p < pages.length; p++) {
      for (const l of pages[p].lines) {
        if (p === page && l.y0 <= y) continue;
        if (re.test(l.text.replace(/\s+/g, ''))) {
          out.set(key, { page: p, y0: l.y0, y1: l.y1 });
          page = p;
          y = l.y0;
          break search;
        }
      }
    }
    if (!out.has(key) && key !== 'end') throw new Error(`no heading for table ${key}`);
  }
  return out;
}

const PROBE_DPI = 100;
/** White kept around a table's grid, in points (0.12 in). */
const MARGIN_PT = 8.64;
/** A ruling line is a run of dark pixels at least this long (text strokes are shorter than a character, ~0.15 in). */
const MIN_RUN_IN = 0.4;

/** The box (points) of the long horizontal and vertical dark runs inside rows y0..y1 (points) of the page, or null. */
async function ruledBox(pdf: string, page: number, y0: number, y1: number): Promise<Crop['box'] | null> {
  const g = await renderPage(pdf, page, PROBE_DPI);
  const k = PROBE_DPI / 72;
  const r0 = Math.max(0, Math.floor(y0 * k));
  const r1 = Math.min(g.height, Math.ceil(y1 * k));
  const minRun = MIN_RUN_IN * PROBE_DPI;
  const dark = (x: number, y: number) => g.data[y * g.width + x] < 180;
  let bx0 = Infinity,
    by0 = Infinity,
    bx1 = -Infinity,
    by1 = -Infinity;
  const take = (xa: number, ya: number, xb: number, yb: number) => {
    bx0 = Math.min(bx0, xa);
    by0 = Math.min(by0, ya);
    bx1 = Math.max(bx1, xb);
    by1 = Math.max(by1, yb);
  };
  for (let y = r0; y < r1; y++) {
    let run = 0;
    for (let x = 0; x <= g.width; x++) {
      if (x < g.width && dark(x, y)) run++;
      else {
        if (run >= minRun) take(x - run, y, x - 1, y);
        run = 0;
      }
    }
  }
  for (let x = 0; x < g.width; x++) {
    let run = 0;
    for (let y = r0; y <= r1; y++) {
      if (y < r1 && dark(x, y)) run++;
      else {
        if (run >= minRun) take(x, y - run, x, y - 1);
        run = 0;
      }
    }
  }
  if (!Number.isFinite(bx0)) return null;
  return [bx0 / k, by0 / k, (bx1 + 1) / k, (by1 + 1) / k];
}

/**
 * The crop around a table's ruling lines: a white margin, cut short where it
 * would take in part of a line of text outside the grid (a page footer, the
 * next paragraph), and on the table's first page grown to take in the lines
 * between the heading and the grid (captions such as 第二十条第（一）项 or
 * 单位：万元, which the table needs). Stays within y0..y1.
 */
function withMargin(rules: Crop['box'], page: TextPage, y0: number, y1: number, first: boolean): Crop['box'] {
  const [rx0, ry0, rx1, ry1] = rules;
  let [bx0, by0, bx1, by1] = [rx0 - MARGIN_PT, ry0 - MARGIN_PT, rx1 + MARGIN_PT, ry1 + MARGIN_PT];
  const pad = 2;
  for (const l of page.lines) {
    if (l.y0 < y0 - pad || l.y1 > y1 + pad) continue;
    if (l.y1 <= ry0 + pad) {
      if (first) {
        by0 = Math.min(by0, l.y0 - pad);
        bx0 = Math.min(bx0, l.x0 - pad);
        bx1 = Math.max(bx1, l.x1 + pad);
      } else if (l.y1 > by0) by0 = Math.min(ry0 - 1, l.y1 + 1);
    } else if (l.y0 >= ry1 - pad && l.y0 < by1) by1 = Math.max(ry1 + 1, l.y0 - 1);
  }
  const r = (v: number) => Math.round(v * 10) / 10;
  return [r(Math.max(0, bx0)), r(Math.max(y0, by0)), r(Math.min(page.width, bx1)), r(Math.min(y1, by1))];
}

/** The crops of each table, pages 1-based, boxes in points with a white margin around the ruling lines. */
export async function locateTables(pdf: string, pages: TextPage[]): Promise<Record<TableId, Crop[]>> {
  const marks = findHeadings(pages);
  const order: TableId[] = ['active', 'requests', 'review'];
  const out = {} as Record<TableId, Crop[]>;
  for (const [i, id] of order.entries()) {
    const from = marks.get(id)!;
    // The last table ends at 五、 or, if the report has none, at the end of the next page.
    const to =
      marks.get(order[i + 1] ?? 'end') ??
      ({ page: Math.min(from.page + 1, pages.length - 1), y0: Infinity, y1: Infinity } as Mark);
    const crops: Crop[] = [];
    for (let p = from.page; p <= to.page; p++) {
      const y0 = p === from.page ? from.y1 + 1 : 0;
      const y1 = p === to.page ? Math.min(to.y0 - 1, pages[p].height) : pages[p].height;
      if (y1 <= y0) continue;
      const box = await ruledBox(pdf, p + 1, y0, y1);
      if (box) crops.push({ page: p + 1, box: withMargin(box, pages[p], y0, y1, !crops.length) });
    }
    if (!crops.length) throw new Error(`no ruling lines found for table ${id} in ${pdf}`);
    out[id] = crops;
  }
  return out;
}
