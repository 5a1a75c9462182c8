/**
 * 排名 for a 通报, in Debian's Chromium on the production build: the ranked chart (one mark per line of the
 * table, in its order, the indicator and direction in its title), its PNG, the CSV that records level, year,
 * order, weights and directions, the page on paper (chart and table, no controls, names readable), 单位画像 on
 * paper (no page holding only the citation), and 生成通报: the .docx the browser writes, read back part by part
 * — on the embedded reports, from 数据质量, and on a synthetic set under 模拟数据.
 * Screenshots and PDFs go to tests/output/screenshots/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { dbQuery, download, exportsIn, SHOTS, useApp } from '../support/app';
import { readDocx, type DocxRead } from '../support/docx';
import { ownSynthetic } from '../support/synthetic';

const set = ownSynthetic();

/** The paragraphs from a heading up to the next heading. */
function section(doc: DocxRead, heading: string): string[] {
  const i = doc.paragraphs.indexOf(heading);
  expect(i, heading).toBeGreaterThan(-1);
  const next = doc.styles.findIndex((s, j) => j > i && s === 'Heading1');
  return doc.paragraphs.slice(i + 1, next === -1 ? undefined : next);
}
/** A PNG's size from its IHDR. */
const pngSize = (b: Uint8Array) => {
  expect([...b.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  const v = new DataView(b.buffer, b.byteOffset);
  return { width: v.getUint32(16), height: v.getUint32(20) };
};
/** Each page's text of a PDF, with pdf.js (the reader the app parses reports with). */
async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  const out: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const c = await (await doc.getPage(n)).getTextContent();
    out.push((c.items as { str?: string }[]).map((i) => i.str ?? '').join(''));
  }
  await doc.destroy();
  return out;
}
/** The table's lines (report ids) and the chart's marks, in order. */
const tableIds = (page: Page) =>
  page.locator('table.data tbody tr[data-report]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-report')!));
const markIds = (page: Page) =>
  page
    .locator('[data-ranking-chart] [data-rank-mark]')
    .evaluateAll((ms) => ms.map((m) => m.getAttribute('data-rank-mark')!));
const chartTitle = (page: Page) =>
  page
    .locator('[data-ranking-chart] svg [data-role="title"]')
    .allTextContents()
    .then((x) => x.join(''));

async function generate(page: Page): Promise<{ name: string; doc: DocxRead; bytes: Buffer }> {
  const button = page.locator('[data-briefing-generate]');
  await expect.poll(() => button.isEnabled(), { timeout: 60_000 }).toBe(true);
  const d = await download(page, () => button.click(), 60_000);
  expect(d.name.endsWith('.docx')).toBe(true);
  expect(d.bytes.subarray(0, 2).toString()).toBe('PK');
  writeFileSync(join(SHOTS, d.name), d.bytes);
  return { name: d.name, doc: await readDocx(new Uint8Array(d.bytes)), bytes: d.bytes };
}

/** What every 通报 holds: its five parts, the ranked table as the page ranks, each own problem, one PNG. */
async function checkBriefing(page: Page, doc: DocxRead, level: string, year: number, ids: string[]) {
  for (const h of ['一、基本情况', '二、排名', '三、报告本身的问题', '四、逾期发布', '五、口径与来源'])
    expect(doc.styles[doc.paragraphs.indexOf(h)], h).toBe('Heading1');
  const sq = (s: string) => s.replace(/'/g, "''");
  const where = `r.level = '${sq(level)}' AND r.year = ${year}`;
  const [c] = await dbQuery<{ n: number }>(page, `SELECT count(*)::INT AS n FROM reports r WHERE ${where}`);
  expect(section(doc, '一、基本情况')[0]).toContain(`共 ${c.n} 份`);
  // The ranked table: every report of the level and year, in the order of the page.
  const names = await dbQuery<{ report_id: string; agency: string }>(
    page,
    `SELECT report_id, agency FROM reports r WHERE ${where}`,
  );
  const agency = new Map(names.map((r) => [r.report_id, r.agency]));
  expect(doc.tables[0].slice(1).map((r) => r[1])).toEqual(ids.map((id) => agency.get(id)));
  // Each of the reports' own problems, in words; the reader's never.
  const own = await dbQuery<{ message: string }>(
    page,
    `SELECT f.message FROM findings f JOIN reports r USING (report_id) WHERE ${where} AND f.origin = 'report'`,
  );
  const problems = section(doc, '三、报告本身的问题');
  expect(problems.filter((x) => /^\[(错误|警告|提示)\] /.test(x))).toHaveLength(own.length);
  for (const f of own)
    expect(
      problems.some((x) => x.endsWith(`：${f.message}`)),
      f.message,
    ).toBe(true);
  // The chart as the one image, a real PNG.
  const media = [...doc.media.entries()];
  expect(media).toHaveLength(1);
  expect(media[0][0]).toMatch(/\.png$/);
  expect(pngSize(media[0][1]).width).toBeGreaterThan(600);
  const notes = section(doc, '五、口径与来源').join('\n');
  expect(notes).toContain('综合得分 ＝ Σ');
  expect(notes).toContain('数据来源：各单位政府信息公开工作年度报告');
  return { notes, reports: c.n };
}

describe('排名 for a 通报 (Chromium, production build)', () => {
  afterAll(() => set.remove());
  // Served with a synthetic set of its own beside the build (the demo in build/synthetic stays for the other tests).
  const app = useApp(() => ({
    root: set.served(),
    needs: 'ranking.html',
    handle: true,
    viewport: { width: 1440, height: 900 },
  }));

  it(
    'draws every line, exports the choices, prints without controls, writes the 通报',
    { timeout: 240_000 },
    async () => {
      const page = await app.newPage();
      await page.goto(`${app.origin}/ranking?level=${encodeURIComponent('县')}&year=2021&sort=disclosure_rate&dir=asc`);
      await page.locator('table.data[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
      await page.locator('[data-ranking-chart] svg').waitFor();

      // One mark per line, in the table's order; the indicator and the direction in the title; n and 口径.
      const ids = await tableIds(page);
      expect(ids.length).toBe(2);
      expect(await markIds(page)).toEqual(ids);
      expect(await chartTitle(page)).toBe('县 · 2021 年度：按“公开率”排名（从低到高）');
      const n = await page.locator('[data-ranking-chart] svg [data-role="n"]').allTextContents();
      expect(n.join('')).toContain('n = 2 份报告');
      expect(await page.locator('[data-ranking-chart] svg .footer').textContent()).toContain('口径：');
      // Each dot at the rate the table shows.
      const rates = await page
        .locator('table.data tbody td[data-metric="disclosure_rate"]')
        .evaluateAll((tds) => tds.map((td) => td.firstChild?.textContent?.trim()));
      const dots = await page
        .locator('[data-ranking-chart] circle[data-rank-mark]')
        .evaluateAll((cs) => cs.map((c) => `${(Number(c.getAttribute('data-value')) * 100).toFixed(1)}%`));
      expect(dots).toEqual(rates);
      await page.screenshot({ path: join(SHOTS, 'briefing-ranking.png'), fullPage: true });
      await page.locator('[data-ranking-chart]').screenshot({ path: join(SHOTS, 'briefing-ranking-chart.png') });

      // The chart exports as PNG like every chart.
      const png = await download(page, () => page.locator('[data-ranking-chart] [data-chart-export="png"]').click());
      expect(png.name).toMatch(/\.png$/);
      expect(pngSize(new Uint8Array(png.bytes)).width).toBeGreaterThan(600);

      // The CSV records level, year, the order and the weights and directions; the XLSX note says them too.
      const { csv, xlsx } = await exportsIn(page, page.locator('.table-export'));
      const [head, ...lines] = csv
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      expect(head.startsWith('层级,年度,名次（按“公开率”从低到高）,单位')).toBe(true);
      expect(head).toContain('公开率（权重 1，越高越好）');
      expect(head).toContain('本年新收申请（权重 0，不参与）');
      expect(lines).toHaveLength(2);
      for (const l of lines) expect(l.startsWith('县,2021,')).toBe(true);
      const sheet = xlsx.worksheets[0];
      const note = String(sheet.getRow(sheet.rowCount).getCell(1).value);
      expect(note).toContain('按“公开率”从低到高排列；权重与方向：');

      // 生成通报: the page's scope, order and chart.
      const { name, doc } = await generate(page);
      expect(name).toBe('通报_县_2021.docx');
      expect(doc.paragraphs[0]).toBe('2021年度县政府信息公开工作年度报告情况通报');
      expect(section(doc, '二、排名')[0]).toContain('按“公开率”从低到高排列');
      expect(doc.tables[0][0]).toEqual(['名次', '单位', '地区', '公开率', 'n', '小样本']);
      expect(doc.tables[0].slice(1).map((r) => r[3])).toEqual(rates);
      const { notes } = await checkBriefing(page, doc, '县', 2021, ids);
      // The image is the chart shown, at 2× its size.
      const w = Number(await page.locator('[data-ranking-chart] svg[role="img"]').getAttribute('width'));
      expect(pngSize([...doc.media.values()][0]).width).toBe(2 * w);
      expect(section(doc, '四、逾期发布')[0]).toContain('没有逾期发布的报告');
      expect(notes).not.toContain('模拟数据');

      // On paper: the chart and the table; no sliders, pickers or buttons; names on a line of their own width.
      await page.emulateMedia({ media: 'print' });
      for (const sel of [
        'form.filters',
        'section.weights',
        '[data-briefing]',
        '[data-export="csv"]',
        '[data-chart-export="png"]',
      ])
        expect(await page.locator(sel).first().isVisible(), sel).toBe(false);
      expect(await page.locator('[data-ranking-chart] svg').isVisible()).toBe(true);
      for (const a of await page.locator('table.data td.name a').all()) {
        const box = (await a.boundingBox())!;
        const size = await a.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
        // One line (two at most), never a character a line.
        expect(box.height, await a.innerText()).toBeLessThan(size * 3.2);
      }
      await page.screenshot({ path: join(SHOTS, 'briefing-ranking-print.png'), fullPage: true });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      writeFileSync(join(SHOTS, 'briefing-ranking-print.pdf'), pdf);
      const pages = await pdfPages(new Uint8Array(pdf));
      expect(pages.join('')).toContain('按“公开率”排名（从低到高）');
      expect(pages.join('')).not.toContain('生成通报');
      await page.emulateMedia({ media: 'screen' });
      expect(app.errors).toEqual([]);
    },
  );

  it('单位画像 on paper: no page holds the citation alone', { timeout: 120_000 }, async () => {
    const page = await app.newPage();
    await page.goto(`${app.origin}/profile`);
    await page.locator('.pick[data-ready="true"]').waitFor({ timeout: 60_000 });
    // Every report's profile: short ones (one page and the citation) and long ones (two pages).
    const all = await dbQuery<{ report_id: string }>(page, 'SELECT report_id FROM reports ORDER BY report_id');
    expect(all.length).toBeGreaterThan(1);
    for (const { report_id } of all) {
      await page.emulateMedia({ media: 'screen' });
      await page.goto(`${app.origin}/profile?id=${encodeURIComponent(report_id)}`);
      await page.locator('[data-cite-text]').waitFor({ timeout: 60_000 });
      await page.locator('main.profile h1').waitFor();
      await page.waitForTimeout(500);
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      const pages = await pdfPages(new Uint8Array(pdf));
      const last = pages.at(-1)!;
      // The citation is whole on the last page, after some of the profile; no page is nearly empty.
      expect(last, report_id).toContain('引用本视图');
      expect(last.indexOf('引用本视图'), report_id).toBeGreaterThan(20);
      for (const p of pages) expect(p.replace(/\s/g, '').length, report_id).toBeGreaterThan(40);
      if (report_id.startsWith('泽州县')) writeFileSync(join(SHOTS, 'briefing-profile-print.pdf'), pdf);
    }
    expect(app.errors).toEqual([]);
  });

  it('writes the 通报 from 数据质量 (the chart drawn off screen)', { timeout: 120_000 }, async () => {
    const page = await app.newPage();
    await page.goto(`${app.origin}/quality`);
    // A secondary action of the page, closed until opened.
    await page.locator('details[data-briefing] summary').click();
    const pick = page.locator('[data-briefing-scope]');
    await expect.poll(() => pick.locator('option').count(), { timeout: 60_000 }).toBeGreaterThan(1);
    const [level, year] = (await pick.inputValue()).split('|');
    const [most] = await dbQuery<{ level: string; year: number }>(
      page,
      'SELECT level, year FROM reports GROUP BY ALL ORDER BY count(*) DESC, year DESC, level LIMIT 1',
    );
    expect([level, Number(year)]).toEqual([most.level, most.year]);
    const { doc } = await generate(page);
    expect(doc.paragraphs[0]).toBe(`${year}年度${level}政府信息公开工作年度报告情况通报`);
    const ids = await page
      .locator('[data-briefing] [data-rank-mark]')
      .evaluateAll((ms) => ms.map((m) => m.getAttribute('data-rank-mark')!));
    await checkBriefing(page, doc, level, Number(year), ids);
    expect(section(doc, '二、排名')[0]).toContain('按“综合得分”从高到低排列');
    await page.screenshot({ path: join(SHOTS, 'briefing-quality.png') });
    expect(app.errors).toEqual([]);
  });

  it('on the synthetic set: a chart of every line and a 通报 that says 模拟数据', { timeout: 240_000 }, async () => {
    set.make(['--reports', '600', '--years', '3', '--seed', '3']);
    const page = await app.newPage();
    await page.goto(`${app.origin}/ranking?data=synthetic`);
    await page.locator('[data-synthetic-banner]').waitFor({ timeout: 60_000 });
    await page.locator('table.data[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
    const level = await page.locator('form.filters select').nth(0).inputValue();
    const year = Number(await page.locator('form.filters select').nth(1).inputValue());
    const [c] = await dbQuery<{ n: number }>(
      page,
      `SELECT count(*)::INT AS n FROM reports WHERE level = '${level}' AND year = ${year}`,
    );
    expect(c.n).toBeGreaterThan(5);
    // Every report of the level and year is a mark, those past the first page of the table too.
    await expect.poll(() => markIds(page).then((m) => m.length), { timeout: 30_000 }).toBe(c.n);
    const shown = await tableIds(page);
    expect((await markIds(page)).slice(0, shown.length)).toEqual(shown);
    await page
      .locator('[data-ranking-chart]')
      .screenshot({ path: join(SHOTS, 'briefing-ranking-synthetic-chart.png') });
    await page.screenshot({ path: join(SHOTS, 'briefing-ranking-synthetic.png') });

    const { name, doc } = await generate(page);
    expect(name).toBe(`通报_${level}_${year}_模拟数据.docx`);
    expect(doc.paragraphs[0]).toBe(`【模拟数据】${year}年度${level}政府信息公开工作年度报告情况通报`);
    expect(doc.paragraphs[1]).toContain('模拟数据');
    const { notes } = await checkBriefing(page, doc, level, year, await markIds(page));
    expect(notes).toContain('模拟数据：本通报由程序生成的模拟数据');
    expect(app.errors).toEqual([]);
  });

  it(
    'thousands of reports in one scope: the strip is drawn as paths, one dot per report',
    { timeout: 240_000 },
    async () => {
      set.make(['--reports', '4000', '--years', '1', '--seed', '4']);
      const page = await app.newPage();
      await page.goto(`${app.origin}/ranking?data=synthetic`);
      await page.locator('table.data[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
      const level = await page.locator('form.filters select').nth(0).inputValue();
      const year = Number(await page.locator('form.filters select').nth(1).inputValue());
      const [c] = await dbQuery<{ n: number; blank: number }>(
        page,
        `SELECT count(*)::INT AS n, count(*) FILTER (WHERE m.findings_errors IS NULL)::INT AS blank
       FROM reports r JOIN report_metrics m USING (report_id) WHERE r.level = '${level}' AND r.year = ${year}`,
      );
      expect(c.n).toBeGreaterThan(1000); // past ELEMENTS_MAX (src/lib/ranking/chart.ts)
      const strip = page.locator('[data-ranking-chart] [data-rank-paths]');
      await expect.poll(() => strip.getAttribute('data-rank-paths'), { timeout: 30_000 }).toBe(String(c.n));
      expect(await page.locator('[data-ranking-chart] [data-rank-mark]').count()).toBe(0);
      // Every report is one segment of a path: dots (full or small) and blanks' ticks.
      const segments = await strip.evaluate((g) =>
        [...g.querySelectorAll('path')].map((p) => (p.getAttribute('d') ?? '').split('M').length - 1),
      );
      const [blank, full, small] = segments;
      expect(segments[3]).toBe(small); // the small samples' white centre, over the same points
      expect(blank + full + small).toBe(c.n);
      // The tooltip follows the pointer along the ranks.
      const box = (await strip.locator('rect').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await expect.poll(() => page.locator('[data-ranking-chart] [role="tooltip"]').isVisible()).toBe(true);
      await page.locator('[data-ranking-chart]').screenshot({ path: join(SHOTS, 'briefing-ranking-strip.png') });
      expect(app.errors).toEqual([]);
    },
  );
});
