/**
 * npx mingjing parse FILE…   JSON lines per shared/contract/report-json.md
 * npx mingjing check FILE…   the findings as a readable Chinese table
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { nodeEnv } from '../lib/report/io/node';
import { readReportFile, unreadable } from '../lib/report/io/read';
import type { ReportRecord } from '../lib/report/types';
import { renderCheck } from './check';

const USAGE = `用法 usage:
  mingjing parse [--pretty] [--no-cells] FILE…   每个文件输出一行 JSON（契约 mingjing.report/1）
  mingjing check FILE…                           以表格列出每个文件的问题（findings）
`;

async function readOne(path: string, withCells: boolean): Promise<{ record: ReportRecord; openError?: string }> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? '文件不存在' : err.code === 'EISDIR' ? '这是一个文件夹，不是文件' : err.code === 'EACCES' ? '没有读取权限' : err.message;
    return { record: unreadable(path, `无法打开文件：${why}`), openError: `${path}: ${why} (${err.code ?? 'error'})` };
  }
  return { record: await readReportFile(bytes, path, nodeEnv, { provenance: withCells }) };
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '-h' || cmd === '--help' || (cmd !== 'parse' && cmd !== 'check')) {
    process.stderr.write(USAGE);
    return cmd && cmd !== '-h' && cmd !== '--help' ? 2 : 0;
  }
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const files = rest.filter((a) => !a.startsWith('--'));
  for (const f of flags) {
    if (!['--pretty', '--no-cells'].includes(f)) {
      process.stderr.write(`未知选项 unknown option: ${f}\n${USAGE}`);
      return 2;
    }
  }
  if (files.length === 0) {
    process.stderr.write(`请给出至少一个文件 no input files\n${USAGE}`);
    return 2;
  }
  let failed = 0;
  const out: string[] = [];
  for (const f of files) {
    const { record, openError } = await readOne(f, cmd === 'parse' && !flags.has('--no-cells'));
    if (openError) {
      failed++;
      process.stderr.write(`mingjing: ${openError}\n`);
    }
    if (cmd === 'parse') out.push(flags.has('--pretty') ? JSON.stringify(record, null, 2) : JSON.stringify(record));
    else out.push(renderCheck({ ...record, source: basename(record.source) }));
  }
  process.stdout.write(out.join('\n') + '\n');
  return failed ? 1 : 0;
}
