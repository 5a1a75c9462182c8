/**
 * npx mingjing parse FILE…   JSON lines per shared/contract/report-json.md
 * npx mingjing check FILE…   the findings as a readable Chinese table
 * npx mingjing db --out corpus.duckdb FILE…   the browser's tables and views in a native DuckDB file (./db.ts)
 */
import { CLI_TIMEOUT_SECONDS } from '../lib/limits/files';
import { DB_USAGE } from './db-usage';
import { resolveInputs } from './inputs';
import { withoutPageFolders } from './page-resources';
import type { FileOutput, OutputMode } from './read-file';
import { visible } from './terminal';

const USAGE = `用法 usage:
  mingjing parse [--pretty] [--no-cells] [--jobs N] [--timeout S] FILE|DIR…   每个文件输出一行 JSON（契约 mingjing.report/1）
  mingjing check [--jobs N] [--timeout S] FILE|DIR…                           以表格列出每个文件的问题（findings）
${DB_USAGE}  --jobs N      用 N 个线程并行读取（默认 1） read the batch on N worker threads
  --timeout S   每个文件最多读 S 秒（默认 ${CLI_TIMEOUT_SECONDS}；扫描件按每页识别计），超时的文件报告原因，其余照常
                per-file time limit (a scan: per page read by OCR)
  文件夹 DIR：读取其中（含子文件夹）的所有文件 a folder is read whole
  文件类型 file types: .txt（UTF-8/UTF-16/GBK）、.html/.mht（含图片表格）、.docx、.pdf（含扫描件）、.jpg/.png 表格图片
`;

/** The value of `--name V` or `--name=V` at rest[i]; the index moved past it. */
function optionValue(rest: string[], i: number): { v: string | undefined; i: number } {
  const a = rest[i];
  return a.includes('=') ? { v: a.slice(a.indexOf('=') + 1), i } : { v: rest[i + 1], i: i + 1 };
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  // Loaded only for `db`: the native DuckDB binding is not needed to parse.
  if (cmd === 'db') return (await import('./db')).runDb(rest);
  if (!cmd || cmd === '-h' || cmd === '--help' || (cmd !== 'parse' && cmd !== 'check')) {
    process.stderr.write(USAGE);
    return cmd && cmd !== '-h' && cmd !== '--help' ? 2 : 0;
  }
  const flags = new Set<string>();
  const files: string[] = [];
  let jobs = 1;
  let timeout = CLI_TIMEOUT_SECONDS;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--jobs' || a.startsWith('--jobs=')) {
      const o = optionValue(rest, i);
      i = o.i;
      jobs = Number(o.v);
      if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) {
        process.stderr.write(`--jobs 需要 1 到 256 的整数 (got ${visible(String(o.v))})\n`);
        return 2;
      }
    } else if (a === '--timeout' || a.startsWith('--timeout=')) {
      const o = optionValue(rest, i);
      i = o.i;
      timeout = Number(o.v);
      if (!o.v || !Number.isFinite(timeout) || timeout <= 0 || timeout > 86_400) {
        process.stderr.write(`--timeout 需要大于 0、不超过 86400 的秒数 (got ${visible(String(o.v))})\n`);
        return 2;
      }
    } else if (a.startsWith('--')) {
      if (!['--pretty', '--no-cells'].includes(a)) {
        process.stderr.write(`未知选项 unknown option: ${visible(a)}\n${USAGE}`);
        return 2;
      }
      flags.add(a);
    } else files.push(a);
  }
  if (files.length === 0) {
    process.stderr.write(`请给出至少一个文件 no input files\n${USAGE}`);
    return 2;
  }
  const withCells = cmd === 'parse' && !flags.has('--no-cells');
  const mode: OutputMode = cmd === 'check' ? 'check' : flags.has('--pretty') ? 'pretty' : 'json';
  // A saved page's X_files/ pictures are read with the page (diskResources), not as reports of their own.
  const inputs = withoutPageFolders(resolveInputs(files));

  // Results are printed in input order, each as soon as every earlier one is ready.
  const done: (FileOutput | undefined)[] = Array(inputs.length);
  let printed = 0;
  let failed = 0;
  // Output piped into a reader that stops (`| head`): stop quietly too.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(failed ? 1 : 0);
  });
  const onResult = (i: number, r: FileOutput) => {
    done[i] = r;
    if (r.openError) {
      failed++;
      process.stderr.write(`mingjing: ${r.openError}\n`);
    }
    while (printed < inputs.length && done[printed]) {
      process.stdout.write(done[printed]!.bytes);
      done[printed] = undefined;
      printed++;
    }
  };
  // Every file is read on a worker thread, even with --jobs 1: only a thread can be stopped at the time limit.
  await (await import('./jobs')).readParallel(inputs, { withCells, mode, jobs, timeoutMs: timeout * 1000 }, onResult);
  return failed ? 1 : 0;
}
