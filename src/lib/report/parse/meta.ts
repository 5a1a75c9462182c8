/** Title, year, publication date, fee and format: the facts around the tables. */
import { FORMAT_2019_MARKERS, FORMAT_2021_MARKERS, plausibleYear, type FormatId } from '../formats';
import type { SourceLine } from '../text/lines';

const squeeze = (s: string) => s.replace(/\s+/g, '');

function firstLines(lines: readonly SourceLine[], n: number): SourceLine[] {
  return lines.filter((l) => l.text.trim() !== '').slice(0, n);
}

export interface Title {
  text: string;
  agency: string | null;
  year: number | null;
  /** The title calls the document a 年度报告. */
  isReport: boolean;
}

/** Agency names end with the body; strip the report words around them. */
function cleanAgency(s: string): string | null {
  const a = s
    .replace(/^(?:关于)/, '')
    .replace(/(?:的)?(?:政府信息公开|政务公开|信息公开)?(?:工作)?$/, '')
    .replace(/[《》“”"]/g, '')
    .trim();
  return a.length >= 2 ? a : null;
}

/**
 * A spreadsheet formula or DDE payload rather than a name: it starts like a
 * formula (= + - @, or their full-width forms) or holds a character no body's
 * name has and a formula does (=cmd|' /C calc'!A0: | = ! \ < >).
 */
export function formulaLike(name: string): boolean {
  return /^[=+\-@\uff1d\uff0b\uff0d\uff20]/.test(name) || /[|=!\\<>\uff1d\uff5c]/.test(name);
}

/**
 * Whether a name read from the title can be a body's name: it has Chinese in
 * it and is not formula-like. A title that is a payload names no body: the
 * record then says meta.agency_unknown (a reading finding), so it is never a
 * clean report that 接受全部 accepts unseen.
 */
export function plausibleAgency(name: string): boolean {
  return /[\u3400-\u9fff]/.test(name) && !formulaLike(name);
}

/** The title: the first lines, up to and including the one that says 年度报告. */
export function readTitle(lines: readonly SourceLine[]): Title {
  const head = firstLines(lines, 6);
  let joined = '';
  for (const l of head) {
    joined += squeeze(l.text);
    if (joined.includes('年度报告')) break;
    if (joined.length > 120) break;
  }
  const text = joined.slice(0, 160);
  const m = /^(.*?)(\d{4})年(?:度)?(.*?)年度报告/.exec(text);
  if (!m) return { text, agency: null, year: null, isReport: text.includes('年度报告') };
  const year = plausibleYear(Number(m[2])) ? Number(m[2]) : null;
  // The name before the year, else after it (2021年度XX局政府信息公开工作年度报告); a payload anywhere in the title names no body.
  const [before, after] = [cleanAgency(m[1]), cleanAgency(m[3])];
  const agency =
    (before !== null && formulaLike(before)) || (after !== null && formulaLike(after))
      ? null
      : ([before, after].find((a): a is string => a !== null && plausibleAgency(a)) ?? null);
  return { text: text.slice(0, m.index + m[0].length), agency, year, isReport: true };
}

/** The statistics period, when the title has no year: 统计时限为2021年1月1日至2021年12月31日. */
export function readPeriodYear(full: string): number | null {
  const m = /统计(?:时限|期限|时间)[^。]{0,20}?(\d{4})年1月1日/.exec(squeeze(full));
  return m && plausibleYear(Number(m[1])) ? Number(m[1]) : null;
}

const DATE = /(\d{4})年(\d{1,2})月(\d{1,2})日/;
const pad = (n: string) => n.padStart(2, '0');

/** The date under the signature, or a 发布日期 line near the top. */
export function readPublished(
  lines: readonly SourceLine[],
  year: number | null,
): { date: string; line: SourceLine } | null {
  const ok = (y: number) => year === null || y >= year;
  for (const l of firstLines(lines, 8)) {
    const m = /(?:发布日期|发布时间|成文日期)[:：](\d{4})[-年./](\d{1,2})[-月./](\d{1,2})/.exec(squeeze(l.text));
    if (m && ok(Number(m[1]))) return { date: `${m[1]}-${pad(m[2])}-${pad(m[3])}`, line: l };
  }
  const tail = lines.filter((l) => l.text.trim() !== '').slice(-6);
  for (const l of tail.reverse()) {
    const s = squeeze(l.text);
    if (s.length > 16) continue; // a sentence, not a signature date
    const m = DATE.exec(s);
    if (m && ok(Number(m[1]))) return { date: `${m[1]}-${pad(m[2])}-${pad(m[3])}`, line: l };
  }
  return null;
}

/**
 * 信息处理费 from section 六: 0 where the report says none was collected,
 * the amount in yuan where it states one, null where it says nothing.
 */
export function readProcessingFee(section6: string): number | null {
  const s = squeeze(section6);
  const amount =
    /(?:处理费|信息处理费)[^。；\d]{0,12}?(\d+(?:\.\d+)?)(万元|元)/.exec(s) ??
    /收取[^。；\d]{0,24}?(\d+(?:\.\d+)?)(万元|元)[^。；]{0,6}(?:处理费|费用)/.exec(s);
  if (amount) return Number(amount[1]) * (amount[2] === '万元' ? 10000 : 1);
  if (
    /(?:未|没有|无|不|均未|未曾)(?:收取|产生|发生|收)[^。；]{0,24}(?:处理费|费用)|(?:处理费|费用)[^。；]{0,6}(?:为零|为0|为〇)/.test(
      s,
    )
  )
    return 0;
  return null;
}

/** Which national format, from the words of 表二, then from the text, then from the year. */
export function detectFormat(
  activeText: string,
  full: string,
  year: number | null,
): { format: FormatId; basis: string } {
  const s = squeeze(activeText);
  const n19 = (s.match(new RegExp(FORMAT_2019_MARKERS.source, 'g')) ?? []).length;
  const n21 = (s.match(new RegExp(FORMAT_2021_MARKERS.source, 'g')) ?? []).length;
  if (n19 > n21) return { format: '2019', basis: '表二栏目为2019年格式' };
  if (n21 > n19) return { format: '2021', basis: '表二栏目为2021年格式' };
  const f = squeeze(full);
  if (/〔2021〕30号|\[2021\]30号/.test(f)) return { format: '2021', basis: '正文引用国办公开办函〔2021〕30号' };
  if (/〔2019〕60号|\[2019\]60号/.test(f)) return { format: '2019', basis: '正文引用国办公开办函〔2019〕60号' };
  return year !== null && year <= 2020
    ? { format: '2019', basis: '按报告年度推断' }
    : { format: '2021', basis: '按报告年度推断' };
}

/** Documents that are not annual reports announce themselves in the title. */
export const NOT_REPORT_TITLE = /工作要点|实施方案|工作方案|工作计划|通知|意见|办法|规定|细则|指南/;
