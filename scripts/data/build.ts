/**
 * npm run data — parse the real reports in data/reports/ with the engine and
 * write the dashboard's tables as Arrow IPC (static/data/*.arrow) plus the
 * build-time aggregates for the first paint (static/data/aggregates.json),
 * computed with the same DuckDB-WASM engine and SQL the browser runs.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toArrowIPC } from '../../src/lib/data/arrow';
import { buildTables } from '../../src/lib/data/build';
import { reportId } from '../../src/lib/data/normalize';
import { createNodeDb } from '../../src/lib/db/node';
import { overviewSql } from '../../src/lib/db/queries';
import { bodiesOf, bodiesSql, type BodyRow } from '../../src/lib/overview/bodies';
import { TABLES } from '../../src/lib/db/types';
import { metricViews } from '../../src/lib/metrics/sql';
import { parseWorkPlan } from '../../src/lib/oversight/workplan';
import { embeddedVersion } from '../../src/lib/data/version';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'static/data');
mkdirSync(OUT, { recursive: true });
// What scripts/data/first-paint.ts computes from these tables goes first: never left beside tables it does not fit.
rmSync(join(OUT, 'first-paint.json'), { force: true });
rmSync(join(OUT, 'computed'), { recursive: true, force: true });

const { tables, skipped, records, texts } = await buildTables(join(ROOT, 'data/reports'));
// Each report's record (with provenance) and the text it was read from, for the report view.
mkdirSync(join(OUT, 'reports'), { recursive: true });
const index: { report_id: string; file: string }[] = [];
records.forEach((r, i) => {
  const file = `r${String(i).padStart(4, '0')}`;
  index.push({ report_id: reportId(r), file });
  writeFileSync(join(OUT, 'reports', `${file}.json`), JSON.stringify({ record: r, text: texts.get(r) ?? null }));
});
writeFileSync(join(OUT, 'reports/index.json'), JSON.stringify(index));

// Documents that are not reports but real work plans (工作要点), for /workplan: their text as read, and an index.
mkdirSync(join(OUT, 'workplans'), { recursive: true });
const plans: { file: string; source: string; title: string | null; year: number | null; docNo: string | null; items: number }[] = [];
for (const r of skipped) {
  const text = texts.get(r);
  if (r.kind !== 'not_annual_report' || !text) continue;
  const plan = parseWorkPlan(text);
  if (!plan.title || !plan.items.length) continue;
  const file = `${r.source.replace(/\.[^.]+$/, '')}.txt`;
  writeFileSync(join(OUT, 'workplans', file), text);
  plans.push({ file, source: r.source, title: plan.title, year: plan.year, docNo: plan.docNo, items: plan.items.length });
}
writeFileSync(join(OUT, 'workplans/index.json'), JSON.stringify(plans));
const db = await createNodeDb();
const shipped: Partial<Record<(typeof TABLES)[number], Uint8Array>> = {};
for (const name of TABLES) {
  const ipc = toArrowIPC(name, tables[name] as never);
  writeFileSync(join(OUT, `${name}.arrow`), ipc);
  shipped[name] = ipc;
  await db.loadArrow(name, ipc);
}
// The data set version (src/lib/data/version.ts): a hash of the files shipped, cited by every view.
const version = await embeddedVersion(shipped);
for (const sql of metricViews()) await db.query(sql);

const overview = await db.query(overviewSql);
// Which bodies are loaded, for the overview's first lines.
const bodies = bodiesOf(await db.query<BodyRow>(bodiesSql));
const aggregates = {
  dataset: 'builtin',
  synthetic: false,
  version,
  generated: new Date().toISOString(),
  source: '数据来源：各单位政府信息公开工作年度报告（data/reports）',
  reports: tables.reports.length,
  not_reports: skipped.map((r) => ({ source: r.source, kind: r.kind, reason: r.reason })),
  bodies,
  overview,
};
writeFileSync(join(OUT, 'aggregates.json'), JSON.stringify(aggregates, null, 2) + '\n');
await db.close();
console.log(`data: ${tables.reports.length} reports, version ${version} → static/data/*.arrow (${TABLES.map((t) => `${t} ${tables[t].length}`).join(', ')}); ${skipped.length} file(s) not reports, ${plans.length} of them work plans → static/data/workplans/`);
