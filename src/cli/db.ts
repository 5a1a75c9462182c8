/**
 * npx mingjing db [--jobs N] [--timeout S] [--batch N] [--parquet DIR] --out corpus.duckdb FILE|DIR…
 * npx mingjing db --synthetic N [--years Y] [--seed S] --out corpus.duckdb   (measurement: no parsing)
 *
 * The files are read as `parse` reads them (worker threads, per-file time
 * limit), normalized in batches and appended to a native DuckDB file
 * ($lib/db/native): the same tables, indicator views and aggregates the
 * browser builds. The same report as PDF and as its text is kept once, the
 * original (as `npm run data` does: the files are read PDF first and a
 * report of the same agency and year already taken is skipped). Resumable: a
 * report already in the file is skipped, so a stopped run is run again as it was.
 */
import { extname } from 'node:path';
import { normalize, reportId } from '../lib/data/normalize';
import { openNative, type NativeCorpus } from '../lib/db/native';
import { CLI_TIMEOUT_SECONDS } from '../lib/limits/files';
import type { ReportRecord } from '../lib/report/types';
import { DB_USAGE } from './db-usage';
import { resolveInputs } from './inputs';
import { withoutPageFolders } from './page-resources';
import { visible } from './terminal';

const PREFER = ['.pdf', '.docx', '.html', '.htm', '.txt'];
const rank = (source: string) => {
  const k = PREFER.indexOf(extname(source).toLowerCase());
  return k < 0 ? PREFER.length : k;
};

interface DbOptions {
  out: string;
  parquet: string | null;
  jobs: number;
  timeout: number;
  batch: number;
  synthetic: number;
  years: number;
  seed: number;
  files: string[];
}

function parseArgs(rest: string[]): DbOptions | string {
  const o: DbOptions = {
    out: '',
    parquet: null,
    jobs: 1,
    timeout: CLI_TIMEOUT_SECONDS,
    batch: 5000,
    synthetic: 0,
    years: 5,
    seed: 1,
    files: [],
  };
  const numeric = {
    jobs: [1, 256],
    timeout: [0.001, 86_400],
    batch: [1, 1e7],
    synthetic: [1, 1e8],
    years: [1, 50],
    seed: [0, 2 ** 31],
  } as const;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('--')) {
      o.files.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const v = eq < 0 ? rest[++i] : a.slice(eq + 1);
    if (v === undefined) return `--${name} 需要一个值`;
    if (name === 'out') o.out = v;
    else if (name === 'parquet') o.parquet = v;
    else if (name in numeric) {
      const [lo, hi] = numeric[name as keyof typeof numeric];
      const n = Number(v);
      if (!Number.isFinite(n) || n < lo || n > hi || (name !== 'timeout' && !Number.isInteger(n)))
        return `--${name} 需要 ${lo} 到 ${hi} 之间的${name === 'timeout' ? '数' : '整数'} (got ${visible(v)})`;
      o[name as keyof typeof numeric] = n;
    } else return `未知选项 unknown option: ${visible(a)}`;
  }
  if (!o.out) return '请用 --out 给出 DuckDB 文件 (--out corpus.duckdb)';
  if (!o.synthetic && o.files.length === 0) return '请给出至少一个文件 no input files';
  return o;
}

const log = (s: string) => process.stderr.write(`mingjing db: ${s}\n`);

/** Synthetic records, batch by batch (each its own seed; sources named by batch so every report id is new). */
async function* syntheticBatches(o: DbOptions): AsyncGenerator<ReportRecord[]> {
  const { generate } = await import('../lib/synthetic/generate');
  const { validate } = await import('../lib/report/validate');
  for (let b = 0, done = 0; done < o.synthetic; b++) {
    const n = Math.min(o.batch, o.synthetic - done);
    const { records } = generate({ reports: n, years: o.years, seed: o.seed * 1_000_003 + b });
    for (const r of records) {
      r.source = `b${String(b).padStart(5, '0')}-${r.source}`;
      r.findings = validate(r);
    }
    done += n;
    yield records;
  }
}

export async function runDb(rest: string[]): Promise<number> {
  if (rest.includes('-h') || rest.includes('--help')) {
    process.stderr.write(`用法 usage:\n${DB_USAGE}`);
    return 0;
  }
  const o = parseArgs(rest);
  if (typeof o === 'string') {
    process.stderr.write(`${o}\n用法 usage:\n${DB_USAGE}`);
    return 2;
  }
  const t0 = performance.now();
  const corpus = await openNative(o.out);
  let added = 0;
  let skipped = 0;
  let failed = 0;
  try {
    const put = async (records: ReportRecord[], dataset: string) => {
      const n = await corpus.append(normalize(records, dataset));
      added += n;
      skipped += records.length - n;
      log(
        `${added} 份报告已写入（${skipped} 份已在文件中或重复，跳过）${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    };
    if (o.synthetic) for await (const records of syntheticBatches(o)) await put(records, 'synthetic');
    else failed = await readFiles(o, corpus, (records) => put(records, 'builtin'));
    log(`建立指标视图与汇总表 views and aggregates…`);
    await corpus.finish();
    if (o.parquet) {
      await corpus.parquet(o.parquet);
      log(`Parquet（按年分区）→ ${visible(o.parquet)}`);
    }
    const [{ n }] = await corpus.query<{ n: number }>('SELECT count(*) AS n FROM reports');
    log(
      `完成：新增 ${added} 份，文件中共 ${n} 份报告 → ${visible(o.out)}，用时 ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  } finally {
    corpus.close();
  }
  return failed ? 1 : 0;
}

/** Read the files on worker threads (as `parse`), in batches of annual reports not already in the file; the count that could not be opened. */
async function readFiles(
  o: DbOptions,
  corpus: NativeCorpus,
  put: (records: ReportRecord[]) => Promise<void>,
): Promise<number> {
  // The original first: a report's PDF before its text, so the text is the one skipped.
  const inputs = withoutPageFolders(resolveInputs(o.files))
    .map((input, k) => ({ input, k }))
    .sort((a, b) => rank(a.input.source) - rank(b.input.source) || a.k - b.k)
    .map((x) => x.input);
  const have = new Set(
    (await corpus.query<{ k: string }>(`SELECT agency || '|' || year AS k FROM reports`)).map((r) => r.k),
  );
  const { readParallel } = await import('./jobs');
  const utf8 = new TextDecoder();
  let failed = 0;
  let batch: ReportRecord[] = [];
  let writing: Promise<void> = Promise.resolve();
  // Results arrive in any order; taken in input order, so that which copy of a report is kept does not depend on timing.
  const done: (string | undefined)[] = Array(inputs.length);
  let next = 0;
  await readParallel(inputs, { withCells: true, mode: 'json', jobs: o.jobs, timeoutMs: o.timeout * 1000 }, (i, r) => {
    if (r.openError) {
      failed++;
      process.stderr.write(`mingjing: ${r.openError}\n`);
    }
    done[i] = utf8.decode(r.bytes); // the record as `parse` prints it (JSON and a line end)
    for (; next < inputs.length && done[next] !== undefined; next++) {
      const record = JSON.parse(done[next]!) as ReportRecord;
      done[next] = undefined;
      if (record.kind !== 'annual_report' || !record.agency || record.year === null) continue;
      const key = `${record.agency}|${record.year}`;
      if (have.has(key) && !corpus.hasReport(reportId(record))) continue; // another file of a report already taken
      have.add(key);
      batch.push(record);
      if (batch.length >= o.batch) {
        const full = batch;
        batch = [];
        writing = writing.then(() => put(full));
      }
    }
  });
  await writing;
  if (batch.length) await put(batch);
  return failed;
}
