/**
 * 导入: the words of the review list, what a row says of its file, and a
 * pasted text as the file it becomes. Plain functions, tested in Node
 * (tests/views/import.test.ts); +page.svelte and its parts only compose them.
 * The workspace itself (storing, parsing in the worker, decisions) is
 * $lib/workspace/workspace.svelte.ts.
 */
import { plural, pluralWord, t } from '$lib/i18n.svelte';
import { entryGroup } from '$lib/workspace/decide';
import type { InputFile } from '$lib/workspace/inputs';
import type { Entry, EntryStatus } from '$lib/workspace/types';
import type { Msg } from '$lib/ui/words';

export const STATUS: Record<EntryStatus, Msg> = {
  pending: { zh: '等待解析', en: 'waiting' },
  ok: { zh: '无问题', en: 'ok' },
  findings: { zh: '有问题', en: 'with findings' },
  not_report: { zh: '不是年度报告', en: 'not a report' },
  unreadable: { zh: '无法读取', en: 'unreadable' },
};
export const DECISION = {
  undecided: { zh: '待决定', en: 'to decide' },
  accepted: { zh: '已接受', en: 'accepted' },
  rejected: { zh: '未采用', en: 'set aside' },
  version: { zh: '早期版本', en: 'earlier version' },
} as const satisfies Record<Entry['decision'], Msg>;

/** The name a pasted text is stored and listed under. */
export const PASTED_NAME = '粘贴的文本.txt';

/**
 * A pasted text as the file it becomes: UTF-8 text, named PASTED_NAME. It is
 * imported as a dropped .txt is — stored, parsed in the worker, listed — so an
 * empty paste or a text that is not an annual report is listed with the reason.
 */
export function pastedFile(text: string): InputFile {
  return { name: PASTED_NAME, bytes: new TextEncoder().encode(text) };
}

/** The entries a paste added: those not there before it. */
export const addedSince = (before: ReadonlySet<string>, entries: readonly Entry[]): Entry[] =>
  entries.filter((e) => !before.has(e.id));

/** The counts of the toolbar. */
export function countsOf(entries: readonly Entry[]) {
  return {
    accepted: entries.filter((e) => e.decision === 'accepted').length,
    undecided: entries.filter((e) => e.decision === 'undecided' && (e.status === 'ok' || e.status === 'findings'))
      .length,
    failed: entries.filter((e) => e.status === 'unreadable' || e.status === 'not_report').length,
  };
}

/** How many versions of `e`'s report (same body, same year) are kept: the accepted one and the earlier ones; 0 for no report. */
export function versionsOf(entries: readonly Entry[], e: Entry): number {
  const g = entryGroup(e);
  return g
    ? entries.filter((x) => entryGroup(x) === g && (x.decision === 'accepted' || x.decision === 'version')).length
    : 0;
}

/** The report's own errors and warnings; 读取问题 (what our reader could not place) counted apart. */
export const problems = (e: Entry) =>
  e.record?.findings.filter((f) => f.origin !== 'reading' && f.severity !== 'info').length ?? 0;
export const readingProblems = (e: Entry) => e.record?.findings.filter((f) => f.origin === 'reading').length ?? 0;

export const fmtSize = (n: number) =>
  n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(0)} KB` : `${n} B`;

/** The progress line: which file of how many, and what is being parsed. */
export function progressLine(p: { done: number; total: number; current: string }): string {
  const at = Math.min(p.done + 1, p.total);
  const pct = p.total ? Math.round((100 * p.done) / p.total) : 0;
  return `${t(`第 ${at} / ${p.total} 个文件`, `file ${at} of ${p.total}`)} ${
    p.current ? `· ${t('正在解析', 'parsing')} ${p.current}` : `· ${t('完成', 'done')} (${pct}%)`
  }`;
}

/** A scan being read: the progress bar's value and its words (total 0: the OCR engine is starting). */
export function ocrProgress(p: { done: number; total: number }): { value: number | null; max: number; text: string } {
  if (p.total === 0)
    return { value: null, max: 1, text: t('正在启动文字识别（扫描件）…', 'Starting text recognition (a scan)…') };
  return {
    value: p.done,
    max: p.total,
    text: t(`文字识别：已识别 ${p.done} / ${p.total} 页`, `Text recognition: page ${p.done} of ${p.total} read`),
  };
}

/** What a row says of a scan once read: how many pages OCR read and how long it took. */
export function ocrLine(e: Entry): string | null {
  const o = e.record?.ocr;
  if (!o) return null;
  const s = (o.ms / 1000).toFixed(1);
  return t(
    `已识别 ${o.pages} 页，用时 ${s} 秒（扫描件，文字识别）`,
    `${plural(o.pages, 'page')} read by text recognition in ${s} s (a scan)`,
  );
}

/** The export files, named by the day. */
export const exportName = (kind: 'bundle' | 'csv' | 'jsonl' | 'originals', day: string) =>
  ({
    bundle: `明镜工作区-${day}.zip`,
    csv: `明镜数据-CSV-${day}.zip`,
    jsonl: `明镜报告-${day}.jsonl`,
    originals: `明镜原始文件-${day}.zip`,
  })[kind];

/** The page's longer sentences. */
export const W = {
  lead: {
    zh: '把年度报告文件（.txt .html .docx .pdf，扫描件或表格图片 .jpg .png，或它们的 .zip 压缩包、整个文件夹）拖到下面。文件只在本机浏览器中解析和保存（扫描件也在本机识别），不会上传。',
    en: 'Drop annual report files (.txt .html .docx .pdf, scans or table pictures .jpg .png, a .zip of them, or a whole folder) below. They are parsed and kept in this browser only (scans are read here too); nothing is uploaded.',
  },
  synthetic: {
    zh: '当前显示的是模拟数据：导入真实报告前，请先回到真实数据（页首横幅中的链接）。',
    en: 'Synthetic data is shown: go back to the real data (link in the banner) before importing reports.',
  },
  exports: {
    zh: '完整数据包可在另一台电脑的明镜中导入，得到相同的数据；CSV 每表一个文件，附中英文数据字典。',
    en: 'The full package imports into Mingjing on another machine with identical data; the CSV has one file per table with a data dictionary in Chinese and English.',
  },
  confirmClear: (n: number): Msg => ({
    zh: `清空工作区？这将删除浏览器中保存的 ${n} 个文件、解析结果和全部更正，无法恢复。建议先导出完整数据包。`,
    en: `Clear the workspace? This deletes the ${plural(n, 'file')}, ${pluralWord(n, 'its parsed record', 'their parsed records')} and all corrections kept in this browser. It cannot be undone; export the full package first.`,
  }),
  confirmRemove: (n: number): Msg => ({
    zh: `删除 ${n} 个未采用、不是年度报告或无法读取的文件（连同原始文件）？无法恢复。`,
    en: `Delete ${plural(n, 'file')} that ${pluralWord(n, 'was', 'were')} set aside, ${pluralWord(n, 'is not a report', 'are not reports')} or could not be read (with ${pluralWord(n, 'its original', 'their originals')})? This cannot be undone.`,
  }),
  removeUnused: (n: number): Msg => ({
    zh: `删除未采用和无法读取的文件（${n}）…`,
    en: `Delete files set aside or unreadable (${n})…`,
  }),
  setAside: (n: number): Msg => ({
    zh: `浏览器中有 ${n} 项保存的内容不是明镜写入的格式，已搁置：不载入，不计入任何视图。可以删除它们，或清空工作区。`,
    en: `${plural(n, 'stored item')} ${pluralWord(n, 'is', 'are')} not in the format Mingjing writes and ${pluralWord(n, 'was', 'were')} set aside: not loaded, not in any view. Delete them, or clear the workspace.`,
  }),
  counts: (c: ReturnType<typeof countsOf>): Msg => ({
    zh: `已接受 ${c.accepted} · 待决定 ${c.undecided} · 未能采用 ${c.failed}`,
    en: `${plural(c.accepted, 'report')} accepted · ${c.undecided} to decide · ${plural(c.failed, 'file')} not usable`,
  }),
  readingTitle: {
    zh: '程序未能读准之处，不计入单位的数据问题；对照查看可核对原文并更正',
    en: 'What our reader could not place: not counted against the body; open side by side to check the source and correct it',
  },
} as const;
