/**
 * The report, data-quality and ranking views in Debian's Chromium against the
 * production build: every number on screen is the engine's (read here with
 * buildTables(), never typed in), blanks stay blank, each number leads to its
 * characters in the source text, the quality view lists exactly the engine's
 * findings, and the composite score orders reports as the indicator
 * definitions do. Offline, no console errors. Screenshots go to
 * tests/output/screenshots/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildTables } from '../../src/lib/data/build';
import { levelOf, reportId } from '../../src/lib/data/normalize';
import { evalMetric, METRIC_BY_KEY } from '../../src/lib/metrics/definitions';
import type { ReportRecord } from '../../src/lib/report/types';
import { exportsIn, REPORTS, SHOTS, useApp } from '../support/app';

/** Every value of a record with its contract path. */
function cellsOf(r: ReportRecord): { path: string; value: number | null }[] {
  const out: { path: string; value: number | null }[] = [];
  for (const [k, v] of Object.entries(r.active)) out.push({ path: `active.${k}`, value: v });
  for (const [k, row] of Object.entries(r.requests))
    row!.forEach((v, i) => out.push({ path: `requests.${k}[${i}]`, value: v }));
  for (const g of ['review', 'litigation_direct', 'litigation_after_review'] as const)
    (r[g] ?? []).forEach((v, i) => out.push({ path: `${g}[${i}]`, value: v }));
  return out;
}

/** The exports in `scope` download: the CSV's text; the XLSX opens with rows. */
async function downloadsWork(page: Page, scope: string): Promise<string> {
  const { csv, xlsx } = await exportsIn(page, page.locator(scope));
  expect(xlsx.worksheets[0].rowCount).toBeGreaterThan(1);
  return csv;
}

describe('report, quality and ranking views (Chromium, production build)', () => {
  const app = useApp({ needs: 'data/reports/index.json', viewport: { width: 1440, height: 900 } });

  it(
    'shows each report as the engine read it, the findings, and the composite ranking, offline',
    { timeout: 240_000 },
    async () => {
      const { records } = await buildTables(REPORTS);
      const { origin } = app;
      const page = await app.newPage();

      /* ---------------------------------------------------- the report list */
      await page.goto(`${origin}/report`);
      await page.locator('table.list[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
      expect(await page.locator('table.list tbody tr').count()).toBe(records.length);
      for (const r of records) {
        const row = page.locator(`tr[data-report="${reportId(r)}"]`);
        const cells = await row.locator('td').allInnerTexts();
        const count = (s: string) => String(r.findings.filter((f) => f.severity === s).length);
        expect(cells.slice(-3), r.agency!).toEqual([count('error'), count('warning'), count('info')]);
      }
      await page.screenshot({ path: join(SHOTS, 'report-list.png'), fullPage: true });

      /* ---------------------------------------------------- one report at a time */
      const shanghai = records.find((r) => r.agency === '上海市人民政府办公厅' && r.year === 2019)!;
      const pdf =
        records.find((r) => r.source.endsWith('.pdf') && r.findings.some((f) => f.severity === 'error')) ??
        records.find((r) => r.source.endsWith('.pdf'))!;
      const txt2021 = records.find((r) => r.format === '2021' && r.source.endsWith('.txt'))!;
      expect(shanghai).toBeTruthy();
      for (const r of [shanghai, pdf, txt2021]) {
        await page.goto(`${origin}/report?id=${encodeURIComponent(reportId(r))}`);
        await page.locator('.layout[data-ready="true"]').waitFor({ timeout: 30_000 });
        expect(await page.locator('h1').innerText()).toContain(r.agency!);

        // Every value of the record, in its place, as printed; blanks as 空.
        const shown = Object.fromEntries(
          await page
            .locator('button.num[data-path]')
            .evaluateAll((bs) => bs.map((b) => [b.getAttribute('data-path'), b.textContent!.trim()])),
        );
        for (const { path, value } of cellsOf(r))
          expect(shown[path], `${r.agency} ${path}`).toBe(value === null ? '空' : String(value));
        expect(Object.keys(shown).length).toBe(cellsOf(r).length);
        expect(await page.locator('[data-finding]').count()).toBe(r.findings.length);
        for (const s of ['error', 'warning', 'info'])
          expect(await page.locator(`[data-finding][data-severity="${s}"]`).count()).toBe(
            r.findings.filter((f) => f.severity === s).length,
          );

        // Clicking numbers highlights exactly the characters the engine read.
        const paths = Object.keys(r.cells ?? {}).filter(
          (p) => r.cells![p].len > 0 && /^(active|requests|review|litigation)/.test(p),
        );
        for (const path of [
          paths[0],
          paths[Math.floor(paths.length / 2)],
          paths[paths.length - 1],
          ...(r.cells?.published ? ['published'] : []),
        ]) {
          await page.locator(`button[data-path="${path}"]`).click();
          const mark = page.locator('mark[data-source-hl]');
          await expect.poll(() => mark.textContent()).toBe(r.cells![path].text);
          expect(await mark.evaluate((m) => m.closest('[data-line]')!.getAttribute('data-line'))).toBe(
            String(r.cells![path].line),
          );
          const whereText = await page.locator('[data-where]').innerText();
          if (r.cells![path].page) expect(whereText).toContain(`PDF 第 ${r.cells![path].page} 页`);
          // The highlighted line is scrolled into the panel's view.
          const visible = await mark.evaluate((m) => {
            const p = m.closest('.text')!.getBoundingClientRect(),
              b = m.getBoundingClientRect();
            return b.top >= p.top && b.bottom <= p.bottom;
          });
          expect(visible, `${r.agency} ${path} visible`).toBe(true);
        }

        // Hovering a finding marks its cells in the tables.
        const withCells = r.findings.findIndex((f) => f.cells.length > 0);
        if (withCells >= 0) {
          await page.locator(`[data-finding="${withCells}"] button`).hover();
          const flagged = await page
            .locator('td.flagged button.num')
            .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-path')).sort());
          expect(flagged).toEqual(
            [...r.findings[withCells].cells].filter((c) => cellsOf(r).some((x) => x.path === c)).sort(),
          );
          if (r === pdf) await page.screenshot({ path: join(SHOTS, 'report-finding-hover.png') });
          await page.mouse.move(0, 0);
        }
        const name = r === shanghai ? 'report-shanghai-2019' : r === pdf ? 'report-pdf' : 'report-2021';
        await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
        if (r === shanghai) {
          // 126 blank cells in 表三, shown as blank, none as 0.
          const blanks = Object.entries(shown).filter(([p, t]) => p.startsWith('requests.') && t === '空').length;
          expect(blanks).toBe(126);
          await page.emulateMedia({ media: 'print' });
          expect(await page.locator('.source').isVisible()).toBe(false);
          expect(await page.locator('.findings').isVisible()).toBe(true);
          await page.screenshot({ path: join(SHOTS, 'report-print.png'), fullPage: true });
          await page.emulateMedia({ media: 'screen' });
          const csv = await downloadsWork(page, 'section:has([data-table="requests"])');
          // The exported 表三: blank cells are empty, not 0.
          const line = csv.split('\r\n').find((l) => l.includes('1.属于国家秘密'))!;
          expect(line.split(',').slice(1)).toEqual(
            shanghai.requests.denied_state_secret!.map((v) => (v === null ? '' : String(v))),
          );
        }
      }

      /* ---------------------------------------------------- data quality */
      await page.goto(`${origin}/quality`);
      await page.locator('table.list[data-ready="true"]').waitFor({ timeout: 60_000 });
      const all = records.flatMap((r) => r.findings.map((f) => ({ r, f })));
      await expect.poll(() => page.locator('table.list tbody tr').count(), { timeout: 30_000 }).toBe(all.length);
      for (const s of ['error', 'warning', 'info']) {
        const n = all.filter((x) => x.f.severity === s).length;
        expect(await page.locator(`table.list tbody tr[data-severity="${s}"]`).count(), s).toBe(n);
        expect(await page.locator(`[data-total="${s}"]`).innerText()).toBe(String(n));
      }
      await page.screenshot({ path: join(SHOTS, 'quality.png'), fullPage: true });
      // Filtered by severity (URL state), then by jurisdiction.
      await page.locator('select[data-filter="severity"]').selectOption('error');
      await expect.poll(() => page.url()).toContain('severity=error');
      const errorsAll = all.filter((x) => x.f.severity === 'error');
      await expect.poll(() => page.locator('table.list tbody tr').count()).toBe(errorsAll.length);
      const rule = errorsAll[0].f.rule;
      await page.goto(`${origin}/quality?rule=${encodeURIComponent(rule)}&region=320800`);
      const want = all.filter((x) => x.f.rule === rule && x.r.region_code?.startsWith('3208'));
      await expect.poll(() => page.locator('table.list tbody tr').count(), { timeout: 30_000 }).toBe(want.length);
      await page.goto(`${origin}/quality`);
      await expect.poll(() => page.locator('table.list tbody tr').count(), { timeout: 30_000 }).toBe(all.length);
      const qcsv = await downloadsWork(page, 'main');
      expect(qcsv.trim().split('\r\n').length).toBeGreaterThanOrEqual(all.length + 1);
      // Each finding leads to its report.
      const href = await page.locator('table.list tbody tr').first().locator('a').getAttribute('href');
      await page.goto(`${origin}${href}`);
      await page.locator('.layout[data-ready="true"]').waitFor({ timeout: 30_000 });

      /* ---------------------------------------------------- composite ranking */
      for (const year of [2021, 2024]) {
        const counties = records.filter((r) => r.year === year && levelOf(r.agency!, r.region_code) === '县');
        await page.goto(
          `${origin}/ranking?level=${encodeURIComponent('县')}&year=${year}&sort=score&w=disclosure_rate:1:%2B`,
        );
        await page.locator('table[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
        expect(await page.locator('table tbody tr').count()).toBe(counties.length);
        const order = await page
          .locator('tbody tr[data-report]')
          .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-report')!));
        const values = counties.map((r) => ({
          id: reportId(r),
          v: evalMetric(r, METRIC_BY_KEY.disclosure_rate).value,
        }));
        const distinct = new Set(values.filter((x) => x.v !== null).map((x) => x.v)).size;
        if (distinct > 1) {
          // Scored reports first, in the order of the indicator (higher is better), each score its min–max position.
          const ranked = values.filter((x) => x.v !== null).sort((a, b) => b.v! - a.v!);
          expect(order.slice(0, ranked.length)).toEqual(ranked.map((x) => x.id));
          const [lo, hi] = [ranked[ranked.length - 1].v!, ranked[0].v!];
          for (const x of ranked)
            expect(Number(await page.locator(`td[data-score="${x.id}"]`).innerText())).toBeCloseTo(
              ((x.v! - lo) / (hi - lo)) * 100,
              1,
            );
          // Lower-is-better turns the order round.
          await page.goto(
            `${origin}/ranking?level=${encodeURIComponent('县')}&year=${year}&sort=score&w=disclosure_rate:1:-`,
          );
          await page.locator('table[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
          await expect
            .poll(() =>
              page
                .locator('tbody tr[data-report]')
                .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-report'))),
            )
            .toEqual(
              [...ranked]
                .reverse()
                .map((x) => x.id)
                .concat(order.slice(ranked.length)),
            );
        }
        // Every row opens its report.
        for (const r of counties)
          expect(await page.locator(`tr[data-report="${reportId(r)}"] a[data-report-link]`).getAttribute('href')).toBe(
            `/report?id=${encodeURIComponent(reportId(r))}`,
          );
      }
      // The small-sample toggle lives in the URL; both ranks are shown.
      await page.goto(`${origin}/ranking?level=${encodeURIComponent('县')}&year=2021`);
      await page.locator('table[data-ready="true"] tbody tr').first().waitFor({ timeout: 60_000 });
      await page.locator('[data-exclude-small]').check();
      await expect.poll(() => page.url()).toContain('small=exclude');
      expect(await page.locator('td[data-rank-all]').count()).toBeGreaterThan(0);
      expect(await page.locator('td[data-rank-large]').count()).toBeGreaterThan(0);
      await page.locator('input[data-weight="requests_new"]').fill('3');
      await page.locator('input[data-weight="requests_new"]').dispatchEvent('change');
      await expect.poll(() => page.url()).toContain('requests_new%3A3');
      await page.screenshot({ path: join(SHOTS, 'ranking-composite.png'), fullPage: true });
      const rcsv = await downloadsWork(page, 'main');
      expect(rcsv).toContain('综合名次（全部）');

      expect(app.offOrigin()).toEqual([]);
      expect(app.errors).toEqual([]);
    },
  );
});
