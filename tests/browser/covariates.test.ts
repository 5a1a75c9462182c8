/**
 * Covariates end to end in Debian's Chromium against the production build:
 * the fixture (fictional values, tests/fixtures/covariates) is imported on
 * /covariates — matched places, the ambiguous name and the non-number listed
 * — then the ranking with `cov=` shows 本年新收申请/万人 equal to the hand
 * computation (the report's 本年新收 ÷ the file's 常住人口（万人）), sorted by
 * it, with the covariate's source and year and the report whose covariate is
 * of another year said; reloading the URL gives the same numbers; the CSV
 * export carries the per-capita column; compare and trend show the same
 * values; in English no Chinese stands outside lang="zh"; deleting the
 * covariate leaves the link saying what is missing. Screenshots go to
 * tests/output/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTables } from '../../src/lib/data/build';
import { reportId } from '../../src/lib/data/normalize';
import { download, expectEnglish, REPORTS, ROOT, SHOTS, useApp } from '../support/app';

const FIXTURE = join(ROOT, 'tests/fixtures/covariates/测试用人口_虚构数值.csv');
const COV = '常住人口（万人）';
const SOURCE = '测试用虚构数据（非真实统计）';

/** The fixture read by hand: code → { year, population }. */
function handPopulation(): Map<string, { year: number; value: number }[]> {
  const out = new Map<string, { year: number; value: number }[]>();
  for (const line of readFileSync(FIXTURE, 'utf8').trim().split('\n').slice(1)) {
    const [code, , year, pop] = line.split(',');
    if (code) out.set(code, [...(out.get(code) ?? []), { year: Number(year), value: Number(pop) }]);
  }
  return out;
}
const two = (v: number) => v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

describe('covariates (Chromium, production build)', () => {
  const app = useApp({ viewport: { width: 1400, height: 900 } });

  it(
    'imports the fixture, ranks per 10,000 people as computed by hand, and the URL reproduces it',
    { timeout: 300_000 },
    async () => {
      const { records } = await buildTables(REPORTS);
      const { origin } = app;
      const page = await app.newPage();
      // DuckDB starts 3 s late, as on a slow machine: the covariates are listed (from IndexedDB) before it is
      // there, and the file is imported while it starts — the coverage must still count from the new table.
      await page.route(/duckdb-[^/]*\.wasm$/, async (r) => {
        await new Promise((ok) => setTimeout(ok, 3000));
        await r.continue();
      });

      /* Import on /covariates. */
      await page.goto(`${origin}/covariates`);
      await page.locator('[data-covariates-empty]').waitFor({ timeout: 60_000 });
      await page.locator('[data-covariate-file]').setInputFiles(FIXTURE);
      await page.locator('[data-preview]').waitFor();
      expect(await page.locator('[data-matched]').getAttribute('data-matched')).toBe('7');
      expect(await page.locator('[data-unmatched]').getAttribute('data-unmatched')).toBe('1');
      const ambiguous = await page.locator('[data-unmatched-list] li[data-row="9"]').innerText();
      expect(ambiguous).toContain('朝阳区');
      expect(ambiguous).toContain('2 处同名');
      expect(await page.locator('[data-problem-list] li[data-row="8"]').innerText()).toContain('“约2万”不是数字');
      expect(await page.locator(`[data-unit="${COV}"]`).inputValue()).toBe('万人');
      await page.screenshot({ path: join(SHOTS, 'covariates-preview.png'), fullPage: true });
      await page.locator('[data-covariate-save]').click();
      const row = page.locator(`table[data-table="covariates"] tr[data-covariate="${COV}"]`);
      await row.waitFor({ timeout: 30_000 });
      expect(await row.locator('[data-regions]').getAttribute('data-regions')).toBe('6');
      expect(await row.locator('[data-cov-source]').innerText()).toBe(SOURCE);
      expect(await row.locator('[data-cov-year]').innerText()).toBe('2019、2020、2021、2023、2024');
      // 8 embedded reports, 7 of whose places are in the file (临汾市尧都区 is not).
      await expect.poll(() => row.locator('[data-reports]').innerText(), { timeout: 30_000 }).toBe('7');
      await page.screenshot({ path: join(SHOTS, 'covariates.png'), fullPage: true });

      /* The ranking per 10,000 people: 县, 2021, sorted by 本年新收申请/万人. */
      const pop = handPopulation();
      const county2021 = records.filter(
        (r) => r.year === 2021 && ['济源市人民政府', '泽州县人民政府'].includes(r.agency ?? ''),
      );
      expect(county2021).toHaveLength(2);
      const expected = county2021
        .map((r) => {
          const code = r.region_code!;
          const cands = pop.get(code)!;
          const c = cands.find((x) => x.year === r.year) ?? cands[0];
          return {
            agency: r.agency,
            value: r.requests.new_received![6]! / c.value,
            licensing: r.active['licensing.decisions']! / c.value,
            covYear: c.year,
            covValue: c.value,
          };
        })
        .sort((a, b) => b.value - a.value);
      expect(expected.map((e) => e.covYear).sort()).toEqual([2020, 2021]); // 泽州县's covariate is of 2020
      const url = `${origin}/ranking?level=${encodeURIComponent('县')}&year=2021&cov=${encodeURIComponent(COV)}&sort=pc_requests_new&dir=desc`;
      await page.goto(url);
      const ready = () => page.locator('table[data-ready="true"] td[data-pc]').first().waitFor({ timeout: 60_000 });
      await ready();
      const read = () =>
        page.locator('tbody tr').evaluateAll((trs) =>
          trs.map((tr) => {
            const pc = tr.querySelector('td[data-pc="requests_new"]') as HTMLElement;
            const lic = tr.querySelector('td[data-pc="licensing_decisions"]') as HTMLElement;
            return {
              agency: pc.getAttribute('data-agency'),
              text: pc.innerText.trim(),
              value: Number(pc.getAttribute('data-value')),
              licensing: lic.innerText.trim(),
              rank: (tr.querySelector('td') as HTMLElement).innerText.trim(),
            };
          }),
        );
      const shown = await read();
      expect(shown.map((s) => s.agency)).toEqual(expected.map((e) => e.agency));
      shown.forEach((s, i) => {
        expect(s.value).toBeCloseTo(expected[i].value, 10);
        expect(s.text).toBe(two(expected[i].value));
        expect(s.licensing).toBe(two(expected[i].licensing));
        expect(s.rank).toBe(String(i + 1));
      });
      // 济源市: 165 ÷ 72.7 (the hand computation written out once).
      expect(shown.find((s) => s.agency === '济源市人民政府')!.text).toBe(two(165 / 72.7));
      // The covariate line: name, source, year; the report with a covariate of another year said.
      const note = page.locator('[data-covariate-note]');
      expect(await note.innerText()).toContain(COV);
      expect(await note.locator('[data-cov-source]').innerText()).toBe(SOURCE);
      expect(await note.locator('[data-cov-year]').innerText()).toBe('2020–2021');
      expect(await note.locator('[data-cov-other-year]').getAttribute('data-cov-other-year')).toBe('1');
      expect(await note.locator('[data-cov-missing]').getAttribute('data-cov-missing')).toBe('0');
      expect(await note.innerText()).toContain('本年新收申请 ÷ 常住人口（万人）');
      expect(await page.locator('th button[data-sort="pc_requests_new"]').innerText()).toBe('本年新收申请/万人 ▼');
      expect(await page.locator('table caption').innerText()).toContain('当前按“本年新收申请/万人”排序');
      expect(await page.locator('td[data-cov-value] .other-year').count()).toBe(1);
      await page.screenshot({ path: join(SHOTS, 'ranking-per-capita.png'), fullPage: true });

      // The export: per-capita column with the numbers, the covariate's value, year and source.
      const dl = await download(page, () => page.locator('[data-export="csv"]').first().click());
      const csv = dl.bytes
        .toString('utf8')
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n')
        .map((l) => l.split(','));
      const col = (name: string) => csv[0].findIndex((h) => h.startsWith(name));
      expect(col('本年新收申请/万人')).toBeGreaterThan(0);
      const jiyuanLine = csv.find((l) => l.includes('济源市人民政府'))!;
      expect(Number(jiyuanLine[col('本年新收申请/万人')])).toBeCloseTo(165 / 72.7, 10);
      expect(jiyuanLine[col(`${COV}的年份`)]).toBe('2021');
      expect(jiyuanLine[col(`${COV}的来源`)]).toBe(SOURCE);
      expect(jiyuanLine[csv[0].indexOf(COV)]).toBe('72.7');

      // Reload the very URL: the same numbers, the same order.
      await page.goto('about:blank');
      await page.goto(url);
      await ready();
      expect(await read()).toEqual(shown);
      expect(await note.locator('[data-cov-year]').innerText()).toBe('2020–2021');
      // Sorting the other way round is a URL too.
      await page.locator('th button[data-sort="pc_requests_new"]').click();
      await expect.poll(() => new URL(page.url()).searchParams.get('dir')).toBe('asc');
      await expect
        .poll(async () => (await read()).map((s) => s.agency))
        .toEqual([...expected].reverse().map((e) => e.agency));
      expect(new URL(page.url()).searchParams.get('cov')).toBe(COV);

      /* A report whose place has no covariate: — and counted, never 0. */
      await page.goto(
        `${origin}/ranking?level=${encodeURIComponent('办公室')}&year=2021&cov=${encodeURIComponent(COV)}`,
      );
      await ready();
      expect(
        await page.locator('td[data-pc="requests_new"][data-agency="临汾市尧都区人民政府办公室"]').innerText(),
      ).toBe('—');
      const yuncheng = records.find((r) => r.agency === '运城市人民政府办公室')!;
      expect(await page.locator('td[data-pc="requests_new"][data-agency="运城市人民政府办公室"]').innerText()).toBe(
        two(yuncheng.requests.new_received![6]! / 476),
      );
      expect(await page.locator('[data-covariate-note] [data-cov-missing]').getAttribute('data-cov-missing')).toBe('1');

      /* Compare and trend: the same per-capita values. */
      const hongze = records.filter((r) => r.region_code === '320813').sort((a, b) => a.year! - b.year!);
      expect(hongze.map((r) => r.year)).toEqual([2023, 2024]);
      await page.goto(
        `${origin}/compare?${hongze.map((r) => `r=${encodeURIComponent(reportId(r))}`).join('&')}&cov=${encodeURIComponent(COV)}`,
      );
      await page
        .locator('[data-ready="true"] table[data-table="per-capita"] td[data-pc]')
        .first()
        .waitFor({ timeout: 60_000 });
      for (const r of hongze) {
        const want = r.requests.new_received![6]! / pop.get('320813')!.find((x) => x.year === r.year)!.value;
        expect(
          await page
            .locator(`table[data-table="per-capita"] td[data-pc="requests_new"][data-agency="${r.agency}"]`)
            .innerText(),
        ).toBe(two(want));
      }
      expect(await page.locator('figure.chart g.footer text').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringContaining(`协变量：${COV}`)]),
      );
      await page.locator('[data-section="per-capita"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'compare-per-capita.png'), fullPage: true });

      await page.goto(
        `${origin}/trend?metric=requests_new&j=${encodeURIComponent('320813|县')}&cov=${encodeURIComponent(COV)}`,
      );
      await page
        .locator('[data-ready="true"] table[data-table="trend-per-capita"] td[data-pc]')
        .first()
        .waitFor({ timeout: 60_000 });
      for (const r of hongze) {
        const want = r.requests.new_received![6]! / pop.get('320813')!.find((x) => x.year === r.year)!.value;
        expect(
          await page
            .locator(`table[data-table="trend-per-capita"] td[data-series="320813|县"][data-year="${r.year}"]`)
            .innerText(),
        ).toBe(two(want));
      }
      await page.screenshot({ path: join(SHOTS, 'trend-per-capita.png'), fullPage: true });

      /* English: the same numbers, no Chinese outside lang="zh". */
      await page.goto(`${url}&lang=en`);
      await ready();
      expect((await read()).map((s) => s.text)).toEqual(shown.map((s) => s.text));
      await expectEnglish(page, 'ranking');
      expect(await page.locator('th button[data-sort="pc_requests_new"]').innerText()).toMatch(
        /^new requests per 10,000 people/,
      );
      await page.screenshot({ path: join(SHOTS, 'ranking-per-capita-en.png'), fullPage: true });
      for (const path of [
        '/covariates',
        `/trend?metric=requests_new&j=${encodeURIComponent('320813|县')}&cov=${encodeURIComponent(COV)}`,
      ]) {
        await page.goto(`${origin}${path}${path.includes('?') ? '&' : '?'}lang=en`);
        await page
          .locator(
            path === '/covariates'
              ? 'table[data-table="covariates"] tr[data-covariate]'
              : '[data-ready="true"] td[data-pc]',
          )
          .first()
          .waitFor({ timeout: 60_000 });
        await expectEnglish(page, path);
        await page.screenshot({
          path: join(SHOTS, path === '/covariates' ? 'covariates-en.png' : 'trend-per-capita-en.png'),
          fullPage: true,
        });
      }

      /* Delete: the link now says what is missing; the table has no per-capita column. */
      await page.goto(`${origin}/covariates`);
      await page.locator(`[data-delete="${COV}"]`).click();
      await page.locator(`tr[data-covariate="${COV}"]`).waitFor({ state: 'detached' });
      await page.goto(url);
      await page.locator('[data-covariate-missing]').waitFor({ timeout: 60_000 });
      expect(await page.locator('td[data-pc]').count()).toBe(0);

      expect(app.offOrigin()).toEqual([]);
      expect(app.errors).toEqual([]);
    },
  );

  it(
    'a broken file fails alone, with its message; the page still imports the next file',
    { timeout: 120_000 },
    async () => {
      // A fresh profile: no covariate stored yet.
      const { origin } = app;
      const page = await (await app.session()).newPage();
      await page.goto(`${origin}/covariates`);
      await page.locator('[data-covariates-empty]').waitFor({ timeout: 60_000 });
      await page.locator('[data-covariate-file]').setInputFiles({
        name: '坏文件.xlsx',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from('PK\u0003\u0004 not a workbook'),
      });
      expect(await page.locator('[data-covariate-error]').innerText()).toMatch(
        /^“坏文件\.xlsx”不是有效的 XLSX 文件，无法读取/,
      );
      expect(await page.locator('[data-preview]').count()).toBe(0);
      // A file without year or source: the form asks for them (in English this time: no Chinese outside lang="zh").
      await page.goto(`${origin}/covariates?lang=en`);
      await page.locator('[data-covariates-empty]').waitFor({ timeout: 60_000 });
      await page.locator('[data-covariate-file]').setInputFiles({
        name: 'gdp.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('地区,GDP（亿元）\n淮安市,4742.4\n朝阳区,1\n', 'utf8'),
      });
      await page.locator('[data-preview]').waitFor();
      expect(await page.locator('[data-covariate-error]').count()).toBe(0);
      await expectEnglish(page, 'covariates');
      await page.screenshot({ path: join(SHOTS, 'covariates-form-en.png'), fullPage: true });
      await page.locator('[data-covariate-year]').fill('2024');
      await page.locator('[data-covariate-source]').fill('测试用虚构数据');
      await page.locator('[data-covariate-save]').click();
      await page.locator('tr[data-covariate="GDP（亿元）"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('tr[data-covariate="GDP（亿元）"] [data-cov-year]').innerText()).toBe('2024');
      await page.screenshot({ path: join(SHOTS, 'covariates-form.png'), fullPage: true });
    },
  );
});
