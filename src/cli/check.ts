/**
 * `mingjing check`: findings as a plain-text table that lines up in a
 * terminal. Every string taken from the report is passed through `visible`
 * (./terminal.ts): a report cannot send the terminal a control sequence.
 */
import type { ReportRecord } from '../lib/report/types';
import { visible } from './terminal';

const SEVERITY = { error: '错误', warning: '警告', info: '提示' } as const;
const KIND = { annual_report: '年度报告', not_annual_report: '不是年度报告', unreadable: '无法读取' } as const;

/** Display width: CJK and full-width characters take two columns. */
export function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

export function renderCheck(r: ReportRecord): string {
  const v = (x: string | number | null | undefined, none: string) =>
    x === null || x === undefined ? none : visible(String(x));
  const head = [
    `文件 ${visible(r.source)}：${KIND[r.kind] ?? visible(String(r.kind))}`,
    r.kind === 'annual_report'
      ? `单位 ${v(r.agency, '（未识别）')}　地区 ${v(r.region, '—')}（${v(r.region_code, '无代码')}）　年度 ${v(r.year, '—')}　格式 ${v(r.format, '—')}　发布 ${v(r.published, '—')}`
      : `原因 ${v(r.reason, '')}`,
  ];
  if (r.kind !== 'annual_report') return head.join('\n') + '\n';
  if (r.findings.length === 0) return [...head, '未发现问题。', ''].join('\n');
  const rows = r.findings.map((f) => [
    SEVERITY[f.severity] ?? visible(String(f.severity)),
    visible(f.rule),
    visible(f.message),
    visible(f.cells.slice(0, 4).join(' ')) + (f.cells.length > 4 ? ` …共${f.cells.length}格` : ''),
  ]);
  const header = ['级别', '规则', '说明', '单元格'];
  const w0 = Math.max(...[header, ...rows].map((r) => width(r[0])));
  const w1 = Math.max(...[header, ...rows].map((r) => width(r[1])));
  const lines = [header, ...rows].map(
    (r) => `${pad(r[0], w0)}  ${pad(r[1], w1)}  ${r[2]}${r[3] ? `\n${' '.repeat(w0 + w1 + 4)}→ ${r[3]}` : ''}`,
  );
  const counts = (['error', 'warning', 'info'] as const)
    .map((s) => `${SEVERITY[s]} ${r.findings.filter((f) => f.severity === s).length}`)
    .join('，');
  return [...head, `问题：${counts}`, ...lines, ''].join('\n');
}
