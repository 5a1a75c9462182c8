/**
 * npm run data:synthetic -- --reports 100000 --years 5 --seed 1 [--province CODE] [--texts N] [--out DIR]
 * npm run data (its last step) -- --demo
 *
 * Writes a SYNTHETIC data set (src/lib/synthetic/generate.ts) for benchmarks
 * and scale tests into static/synthetic/ (or DIR): the dashboard shows it with
 * `?data=synthetic`, under the banner 模拟数据, never mixed with real reports.
 *
 * Every record goes through the same validator as a real report. What ships:
 * reports, agencies and findings as normalized; the indicators pre-aggregated
 * (report_metrics, evaluated from the one definition of each indicator); and
 * the long cell tables (active, requests, review_litigation) only up to
 * LONG_LIMIT reports — at national scale they would be tens of millions of
 * rows, more than a browser tab should hold. injected.json lists the
 * deliberate errors.
 *
 * --province CODE: only that province's bodies (GB/T 2260, e.g. 64). --demo:
 * the national demo that `npm start` ships, written only where no set is
 * (a set written by data:synthetic is never overwritten): one whole province
 * (宁夏, 64 — every government, office and department of its cities and
 * counties, about 2,400 reports over 5 years: enough to rank, built in seconds
 * on two cores), no report texts.
 *
 * texts/: for a sample of N reports (default min(reports, 500); reports with
 * an injected error left out), the whole report text in the layouts of the
 * seed reports (src/lib/synthetic/sample-texts.ts: plain PDF text, one cell
 * per line, markdown, TSV; wrapped and vertical labels, page footers …), as
 * UTF-8 `<source>.txt`, and texts/expected.json mapping each file name to
 * the numbers it prints (agency, year, format, active, requests, review,
 * litigation_*) — what parsing it must give back. bench/parse.ts times and
 * checks the parser on them.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeIPC, reportMetricsSchema, toArrowIPC } from '../../src/lib/data/arrow';
import { normalize, reportId } from '../../src/lib/data/normalize';
import { createNodeDb } from '../../src/lib/db/node';
import { overviewSql } from '../../src/lib/db/queries';
import { bodiesOf, bodiesSql, type BodyRow } from '../../src/lib/overview/bodies';
import { TABLES } from '../../src/lib/db/types';
import { METRICS } from '../../src/lib/metrics/definitions';
import { metricsRow, metricValuesView } from '../../src/lib/metrics/sql';
import { validate } from '../../src/lib/report/validate';
import { generate } from '../../src/lib/synthetic/generate';
import { sampleTexts } from '../../src/lib/synthetic/sample-texts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const demo = process.argv.includes('--demo');
const province = arg('province', demo ? '64' : '') || undefined;
// A province's bodies are all taken (the count is only a ceiling).
const reports = Number(arg('reports', demo ? '100000' : '1000'));
const years = Number(arg('years', '5'));
const seed = Number(arg('seed', '1'));
const OUT = resolve(arg('out', join(import.meta.dirname, '../../static/synthetic')));
const textCount = Number(arg('texts', demo ? '0' : String(Math.min(reports, 500))));
if (demo && existsSync(join(OUT, 'aggregates.json'))) {
  console.log(`synthetic: a set is there already (${OUT}), kept`);
  process.exit(0);
}
/** Above this many reports the long cell tables are not shipped (see the file comment). */
const LONG_LIMIT = 20_000;

const t0 = performance.now();
const { records, injected } = generate({ reports, years, seed, province });
for (const r of records) r.findings = validate(r);
const tables = normalize(records, 'synthetic');
const long = records.length <= LONG_LIMIT;

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
for (const name of TABLES) {
  const rows = long || !['active', 'requests', 'review_litigation'].includes(name) ? tables[name] : [];
  writeFileSync(join(OUT, `${name}.arrow`), toArrowIPC(name, rows as never));
}
const levelOf = new Map(tables.reports.map((r) => [r.report_id, r.level]));
// report_metrics, one row per report, evaluated from the one definition of each indicator.
// Sorted by level and year: a ranking (one level, one year) reads a few row groups, not all of them.
const metricRows = records.map((r) => {
  const id = reportId(r);
  return { report_id: id, level: levelOf.get(id)!, year: r.year!, ...metricsRow(r) };
}).sort((a, b) => a.level.localeCompare(b.level) || a.year - b.year);
const metricIpc = encodeIPC(reportMetricsSchema(), metricRows);
writeFileSync(join(OUT, 'report_metrics.arrow'), metricIpc);

// The overview's first paint, as for the real data: the same SQL on the same engine.
const db = await createNodeDb();
await db.loadArrow('reports', toArrowIPC('reports', tables.reports));
await db.loadArrow('report_metrics', metricIpc);
await db.query(metricValuesView());
const overview = await db.query(overviewSql);
// Which bodies are loaded, for the overview's first lines.
const bodies = bodiesOf(await db.query<BodyRow>(bodiesSql));
await db.close();
const aggregates = {
  dataset: 'synthetic',
  synthetic: true,
  generated: new Date().toISOString(),
  source: demo
    ? `模拟数据（npm run data 的演示集：一个省的全部单位，${years} 年，种子 ${seed}），不是真实报告，仅供演示和基准测试`
    : `模拟数据（npm run data:synthetic --reports ${reports} --years ${years} --seed ${seed}${province ? ` --province ${province}` : ''}），不是真实报告，仅供基准测试`,
  reports: records.length,
  not_reports: [],
  long_tables: long,
  options: { reports, years, seed, province: province ?? null, demo },
  bodies,
  overview,
};
writeFileSync(join(OUT, 'aggregates.json'), JSON.stringify(aggregates, null, 2) + '\n');
writeFileSync(join(OUT, 'injected.json'), JSON.stringify(injected, null, 1) + '\n');

const texts = sampleTexts(records, { count: textCount, seed, exclude: new Set(injected.map((e) => e.source)) });
mkdirSync(join(OUT, 'texts'), { recursive: true });
for (const t of texts) writeFileSync(join(OUT, 'texts', t.name), t.text);
writeFileSync(join(OUT, 'texts', 'expected.json'), JSON.stringify(Object.fromEntries(texts.map((t) => [t.name, t.numbers]))) + '\n');
console.log(`synthetic: ${records.length} reports (${tables.agencies.length} agencies, ${years} years, seed ${seed}), ${injected.length} injected errors, `
  + `${metricRows.length * METRICS.length} indicator values${long ? '' : ', long tables left out'}, ${texts.length} report texts → ${OUT} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
