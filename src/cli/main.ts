/**
 * npx mingjing parse FILE…   JSON lines per shared/contract/report-json.md
 * npx mingjing check FILE…   the findings as a readable Chinese table
 */
import type { FileOutput, OutputMode } from './read-file';

const USAGE = `用法 usage:
  mingjing parse [--pretty] [--no-cells] [--jobs N] FILE…   每个文件输出一行 JSON（契约 mingjing.report/1）
  mingjing check [--jobs N] FILE…                           以表格列出每个文件的问题（findings）
  --jobs N   用 N 个线程并行读取（默认 1） read the batch on N worker threads
  文件类型 file types: .txt（UTF-8/GBK）、.html、.docx、.pdf
`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '-h' || cmd === '--help' || (cmd !== 'parse' && cmd !== 'check')) {
    process.stderr.write(USAGE);
    return cmd && cmd !== '-h' && cmd !== '--help' ? 2 : 0;
  }
  const flags = new Set<string>();
  const files: string[] = [];
  let jobs = 1;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--jobs' || a.startsWith('--jobs=')) {
      const v = a.includes('=') ? a.split('=')[1] : rest[++i];
      jobs = Number(v);
      if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) {
        process.stderr.write(`--jobs 需要 1 到 256 的整数 (got ${v})\n`);
        return 2;
      }
    } else if (a.startsWith('--')) {
      if (!['--pretty', '--no-cells'].includes(a)) {
        process.stderr.write(`未知选项 unknown option: ${a}\n${USAGE}`);
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

  // Results are printed in input order, each as soon as every earlier one is ready.
  const done: (FileOutput | undefined)[] = Array(files.length);
  let printed = 0;
  let failed = 0;
  const onResult = (i: number, r: FileOutput) => {
    done[i] = r;
    if (r.openError) {
      failed++;
      process.stderr.write(`mingjing: ${r.openError}\n`);
    }
    while (printed < files.length && done[printed]) {
      process.stdout.write(done[printed]!.text + '\n');
      done[printed] = undefined;
      printed++;
    }
  };
  // Loaded only where used: with --jobs the engine runs on the workers alone.
  if (jobs > 1 && files.length > 1) await (await import('./jobs')).readParallel(files, withCells, mode, jobs, onResult);
  else {
    const { readAndFormat } = await import('./read-file');
    for (let i = 0; i < files.length; i++) onResult(i, await readAndFormat(files[i], withCells, mode));
  }
  return failed ? 1 : 0;
}
