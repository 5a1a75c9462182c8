/**
 * Report text → the normalized record of the contract. Never throws on bad
 * input: what cannot be read becomes `kind: "unreadable"` with a reason, and
 * every oddity inside a report becomes a finding.
 */
import { FORMAT_NAMES, squeezeLabel } from '../formats';
import { toRows } from '../text/cells';
import { toLines, type SourceLine } from '../text/lines';
import { SCHEMA, type Finding, type ReportRecord } from '../types';
import { validate } from '../validate';
import { settleOrigins } from '../validate/origin';
import { reviewGroupHolds } from '../validate/identities';
import { detectFormat, NOT_REPORT_TITLE, readPeriodYear, readProcessingFee, readPublished, readTitle } from './meta';
import { resolveRegion } from './region';
import { findSections, type SectionRange } from './sections';
import { readActive, readRequests, readReview } from './tables';

export interface ParseOptions {
  /** Include `cells` (provenance of every value). Default true. */
  provenance?: boolean;
}

/** A record that carries no numbers: for inputs that are not reports or cannot be read. */
export function emptyRecord(source: string, kind: ReportRecord['kind'], reason?: string): ReportRecord {
  return {
    schema: SCHEMA,
    source,
    kind,
    ...(reason ? { reason } : {}),
    agency: null,
    region: null,
    region_code: null,
    year: null,
    format: null,
    published: null,
    active: {},
    requests: {},
    review: null,
    litigation_direct: null,
    litigation_after_review: null,
    processing_fee_yuan: null,
    findings: [],
  };
}

const firstLineMatching = (lines: readonly SourceLine[], from: number, re: RegExp) => {
  for (let i = from; i < lines.length; i++) if (re.test(squeezeLabel(lines[i].text))) return i;
  return -1;
};

/** Where the sections and their tables are; the narrative is everything before the first table section. */
function tableRanges(lines: readonly SourceLine[]) {
  const sections = findSections(lines);
  // Where a heading is missing, fall back to the first table row of that section.
  const reqStart = sections.requests?.start ?? firstLineMatching(lines, 0, /本年(?:度)?新收/);
  const actStart = sections.active?.start ?? firstLineMatching(lines, 0, /第二十条|信息内容/);
  // Without its heading, 表四 is known by its own header rows (a lone picture of it, issue 18).
  const revStart = sections.review ? -1 : reviewHeader(lines, Math.max(reqStart, actStart, 0));
  const revRange =
    sections.review ?? (revStart < 0 ? null : { start: revStart, end: sections.problems?.start ?? lines.length });
  const reqRange: SectionRange | null =
    reqStart < 0 ? null : { start: reqStart, end: revRange?.start ?? sections.problems?.start ?? lines.length };
  const actRange: SectionRange | null =
    actStart < 0 || (reqRange && actStart > reqRange.start)
      ? null
      : { start: actStart, end: reqRange?.start ?? revRange?.start ?? lines.length };
  const narrativeEnd = actRange?.start ?? reqRange?.start ?? (sections.review ? null : revRange?.start) ?? lines.length;
  // A range found by its heading starts at the heading (not a row of the table); one found by its first row
  // starts at that row, which is the table's (a lone picture of 表三 has no heading: its 一、本年新收 row was lost).
  const headed = new Set([sections.requests, sections.active, sections.review].filter((r) => r));
  return { sections, reqRange, actRange, revRange, narrativeEnd, headed };
}

/**
 * 表四's first header row (the range starts there: its rows are read from the next line), found by the
 * header's structure, not by a word: a table row naming 行政复议 and 行政诉讼, then within three lines a table row
 * of at least ten cells (结果维持 … 总计 under each group: OCR may garble those words, not the row). A sentence
 * that mentions 行政复议 (a work plan, a news page) is no table row. -1: none.
 */
function reviewHeader(lines: readonly SourceLine[], from: number): number {
  // Rows of a table (cells TAB-separated, as HTML, DOCX, ruled PDF tables and OCR'd grids give them), never prose.
  const cells = (l: SourceLine) => l.text.split('\t').length;
  for (let i = from; i < lines.length; i++) {
    if (cells(lines[i]) < 2 || !/行政复议.*行政诉讼/.test(squeezeLabel(lines[i].text))) continue;
    const header = (l: SourceLine) => {
      const c = l.text.split('\t').filter((t) => t.trim());
      return cells(l) >= 10 && c.filter((t) => /\p{Script=Han}/u.test(t)).length > c.length / 2; // words, not numbers
    };
    if (lines.slice(i + 1, i + 4).some(header)) return i;
  }
  return -1;
}

/**
 * 表四 read whole and proven by its identities: its 15 cells lined up with no error, at least one a number,
 * and in each of its three groups 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计 (blank ≠ 0, but a blank adds
 * nothing; a group all blank is a group with nothing to report) — what lets a lone 表四 (a picture of it) stand
 * as a partial report, as a lone 表三 does.
 */
function reviewProven(review: ReturnType<typeof readReview>): boolean {
  if (review.recognized < 1 || review.findings.some((f) => f.severity === 'error')) return false;
  const groups = Object.values(review.values);
  if (!groups.some((g) => g?.some((c) => c !== null))) return false;
  // A group with a blank 总计 stands only when it is blank throughout.
  return groups.every(
    (g) => g !== null && g.length === 5 && (reviewGroupHolds(g) ?? g.slice(0, 4).every((c) => c === null)),
  );
}

/** The rules `validate` owns: they depend on the values, so they are recomputed when a value changes. */
const VALUE_RULE = /^(?:requests|review|active|narrative)\./;

/**
 * The findings of a record whose values were changed after parsing (a user's
 * correction): what the reader found about the layout stays, every check on
 * the values is run again on the new values, against the same report text.
 */
export function revalidate(record: ReportRecord, text: string | null): Finding[] {
  const lines = text === null ? [] : toLines(text);
  const narrative = lines.slice(0, tableRanges(lines).narrativeEnd);
  return settleOrigins([...record.findings.filter((f) => !VALUE_RULE.test(f.rule)), ...validate(record, narrative)]);
}

export function parseReportText(text: string, source: string, opts: ParseOptions = {}): ReportRecord {
  try {
    return parseUnsafe(text, source, opts);
  } catch (e) {
    // A bug of ours must not lose the batch: say so plainly, as this file's result.
    return emptyRecord(source, 'unreadable', `解析程序内部错误：${(e as Error).message}`);
  }
}

function parseUnsafe(text: string, source: string, opts: ParseOptions): ReportRecord {
  const lines = toLines(text);
  if (!lines.some((l) => l.text.trim() !== '')) return emptyRecord(source, 'unreadable', '文件中没有可读的文字');

  const title = readTitle(lines);
  if (!title.isReport && NOT_REPORT_TITLE.test(title.text)) {
    const line = lines.slice(0, 40).find((l) => NOT_REPORT_TITLE.test(l.text));
    const name = (line?.text ?? title.text).replace(/\s+/g, '').slice(0, 60);
    return emptyRecord(source, 'not_annual_report', `标题为“${name}”，不是政府信息公开工作年度报告`);
  }

  const { sections, reqRange, actRange, revRange, narrativeEnd, headed } = tableRanges(lines);
  const full = lines.map((l) => l.text).join('\n');
  const year = title.year ?? readPeriodYear(full);
  const slice = (r: SectionRange | null) => (r ? lines.slice(headed.has(r) ? r.start + 1 : r.start, r.end) : []);

  const { format, basis } = detectFormat(
    slice(actRange)
      .map((l) => l.text)
      .join('\n'),
    full,
    year,
  );
  const active = readActive(toRows(slice(actRange)), format);
  const requests = readRequests(toRows(slice(reqRange)), format);
  const review = readReview(toRows(slice(revRange)));

  if (requests.recognized < 3 && active.recognized < 2 && !(revRange && !sections.review && reviewProven(review))) {
    return title.isReport
      ? emptyRecord(
          source,
          'unreadable',
          '标题是政府信息公开工作年度报告，但正文中找不到可以识别的统计表（表二、表三）',
        )
      : emptyRecord(source, 'not_annual_report', '既没有“政府信息公开工作年度报告”的标题，也没有年度报告的统计表');
  }

  const findings: Finding[] = [];
  // Without a report's title the file may be a piece of the report (a picture of one table, one of its pages):
  // what it lacks is missing from the file we were given, not — as far as anyone can tell — from the body's
  // report, and a row missing from a table in it may lie beyond the picture's edge.
  const piece = !title.isReport;
  // A section the piece lacks has its own rule (reading by rule, validate/origin.ts), so that no later step — a
  // correction's revalidation, a stored record settled again — takes it for the report's section.missing. It names
  // no cells: a reading problem on a table's cells makes every finding on that table the reader's (settleOrigins),
  // and a table that is not in the file has nothing to correct. A piece's table without its heading is no finding:
  // the heading may lie outside the picture, and a finding there would take the table's real errors off the body.
  const missing = (cells: string[], found: boolean, part: string, no: string, name: string): Finding[] => {
    if (!piece)
      return [
        {
          rule: 'section.missing',
          origin: 'report',
          severity: found ? 'warning' : 'error',
          message: found
            ? `找不到“${no}、${name}”标题，按${part === '表四' ? '表头' : '表格行名'}读取${part}`
            : `找不到第${no}部分“${name}”及其表格`,
          cells,
        },
      ];
    if (found) return [];
    const message = `文件没有报告标题，可能只是报告的一部分（如一张表格的图片），其中没有${part}：不算作报告单位的问题`;
    return [{ rule: 'section.not_in_file', origin: 'reading', severity: 'warning', message, cells: [] }];
  };
  if (!sections.requests)
    findings.push(...missing(['requests'], !!reqRange, '表三', '三', '收到和处理政府信息公开申请情况'));
  if (!actRange) findings.push(...missing(['active'], false, '表二', '二', '主动公开政府信息情况'));
  if (!sections.review)
    findings.push(
      ...missing(
        ['review', 'litigation_direct', 'litigation_after_review'],
        !!revRange,
        '表四',
        '四',
        '政府信息公开行政复议、行政诉讼情况',
      ),
    );
  // A table that is not there at all is said once, by its section, not once per row.
  const tableFindings = [
    ...(actRange ? active.findings : []),
    ...(reqRange ? requests.findings : []),
    ...(revRange ? review.findings : []),
  ];
  for (const f of tableFindings)
    findings.push(
      piece && f.rule === 'table.missing_row' ? { ...f, rule: 'table.row_not_in_file', origin: 'reading' } : f,
    );

  const agency = title.agency;
  if (!agency)
    findings.push({
      rule: 'meta.agency_unknown',
      origin: 'reading',
      severity: 'warning',
      message: '标题中找不到报告单位名称',
      cells: ['agency'],
    });
  if (year === null)
    findings.push({
      rule: 'meta.year_unknown',
      origin: 'reading',
      severity: 'warning',
      message: '标题和正文中找不到报告年度',
      cells: ['year'],
    });
  const region = agency
    ? resolveRegion(agency, full)
    : { region: null, code: null, problem: '没有单位名称，无法确定行政区划' };
  if (region.problem)
    findings.push({
      rule: 'meta.region_unresolved',
      origin: 'reading',
      severity: 'info',
      message: region.problem,
      cells: ['region_code'],
    });
  if (basis === '按报告年度推断')
    findings.push({
      rule: 'meta.format_inferred',
      origin: 'reading',
      severity: 'info',
      message: `表格格式无法从栏目判断，按年度推断为${FORMAT_NAMES[format]}格式`,
      cells: ['format'],
    });

  const published = readPublished(lines, year);
  const feeText = sections.other
    ? lines
        .slice(sections.other.start + 1, sections.other.end)
        .map((l) => l.text)
        .join('\n')
    : '';

  const record: ReportRecord = {
    schema: SCHEMA,
    source,
    kind: 'annual_report',
    agency,
    region: region.region,
    region_code: region.code,
    year,
    format,
    published: published?.date ?? null,
    active: active.values,
    requests: requests.values,
    review: review.values.review,
    litigation_direct: review.values.litigation_direct,
    litigation_after_review: review.values.litigation_after_review,
    processing_fee_yuan: readProcessingFee(feeText),
    findings,
  };
  record.findings = settleOrigins([...findings, ...validate(record, lines.slice(0, narrativeEnd))]);
  if (opts.provenance !== false) {
    // Object.assign, not spread: spreading ~200 path keys is a hundred times slower in V8.
    record.cells = Object.assign({}, active.cells, requests.cells, review.cells);
    if (published)
      record.cells.published = {
        line: published.line.no,
        col: 0,
        len: published.line.text.length,
        text: published.line.text.trim(),
      };
  }
  return record;
}
