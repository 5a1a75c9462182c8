/**
 * The 通报 (src/lib/briefing) built in Node from the embedded reports in the real DuckDB-WASM, then read back
 * from the .docx (JSZip + word/document.xml) part by part: the title, the figures (each equal to what SQL
 * over the cell tables says), the ranked table (every line, in the ranking's order), every report with
 * problems of its own and each problem's words, no reading problem held against a body, the late reports
 * with their dates and the article of the 条例, the 口径 and source notes, and the chart in word/media.
 */
import { resolve } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { briefingOf, briefingQueries } from '../src/lib/briefing/data';
import { briefingDocx, figureLines } from '../src/lib/briefing/document';
import { buildTables } from '../src/lib/data/build';
import type { Db } from '../src/lib/db/types';
import { RANKING_METRICS } from '../src/lib/db/queries';
import { METRIC_BY_KEY } from '../src/lib/metrics/definitions';
import { defaultReading, rankTable } from '../src/lib/ranking/table';
import { appDb } from './support/app-db';
import { answer, embeddedDb, withMetricViews } from './support/db';
import { readDocx, type DocxRead } from './support/docx';

/** A real PNG of w × h (one grey pixel row repeated), standing in for chartPng's output, which needs a browser. */
function png(w: number, h: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const raw = Buffer.alloc((w + 1) * h, 0x80);
  for (let y = 0; y < h; y++) raw[y * (w + 1)] = 0;
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

const reading = defaultReading;

async function build(db: Db, level: string, year: number, r = reading(), synthetic = false) {
  const a = await answer(db, briefingQueries(level, year));
  const table = rankTable(a.ranking, r);
  const b = briefingOf(a, table, r, { level, year, synthetic });
  const image = { png: png(40, 30), width: 400, height: 300 };
  const doc = await readDocx(await briefingDocx(b, image));
  return { a, table, b, doc, image };
}
const q = (s: string) => s.replace(/'/g, "''");
/** The paragraphs from a heading up to the next heading. */
function section(doc: DocxRead, heading: string): string[] {
  const i = doc.paragraphs.indexOf(heading);
  expect(i, heading).toBeGreaterThan(-1);
  const next = doc.styles.findIndex((s, j) => j > i && s === 'Heading1');
  return doc.paragraphs.slice(i + 1, next === -1 ? undefined : next);
}

describe('通报 of the embedded reports (real DuckDB, read back from the .docx)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await withMetricViews(await embeddedDb());
  }, 120_000);
  afterAll(() => db.close());

  it(
    'writes every part for every level and year there is, each number as SQL counts it',
    { timeout: 120_000 },
    async () => {
      const scopes = await db.query<{ level: string; year: number }>('SELECT DISTINCT level, year FROM reports');
      expect(scopes.length).toBeGreaterThan(1);
      // How many of the report's own problems were checked: the embedded set has some, or the test proves nothing.
      let checked = 0;
      for (const { level, year } of scopes) {
        const { b, doc, table, image } = await build(db, level, year);
        const where = `r.level = '${q(level)}' AND r.year = ${year}`;

        // The title: the document's first paragraph, in the Title style.
        expect(doc.paragraphs[0]).toBe(`${year}年度${level}政府信息公开工作年度报告情况通报`);
        expect(doc.styles[0]).toBe('Title');
        for (const h of ['一、基本情况', '二、排名', '三、报告本身的问题', '四、逾期发布', '五、口径与来源'])
          expect(doc.styles[doc.paragraphs.indexOf(h)], h).toBe('Heading1');

        // The figures, each against SQL on the tables (not on what the briefing computed).
        const [c] = await db.query<{ n: number; bodies: number }>(
          `SELECT count(*)::INT AS n, count(DISTINCT coalesce(region, '') || '|' || agency)::INT AS bodies FROM reports r WHERE ${where}`,
        );
        const [req] = await db.query<{ total: number | null; blank: number }>(
          `SELECT sum(q.value)::INT AS total, (count(*) - count(q.value))::INT AS blank FROM reports r
         LEFT JOIN requests q ON q.report_id = r.report_id AND q.row_key = 'new_received' AND q.col = 6 WHERE ${where}`,
        );
        const [own] = await db.query<{ n: number; errors: number; reports: number }>(
          `SELECT count(*)::INT AS n, count(*) FILTER (WHERE f.severity = 'error')::INT AS errors, count(DISTINCT f.report_id)::INT AS reports
         FROM findings f JOIN reports r USING (report_id) WHERE ${where} AND f.origin = 'report'`,
        );
        const [rd] = await db.query<{ n: number }>(
          `SELECT count(DISTINCT f.report_id)::INT AS n FROM findings f JOIN reports r USING (report_id) WHERE ${where} AND f.origin = 'reading'`,
        );
        const [disc] = await db.query<{ num: number; den: number }>(
          `SELECT sum(m.disclosure_rate__num)::INT AS num, sum(m.disclosure_rate__den)::INT AS den
         FROM report_metrics m JOIN reports r USING (report_id)
         WHERE ${where} AND m.level = '${q(level)}' AND m.year = ${year} AND m.disclosure_rate__num IS NOT NULL AND m.disclosure_rate__den IS NOT NULL`,
        );
        const figures = section(doc, '一、基本情况');
        expect(figures).toEqual(figureLines(b));
        expect(figures[0]).toContain(`共 ${c.n} 份，涉及 ${c.bodies} 个单位`);
        expect(figures[1]).toBe(
          req.total === null
            ? '本年新收政府信息公开申请：各报告均未填报（空白，不计为0）。'
            : `本年新收政府信息公开申请合计 ${req.total} 件${req.blank ? `（另有 ${req.blank} 份报告该项空白，不计为0）` : ''}。`,
        );
        if (disc.den)
          expect(figures[2]).toContain(
            `予以公开与部分公开 ${disc.num} 件 ÷ 办理结果总计 ${disc.den} 件（n = ${disc.den}）`,
          );
        else expect(figures[2]).toBe('公开率：各报告均无可计算的分母。');
        expect(figures[3]).toBe(
          `报告本身的数据问题 ${own.n} 条（其中错误 ${own.errors} 条），涉及 ${own.reports} 份报告。`,
        );
        expect(figures[5]).toContain(`另有 ${rd.n} 份报告含读取问题`);

        // The ranking: its choice in words, the chart as the one image, the table line by line in rank order.
        const ranking = section(doc, '二、排名');
        expect(ranking[0]).toContain('按“综合得分”从高到低排列');
        for (const k of RANKING_METRICS) expect(ranking[0]).toContain(METRIC_BY_KEY[k].zh);
        expect([...doc.media.values()]).toEqual([image.png]);
        expect(doc.xml).toContain('<pic:pic');
        const ranked = doc.tables[0];
        expect(ranked[0]).toEqual(['名次', '单位', '地区', '综合得分', '小样本']);
        expect(ranked.slice(1).map((r) => r[1])).toEqual(table.map((e) => e.agency));
        expect(ranked.slice(1).map((r) => r[0])).toEqual(
          table.map((e) => (e.all.rank === null ? '—' : String(e.all.rank))),
        );
        ranked.slice(1).forEach((r, i) => {
          const s = table[i].all.score;
          expect(r[3]).toBe(s === null ? '—' : (s * 100).toFixed(1));
          expect(r[4]).toBe(table[i].small ? '是' : '');
        });

        // Every report-origin problem in words under its report; no reading-only message anywhere.
        const problems = section(doc, '三、报告本身的问题').join('\n');
        const mine = await db.query<{ agency: string; message: string }>(
          `SELECT r.agency, f.message FROM findings f JOIN reports r USING (report_id) WHERE ${where} AND f.origin = 'report'`,
        );
        for (const f of mine) {
          expect(problems).toContain(f.agency);
          expect(problems).toContain(f.message);
        }
        if (!mine.length) expect(problems).toBe('本范围内的报告未发现报告本身的问题。');
        // One bullet per problem: nothing else is listed against a body.
        expect(section(doc, '三、报告本身的问题').filter((x) => /^\[(错误|警告|提示)\] /.test(x))).toHaveLength(
          mine.length,
        );
        checked += mine.length;

        // None of the embedded reports is late (each prints a date within its deadline, or none).
        expect(section(doc, '四、逾期发布')[0]).toContain('没有逾期发布的报告');

        // 口径 and source: the composite formula, every indicator's formula, the reading note, the source.
        const notes = section(doc, '五、口径与来源').join('\n');
        expect(notes).toContain('综合得分 ＝ Σ（权重 × 归一化值）');
        for (const k of RANKING_METRICS) expect(notes).toContain(`${METRIC_BY_KEY[k].zh}＝${METRIC_BY_KEY[k].formula}`);
        expect(notes).toContain('读取问题：');
        expect(notes).toContain(`数据来源：各单位政府信息公开工作年度报告（${year}年度，${level}，共 ${c.n} 份）`);
        expect(notes).not.toContain('模拟数据');
        expect(b.synthetic).toBe(false);
      }
      expect(checked).toBeGreaterThan(0);
    },
  );

  it('names the indicator and order chosen, with the rate’s n, and says 模拟数据 when it is', async () => {
    const r = reading({ sortKey: 'disclosure_rate', desc: false });
    const { doc, table, b } = await build(db, '县', 2021, r, true);
    expect(doc.paragraphs[0]).toBe('【模拟数据】2021年度县政府信息公开工作年度报告情况通报');
    expect(doc.paragraphs[1]).toContain('模拟数据：本通报由程序生成的模拟数据');
    expect(section(doc, '二、排名')[0]).toContain('按“公开率”从低到高排列');
    expect(doc.tables[0][0]).toEqual(['名次', '单位', '地区', '公开率', 'n', '小样本']);
    doc.tables[0].slice(1).forEach((row, i) => {
      const m = table[i].m.disclosure_rate;
      expect(row[1]).toBe(table[i].agency);
      expect(row[4]).toBe(m.denominator === null ? '' : String(m.denominator));
    });
    expect(b.sources.at(-2)).toContain('模拟数据');
  });
});

describe('通报 of a late report and of a reading problem (the embedded reports, one date moved, one finding added)', () => {
  let db: Db;
  beforeAll(async () => {
    const { tables } = await buildTables(resolve(__dirname, '../data/reports'));
    // 运城市人民政府办公室 published its 2021 report on 2022-01-25; here on 2022-03-15, 43 days after 31 January.
    const yc = tables.reports.find((r) => r.agency === '运城市人民政府办公室' && r.year === 2021)!;
    expect(yc.published).toBe('2022-01-25');
    yc.published = '2022-03-15';
    // Our reader's problem on the other 办公室 report of 2021: never the body's, only counted.
    const yd = tables.reports.find((r) => r.agency === '临汾市尧都区人民政府办公室' && r.year === 2021)!;
    tables.findings.push({
      report_id: yd.report_id,
      rule: 'reading.unplaced_numbers',
      severity: 'warning',
      origin: 'reading',
      message: '读取测试：第12行的数字未能对应到任何行',
      cells: '[]',
      line: 12,
    });
    yd.n_reading = 1;
    db = await appDb(tables);
  }, 120_000);
  afterAll(() => db.close());

  it('lists each late report with its date, the deadline, the days and the article of the 条例', async () => {
    const { doc, b } = await build(db, '办公室', 2021);
    expect(b.figures.late).toBe(1);
    expect(section(doc, '一、基本情况').join('\n')).toContain('逾期发布 1 份；未载明发布日期 1 份');
    expect(section(doc, '四、逾期发布')[0]).toBe('以下 1 份报告的发布日期晚于法定期限：');
    const late = doc.tables[1];
    expect(late[0]).toEqual(['单位', '发布日期', '法定期限', '逾期天数', '依据']);
    expect(late.slice(1)).toEqual([
      ['运城市人民政府办公室', '2022-03-15', '2022-01-31', '43', '《政府信息公开条例》第四十九条第一款'],
    ]);
    // The reading problem: counted as a report with reading problems, never listed as the body's.
    expect(section(doc, '一、基本情况').join('\n')).toContain('另有 1 份报告含读取问题');
    expect(doc.xml).not.toContain('读取测试');
    const problems = section(doc, '三、报告本身的问题');
    expect(problems.filter((x) => x.startsWith('[')).length).toBe(
      b.problems.reduce((a, p) => a + p.problems.length, 0),
    );
    const notes = section(doc, '五、口径与来源').join('\n');
    expect(notes).toContain('逾期：报告所载发布日期晚于 2022-01-31（《政府信息公开条例》第四十九条第一款');
  });
});
