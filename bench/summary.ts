/**
 * npm run bench:summary — the last run of every benchmark (bench/results/*.json)
 * as one table, written to bench/results/latest.json. `npm run bench` ends with it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const DIR = resolve(import.meta.dirname, 'results');
const read = (name: string) => {
  const f = join(DIR, `${name}.json`);
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>) : null;
};
const parse = read('parse'),
  ui = read('ui'),
  imp = read('import'),
  restart = read('restart'),
  scale = read('scale'),
  ocr = read('ocr');
const jobs = parse?.jobs as Record<string, number>[] | undefined;
const at = (n: number) => (scale?.results as Record<string, number>[] | undefined)?.find((r) => r.reports === n);
const s1k = at(1000),
  s100k = at(100000);
const rows: [string, unknown, string][] = [
  [
    'text reports parsed per second, one core',
    (parse?.text as Record<string, unknown> | undefined)?.reports_per_second,
    '≥ 1,000/s',
  ],
  [
    'synthetic texts (seed layouts) parsed/s, one core',
    (parse?.synthetic_text as Record<string, unknown> | undefined)?.reports_per_second,
    '≥ 1,000/s',
  ],
  [
    'CLI parse --jobs 1 / 2, reports/s (speedup)',
    jobs
      ? `${jobs[0]?.reports_per_second} / ${jobs[1]?.reports_per_second} (${jobs[1]?.speedup} ×; two separate processes ${jobs[1]?.separate_processes_speedup ?? '?'} ×)`
      : undefined,
    'linear: 2 × on 2 cores',
  ],
  [
    'PDF ms per page, one core (× pdf.js floor)',
    parse?.pdf
      ? `${(parse.pdf as Record<string, unknown>).ms_per_page} (${(parse.pdf as Record<string, unknown>).x_floor ?? '?'} ×)`
      : undefined,
    '≤ 150 ms, ≤ 1.5 × floor',
  ],
  ['DOCX ms per report, one core', (parse?.docx as Record<string, unknown> | undefined)?.ms_per_report, '≤ 50 ms'],
  ['DuckDB-WASM floor (bare page ready)', ui?.floor_ms, '—'],
  ['our first contentful paint', ui?.first_paint_ms, '≤ 500 ms'],
  [
    "slowest view's first paint, ms (× floor)",
    ui?.view_first_paint_max_ms ? `${ui.view_first_paint_max_ms} (${ui.view_first_paint_max_over_floor} ×)` : undefined,
    '≤ 500 ms, ≤ 0.3 × floor',
  ],
  [
    'our DuckDB ready (× floor), cold / warm',
    ui
      ? `${ui.duckdb_ready_ms} ms (${ui.ready_over_floor} ×) / ${ui.warm_duckdb_ready_ms ?? '?'} ms (${ui.warm_ready_over_floor ?? '?'} ×)`
      : undefined,
    '≤ 1.0 × floor',
  ],
  [
    'ranking query, embedded data, p50 / p95',
    ui ? `${ui.ranking_query_p50_ms} / ${ui.ranking_query_p95_ms} ms` : undefined,
    '—',
  ],
  ['browser import, 100 text reports', imp?.text_100_ms, '≤ 2,000 ms'],
  ['browser import, 20 PDFs', imp?.pdf_20_ms, '≤ 10,000 ms'],
  [
    "DuckDB ready with 1,000 of the user's reports: derived / kept (workspace → tables)",
    restart
      ? `${restart.first_start_ready_ms} (${restart.first_start_workspace_tables_ms}) / ${restart.again_ready_ms} (${restart.again_workspace_tables_ms}) ms`
      : undefined,
    'kept: not derived again',
  ],
  ...(
    [
      [1000, s1k],
      [100000, s100k],
    ] as const
  ).flatMap(
    ([n, r]) =>
      [
        [
          `ranking / trend / compare p50 at ${n.toLocaleString('en')} (ms)`,
          r ? `${r.ranking_p50_ms} / ${r.trend_p50_ms} / ${r.compare_p50_ms}` : undefined,
          n === 100000 ? 'ranking ≤ 150' : '—',
        ],
        [
          `ranking / trend / compare p95 at ${n.toLocaleString('en')} (ms)`,
          r ? `${r.ranking_p95_ms} / ${r.trend_p95_ms} / ${r.compare_p95_ms}` : undefined,
          '—',
        ],
        [`view change at ${n.toLocaleString('en')} (ms)`, r?.view_change_ms, '≤ 200 ms'],
        [
          `JS heap / tab RSS after load at ${n.toLocaleString('en')} (MB)`,
          r ? `${r.js_heap_mb} / ${r.tab_rss_mb}` : undefined,
          'tab ≤ 1,024 MB',
        ],
      ] as [string, unknown, string][],
  ),
  ['OCR seconds per page at 200 dpi, one core', ocr?.s_per_page, '≤ 3 s per page'],
];
console.log('Mingjing benchmarks (last run of each; bench/results/*.json):');
for (const [what, value, goal] of rows)
  console.log(`  ${what.padEnd(52)} ${String(value ?? 'not run').padEnd(22)} ${goal}`);
writeFileSync(
  join(DIR, 'latest.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      rows: rows.map(([what, value, goal]) => ({ what, value: value ?? null, goal })),
      parse,
      ui,
      import: imp,
      scale,
    },
    null,
    2,
  ) + '\n',
);
