/**
 * The oversight pages of issue 6 in Debian's Chromium against the production
 * build: 跨年核查, 报送情况, 工作要点 and 单位画像 on the embedded real reports.
 * Every number checked here is the oversight library's (or the indicator
 * definitions') run in Node on the same records (readReports), never typed in;
 * each page's export downloads a CSV equal to the table shown and an XLSX that
 * exceljs opens. Offline, no console errors. Screenshots go to
 * tests/output/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvParseRows } from 'd3-dsv';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readReports } from '../../src/lib/data/build';
import { levelOf, reportId } from '../../src/lib/data/normalize';
import { evalMetric, METRICS } from '../../src/lib/metrics/definitions';
import { crossYear, timeliness, type ReportInput } from '../../src/lib/oversight/cross-year';
import { expectedCounties, parseExpectedCsv, submissionStatus } from '../../src/lib/oversight/expected';
import { coverage, coverageDetails, parseWorkPlan } from '../../src/lib/oversight/workplan';
import { toLines } from '../../src/lib/report/text/lines';
import type { ReportRecord } from '../../src/lib/report/types';
import { download, exportsIn, REPORTS, ROOT, SHOTS, useApp } from '../support/app';

const PLAN = '002_780c50781c104938.txt';

/** The exports in `scope`: the CSV's rows (header first); the XLSX opens with the rows, a header and the source note. */
async function exportsOf(page: Page, scope: Locator, xlsxRows: number): Promise<string[][]> {
  const { csv, xlsx } = await exportsIn(page, scope);
  expect(xlsx.worksheets[0].rowCount).toBeGreaterThanOrEqual(xlsxRows + 1);
  return csvParseRows(csv.slice(1).trimEnd());
}

const texts = (l: Locator) => l.evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText.trim()));
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

describe('oversight pages (Chromium, production build)', () => {
  const app = useApp({ needs: 'data/workplans/index.json', viewport: { width: 1440, height: 900 } });
  let origin = '';
  let page: Page;
  let records: ReportRecord[];
  let inputs: ReportInput[];

  beforeAll(async () => {
    const read = await readReports(REPORTS);
    records = read.records;
    inputs = records.map((record) => ({ record, text: read.texts.get(record) ?? null, id: reportId(record) }));
    origin = app.origin;
    page = await app.newPage();
  }, 120_000);

  it(
    '跨年核查: the real pair, its shared passages side by side, every deadline, the findings and their export',
    { timeout: 180_000 },
    async () => {
      const res = crossYear(inputs);
      expect(res.pairs).toHaveLength(1);
      const pair = res.pairs[0];
      await page.goto(`${origin}/oversight`);
      await page.locator('[data-summary][data-ready="true"]').waitFor({ timeout: 60_000 });
      await expect
        .poll(() => page.locator('[data-pairs]').innerText(), { timeout: 30_000 })
        .toBe(String(res.pairs.length));
      expect(await page.locator('[data-findings-total]').innerText()).toBe(String(res.findings.length));

      // The pair: carry-over and stock agree (the library finds nothing), the shares are the library's.
      const row = page.locator(`tr[data-pair="${pair.current.id}"]`);
      expect(await row.locator('td[data-check="carry"]').innerText()).toBe('一致');
      expect(await row.locator('td[data-check="stock"]').innerText()).toBe('一致');
      for (const k of ['overview', 'problems'] as const) {
        const sim = pair.boilerplate[k]!;
        expect(Number(await row.locator(`td[data-similarity="${k}"]`).getAttribute('data-share'))).toBeCloseTo(
          sim.share,
          10,
        );
        expect(await row.locator(`td[data-similarity="${k}"] button`).innerText()).toBe(
          `${(sim.share * 100).toFixed(0)}%`,
        );
        // Both years side by side: this year's passage as the library found it, last year's words from its line.
        const side = page.locator(`details[data-passages="${k}"] tr[data-passage]`);
        expect(await side.count()).toBe(sim.passages.length);
        expect(await texts(side.locator('[data-side="current"]'))).toEqual(sim.passages.map((p) => p.text));
        const prevText = toLines(inputs.find((x) => x.id === pair.previous.id)!.text!)
          .map((l) => l.text)
          .join('')
          .replace(/\s+/g, '');
        for (const shown of await texts(side.locator('[data-side="previous"]'))) expect(prevText).toContain(shown);
      }
      // Each report's deadline (条例第四十九条) as timeliness() reads it.
      for (const x of inputs)
        expect(
          await page.locator(`table[data-table="deadlines"] tr[data-report="${x.id}"]`).getAttribute('data-status'),
          x.id,
        ).toBe(timeliness(x.record).status);
      await page.screenshot({ path: join(SHOTS, 'oversight.png'), fullPage: true });

      // A lower threshold: the 2024 overview is flagged as boilerplate, linked to both reports.
      const strict = crossYear(inputs, { boilerplateThreshold: 0.4 });
      expect(strict.findings.length).toBeGreaterThan(0);
      await page.goto(`${origin}/oversight?threshold=40`);
      const list = page.locator('table[data-table="findings"] tbody tr[data-rule]');
      await expect.poll(() => list.count(), { timeout: 60_000 }).toBe(strict.findings.length);
      expect(await texts(list.locator('td.msg [lang="zh"]'))).toEqual(strict.findings.map((f) => f.message));
      const links = await list
        .first()
        .locator('a[data-report-link]')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(links).toEqual([
        `/report?id=${encodeURIComponent(strict.findings[0].report.id)}`,
        `/report?id=${encodeURIComponent(strict.findings[0].previous!.id)}`,
      ]);
      // Filtered by severity (URL state): no error among them.
      await page.locator('select[data-filter="severity"]').selectOption('error');
      await expect.poll(() => page.url()).toContain('severity=error');
      await expect.poll(() => list.count()).toBe(strict.findings.filter((f) => f.severity === 'error').length);
      await page.locator('select[data-filter="severity"]').selectOption('');
      await expect.poll(() => list.count()).toBe(strict.findings.length);
      await page.screenshot({ path: join(SHOTS, 'oversight-threshold-40.png'), fullPage: true });

      const csv = await exportsOf(
        page,
        page.locator('section:has(table[data-table="findings"])'),
        strict.findings.length,
      );
      expect(csv[0].slice(0, 3)).toEqual(['严重程度', '问题类型', '说明']);
      expect(csv.slice(1).map((r) => r[2])).toEqual(strict.findings.map((f) => f.message));
      expect(csv.slice(1).map((r) => r[1])).toEqual(await texts(list.locator('td:nth-child(2)')));
      const dl = await exportsOf(page, page.locator('section:has(table[data-table="deadlines"])'), inputs.length);
      const shownStatus = await texts(page.locator('table[data-table="deadlines"] tbody td:nth-child(6)'));
      expect(dl.slice(1).map((r) => r[5])).toEqual(shownStatus);
    },
  );

  it(
    '报送情况: the counties of 淮安市 from GB/T 2260, and an uploaded list, against the reports of 2024',
    { timeout: 180_000 },
    async () => {
      const huaian = inputs.filter((x) => x.record.region_code?.startsWith('3208'));
      const idOf = (r: ReportRecord) => reportId(r);
      const want = submissionStatus(
        expectedCounties('320800'),
        huaian.map((x) => x.record),
        2024,
        idOf,
      );
      expect(want.counts.missing).toBeGreaterThan(0);
      // Without parameters the page opens on the city with the most reports (淮安市) and its latest year.
      await page.goto(`${origin}/submission`);
      const rows = page.locator('table[data-table="submission"][data-ready="true"] tbody tr[data-status]');
      await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(want.rows.length);
      expect(await page.locator('small[data-year]').getAttribute('data-year')).toBe('2024');
      expect(
        await rows.evaluateAll((trs) =>
          trs.map((tr) => [tr.getAttribute('data-expected'), tr.getAttribute('data-status')]),
        ),
      ).toEqual(want.rows.map((r) => [r.expected.name, r.status]));
      for (const k of ['expected', 'missing', 'late', 'undated', 'on_time', 'extras'] as const)
        expect(await page.locator(`[data-count="${k}"]`).innerText(), k).toBe(String(want.counts[k]));
      expect(await texts(page.locator('[data-extras] li a'))).toEqual(want.extras.map((e) => e.agency));
      expect(
        await page.locator('tr[data-expected="洪泽区人民政府"] a[data-report-link]').getAttribute('data-report-link'),
      ).toBe(want.rows.find((r) => r.expected.name === '洪泽区人民政府')!.reports[0].id);
      await page.screenshot({ path: join(SHOTS, 'submission.png'), fullPage: true });

      const csv = await exportsOf(page, page.locator('main'), want.rows.length + want.extras.length);
      const shown = await rows.evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 5).map((td) => (td as HTMLElement).innerText.trim())),
      );
      expect(csv.slice(1, 1 + want.rows.length).map((r) => [r[0], r[1], r[2] || '—', r[3] || '—', r[4]])).toEqual(
        shown,
      );
      expect(csv.slice(1 + want.rows.length).map((r) => [r[4], r[5]])).toEqual(
        want.extras.map((e) => ['名单外报告', e.agency]),
      );

      // The year and its own government from the URL: 2023 with the city itself on the list.
      await page.goto(`${origin}/submission?code=320800&year=2023&self=1`);
      const want23 = submissionStatus(
        expectedCounties('320800', { includeSelf: true }),
        huaian.map((x) => x.record),
        2023,
        idOf,
      );
      await expect
        .poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status'))), { timeout: 30_000 })
        .toEqual(want23.rows.map((r) => r.status));

      // An uploaded CSV list replaces the GB/T 2260 one.
      const list =
        '\ufeff单位名称,区划代码,层级\n淮安市洪泽区人民政府,320813,县\n淮安市人民政府,320800,市\n金湖县人民政府,320831,县\n';
      const fromCsv = submissionStatus(
        parseExpectedCsv(list),
        huaian.map((x) => x.record),
        2023,
        idOf,
      );
      await page
        .locator('input[data-upload-list]')
        .setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: Buffer.from(list, 'utf8') });
      await expect
        .poll(
          () =>
            rows.evaluateAll((trs) =>
              trs.map((tr) => [tr.getAttribute('data-expected'), tr.getAttribute('data-status')]),
            ),
          { timeout: 30_000 },
        )
        .toEqual(fromCsv.rows.map((r) => [r.expected.name, r.status]));
      // And an XLSX one.
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('名单');
      ws.addRow(['单位名称', '区划代码']);
      ws.addRow(['洪泽区人民政府', '320813']);
      ws.addRow(['盱眙县人民政府', '320830']);
      await page.locator('input[data-upload-list]').setInputFiles({
        name: 'list.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(await wb.xlsx.writeBuffer()),
      });
      await expect
        .poll(
          () =>
            rows.evaluateAll((trs) =>
              trs.map((tr) => [tr.getAttribute('data-expected'), tr.getAttribute('data-status')]),
            ),
          { timeout: 30_000 },
        )
        .toEqual([
          ['洪泽区人民政府', 'undated'],
          ['盱眙县人民政府', 'missing'],
        ]);
      await page.screenshot({ path: join(SHOTS, 'submission-upload.png'), fullPage: true });
    },
  );

  it(
    '工作要点: the embedded plan, its tasks, the reports × items matrix with the sentences, the target, and the exports',
    { timeout: 240_000 },
    async () => {
      const plan = parseWorkPlan(readFileSync(join(REPORTS, PLAN), 'utf8'));
      const withText = inputs.filter((x) => x.text !== null);
      const m = coverage(
        plan,
        withText.map((x) => ({ id: x.id!, label: `${x.record.agency} ${x.record.year}`, text: x.text! })),
      );
      await page.goto(`${origin}/workplan`);
      await page.locator(`button[data-example="${PLAN}"]`).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('plan')).toBe(PLAN);
      const matrix = page.locator('table[data-table="matrix"][data-ready="true"]');
      await matrix.locator('tbody tr').first().waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-items]').innerText()).toBe(String(plan.items.length));
      expect(await page.locator('table[data-table="tasks"] tbody tr[data-item]').count()).toBe(plan.items.length);
      expect(
        await matrix.locator('th[data-col]').evaluateAll((ths) => ths.map((th) => th.getAttribute('data-col'))),
      ).toEqual(plan.items.map((i) => i.id));
      await expect
        .poll(() => matrix.locator('tbody tr[data-report]').count(), { timeout: 30_000 })
        .toBe(m.reports.length);
      // Every cell as the library decides it.
      for (const [ri, r] of m.reports.entries()) {
        const shown = await page
          .locator(`table[data-table="matrix"] tr[data-report="${r.id}"] td[data-item]`)
          .evaluateAll((tds) => tds.map((td) => td.getAttribute('data-addressed') === 'true'));
        expect(shown, r.label).toEqual(m.cells[ri].map((c) => c.addressed));
      }
      // 运城 2021 × 2.2 加强政策多样化解读: hover shows its sentence, with the words matched marked.
      const yc = m.reports.findIndex((r) => r.label === '运城市人民政府办公室 2021');
      const i22 = m.items.findIndex((i) => i.id === '2.2');
      expect(m.cells[yc][i22].addressed).toBe(true);
      await page.locator(`tr[data-report="${m.reports[yc].id}"] td[data-item="2.2"] button`).hover();
      const detail = page.locator('[data-detail]');
      await expect.poll(() => detail.locator('[data-hit]').count()).toBe(m.cells[yc][i22].hits.length);
      expect(await texts(detail.locator('[data-sentence]'))).toEqual(
        m.cells[yc][i22].hits.flatMap((h) => h.sentences.map((s) => s.text)),
      );
      expect(await detail.locator('mark').first().innerText()).toBe(m.cells[yc][i22].hits[0].matched);
      await page.screenshot({ path: join(SHOTS, 'workplan-hover.png') });
      // Click pins it: moving away keeps the sentences.
      await page.locator(`tr[data-report="${m.reports[yc].id}"] td[data-item="2.2"] button`).click();
      await page.mouse.move(0, 0);
      expect(await detail.locator('[data-hit]').count()).toBe(m.cells[yc][i22].hits.length);
      // The numeric target beside the figure the report states.
      expect(m.targets).toHaveLength(1);
      const trow = page.locator(`table[data-table="targets"] tr[data-report="${m.targets[0].report}"]`);
      expect(await trow.getAttribute('data-met')).toBe(String(m.targets[0].met));
      expect(await trow.locator('[data-figure]').innerText()).toContain(`${m.targets[0].figure.value}%`);
      expect(
        await page
          .locator('table[data-table="targets"] tr[data-met="true"], table[data-table="targets"] tr[data-met="false"]')
          .count(),
      ).toBe(m.targets.length);
      await page.screenshot({ path: join(SHOTS, 'workplan.png'), fullPage: true });

      // Exports: the grid is the matrix shown (✓ where addressed, the count per report); the details one row per sentence.
      const section = page.locator('section:has(table[data-table="matrix"])');
      const grid = await exportsOf(page, section, m.reports.length);
      expect(grid[0].slice(1, -1).map((h) => h.split(' ')[0])).toEqual(plan.items.map((i) => i.id));
      // The page lists the reports as DuckDB orders them.
      const order = await page
        .locator('table[data-table="matrix"] tbody tr[data-report]')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-report')!));
      for (const [ri, id] of order.entries()) {
        const r = m.reports.find((x) => x.id === id)!;
        const line = grid[1 + ri];
        expect(line[0]).toBe(
          await page.locator(`table[data-table="matrix"] tr[data-report="${r.id}"] th a`).innerText(),
        );
        const shown = await page
          .locator(`table[data-table="matrix"] tr[data-report="${r.id}"] td[data-item]`)
          .evaluateAll((tds) => tds.map((td) => td.getAttribute('data-addressed') === 'true'));
        expect(line.slice(1, -1).map((c) => c.startsWith('✓'))).toEqual(shown);
        expect(line[line.length - 1]).toBe(
          await page.locator(`table[data-table="matrix"] tr[data-report="${r.id}"] td[data-row-total]`).innerText(),
        );
      }
      const detailsCsv = await download(page, () => section.locator('[data-export="csv"]').nth(1).click());
      const details = csvParseRows(detailsCsv.bytes.toString('utf8').slice(1).trimEnd());
      expect(details.length - 1).toBe(coverageDetails(m).rows.length);
      const targets = await exportsOf(page, page.locator('section:has(table[data-table="targets"])'), m.reports.length);
      expect(targets.slice(1).filter((r) => r[4] === '达到').length).toBe(m.targets.filter((x) => x.met).length);

      // The same plan uploaded as DOCX is read in the browser to the same tasks.
      await page
        .locator('input[data-upload-plan]')
        .setInputFiles(join(ROOT, 'tests/fixtures/docx/002_780c50781c104938.docx'));
      await expect
        .poll(() => page.locator('[data-plan]').getAttribute('data-plan'), { timeout: 60_000 })
        .toBe('002_780c50781c104938.docx');
      expect(await page.locator('[data-items]').innerText()).toBe(String(plan.items.length));
      expect(
        await page
          .locator('table[data-table="tasks"] tbody tr[data-item]')
          .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-item'))),
      ).toEqual(plan.items.map((i) => i.id));
    },
  );

  it(
    '单位画像: indicators with n, rank among peers, findings and the change from 2023, on two A4 pages',
    { timeout: 240_000 },
    async () => {
      const h24 = inputs.find((x) => x.record.agency === '淮安市洪泽区人民政府' && x.record.year === 2024)!;
      const h23 = inputs.find((x) => x.record.agency === '洪泽区人民政府' && x.record.year === 2023)!;
      const level = (r: ReportRecord) => levelOf(r.agency!, r.region_code);
      const peersOf = (r: ReportRecord) => records.filter((p) => level(p) === level(r) && p.year === r.year);
      // The report view links to it.
      await page.goto(`${origin}/report?id=${encodeURIComponent(h24.id!)}`);
      await page.locator('a[data-profile-link]').click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/profile');
      const table = page.locator('table[data-table="metrics"][data-ready="true"]');
      await table.waitFor({ timeout: 60_000 });
      expect(await page.locator('h1 [lang="zh"]').innerText()).toBe(h24.record.agency);
      expect(await page.locator('[data-peers]').innerText()).toBe(String(peersOf(h24.record).length));
      expect(await page.locator('[data-previous-report]').getAttribute('data-previous-report')).toBe(h23.id);
      const show = (unit: string, v: number | null) =>
        unit === 'rate' ? pct(v) : v === null ? '—' : v.toLocaleString('zh-CN');
      for (const m of METRICS) {
        const row = table.locator(`tr[data-metric="${m.key}"]`);
        const v = evalMetric(h24.record, m);
        expect(await row.locator('[data-value]').innerText(), m.key).toBe(show(m.unit, v.value));
        if (m.unit === 'rate')
          expect(
            (await row.locator('[data-n]').innerText()).startsWith(
              v.denominator === null ? '—' : v.denominator.toLocaleString('zh-CN'),
            ),
            m.key,
          ).toBe(true);
        // Rank: 1 + the peers strictly better, among those with a value.
        const vals = peersOf(h24.record)
          .map((p) => evalMetric(p, m).value)
          .filter((x): x is number => x !== null);
        const better = (x: number) => (m.higherIsBetter === false ? x < v.value! : x > v.value!);
        expect(await row.locator('[data-rank]').innerText(), m.key).toBe(
          v.value === null ? '—' : `${1 + vals.filter(better).length} / ${vals.length}`,
        );
        expect(await row.locator('[data-previous]').innerText(), m.key).toBe(
          show(m.unit, evalMetric(h23.record, m).value),
        );
      }
      const pair = crossYear([h23, h24]).pairs[0];
      expect(await page.locator('li[data-similarity="overview"]').innerText()).toContain(
        `${(pair.boilerplate.overview!.share * 100).toFixed(0)}%`,
      );
      expect(await page.locator('[data-findings] li[data-rule]').count()).toBe(
        h24.record.findings.filter((f) => !f.rule.endsWith('.blank_cell')).length +
          new Set(h24.record.findings.filter((f) => f.rule.endsWith('.blank_cell')).map((f) => f.rule)).size +
          crossYear([h23, h24]).findings.filter((f) => f.report.id === h24.id).length,
      );
      await page.screenshot({ path: join(SHOTS, 'profile.png'), fullPage: true });

      const csv = await exportsOf(page, page.locator('section:has(table[data-table="metrics"])'), METRICS.length);
      const shownValues = await texts(table.locator('td[data-value]'));
      expect(csv.slice(1).map((r) => r[0])).toEqual(METRICS.map((m) => m.zh));
      expect(csv.slice(1).map((r, i) => show(METRICS[i].unit, r[1] === '' ? null : Number(r[1])))).toEqual(shownValues);

      // Printed: two A4 pages at most, for this report and for the one with the most findings.
      const most = [...inputs].sort((a, b) => b.record.findings.length - a.record.findings.length)[0];
      for (const x of [h24, most]) {
        await page.goto(`${origin}/profile?id=${encodeURIComponent(x.id!)}`);
        await page.locator('table[data-table="metrics"][data-ready="true"]').waitFor({ timeout: 60_000 });
        await page.emulateMedia({ media: 'print' });
        // The printable width of A4 with 12 mm margins (186 mm at 96 dpi), to see the page as printed.
        await page.setViewportSize({ width: 703, height: 1000 });
        await page.screenshot({
          path: join(SHOTS, x === h24 ? 'profile-print.png' : 'profile-print-most-findings.png'),
          fullPage: true,
        });
        await page.setViewportSize({ width: 1440, height: 900 });
        const pdf = (await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })).toString(
          'latin1',
        );
        const pages = pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
        expect(pages, x.record.agency!).toBeGreaterThan(0);
        expect(pages, x.record.agency!).toBeLessThanOrEqual(2);
        await page.emulateMedia({ media: 'screen' });
      }

      expect(app.offOrigin()).toEqual([]);
      expect(app.errors).toEqual([]);
    },
  );
});
