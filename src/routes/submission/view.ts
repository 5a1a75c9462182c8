/**
 * 报送情况: what the view asks (every report of the data shown), and how they
 * become the expected list of a jurisdiction against the reports present for a
 * year: who has not reported, who reported late, whose report prints no date,
 * and which reports are not on the list. Plain functions, tested in Node
 * (tests/views/submission.test.ts); +page.svelte only composes them.
 */
import { jurisdictionsAbove } from '$lib/oversight/divisions';
import {
  expectedCounties,
  submissionStatus,
  type ExpectedList,
  type Submission,
  type SubmissionStatus,
} from '$lib/oversight/expected';
import { reportsQuery, type LoadedReport } from '$lib/oversight/reports-query';
import type { ReportRecord } from '$lib/report/types';
import { t } from '$lib/i18n.svelte';
import { LEVEL_UNKNOWN_DEADLINE, statusZh } from '$lib/ui/oversight-words';
import { SOURCE, type Msg } from '$lib/ui/words';
import { askAll } from '$lib/db/coordinator';
import type { FirstPaintStep } from '$lib/db/prerendered';

/** Every report of the data shown. */
export const submissionQueries = (load?: Parameters<typeof reportsQuery>[0]) => ({ reports: reportsQuery(load) });

/** A jurisdiction's code as a prefix: a province's two digits, a city's four, a county's six. */
const prefixOf = (code: string) =>
  code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;
export const under = (reports: readonly LoadedReport[], code: string) =>
  reports.filter((r) => (r.record.region_code ?? '').startsWith(prefixOf(code)));

/**
 * The view's scope from its URL and the reports: the jurisdiction (default: the city with the most reports
 * under it), the year (default: the latest of the jurisdiction), and whether its own government and
 * development zones are on the list.
 */
export function scopeOf(params: URLSearchParams, reports: readonly LoadedReport[]) {
  /** Cities and provinces above the places the reports come from. */
  const places = jurisdictionsAbove(reports.map((r) => r.record.region_code ?? ''));
  const p = params.get('code');
  const cities = places.filter((x) => x.level === '市');
  const code =
    p && /^\d{6}$/.test(p)
      ? p
      : ([...cities].sort((a, b) => under(reports, b.code).length - under(reports, a.code).length)[0]?.code ?? '');
  const scoped = code ? under(reports, code) : [...reports];
  const years = [...new Set(reports.map((r) => r.record.year).filter((y): y is number => y !== null))].sort(
    (a, b) => b - a,
  );
  const year = Number(params.get('year')) || Math.max(0, ...scoped.map((r) => r.record.year ?? 0)) || years[0] || 0;
  return {
    places,
    code,
    scoped,
    years,
    year,
    includeSelf: params.get('self') === '1',
    includeZones: params.get('zones') === '1',
    placeName: places.find((x) => x.code === code)?.name ?? code,
    listed: places.some((x) => x.code === code),
  };
}
export type Scope = ReturnType<typeof scopeOf>;

/** The list uploaded replaces the GB/T 2260 one (the county-level governments under the code). */
export const expectedOf = (s: Scope, uploaded: ExpectedList | null): ExpectedList =>
  uploaded ??
  (s.code
    ? expectedCounties(s.code, { includeSelf: s.includeSelf, includeZones: s.includeZones })
    : { agencies: [], warnings: [] });

/** Each body of the list with its status for the year, and the reports not on the list. */
export function statusOf(s: Scope, expected: ExpectedList, reports: readonly LoadedReport[]): Submission {
  const idOf = new Map<ReportRecord, string>(reports.map((r) => [r.record, r.id]));
  return submissionStatus(
    expected,
    s.scoped.map((r) => r.record),
    s.year,
    (r) => idOf.get(r) ?? '',
  );
}

const ORDER: SubmissionStatus[] = ['missing', 'late', 'undated', 'on_time', 'unknown'];
/** The statuses counted, `unknown` (a body of unknown level: no deadline) only where there is one. */
export const shownOrder = (result: Submission) => ORDER.filter((x) => x !== 'unknown' || result.counts.unknown > 0);
/** Reading problems of each report (含读取问题 beside it); the 报送 status itself never depends on them. */
export const readingOf = (reports: readonly LoadedReport[]) => new Map(reports.map((r) => [r.id, r.row.n_reading]));

/* --------------------------------------------- export (Chinese headers, as every export) */
export const note = (code: string, uploaded: string | null) =>
  t(
    `数据来源：各单位政府信息公开工作年度报告；应报送名单：${uploaded ? `上传的文件“${uploaded}”` : `GB/T 2260 行政区划代码 ${code} 所辖县级行政区`}。`,
    `${SOURCE.en}; expected list: ${uploaded ? `the uploaded file “${uploaded}”` : `the county-level divisions under GB/T 2260 code ${code}`}.`,
  );
export const filename = (code: string, year: number) => `报送情况_${code || '名单'}_${year}`;

export function exportOf(result: Submission) {
  return {
    columns: [
      { key: 'row', label: '序号' },
      { key: 'name', label: '应报送单位' },
      { key: 'code', label: '区划代码' },
      { key: 'level', label: '层级' },
      { key: 'status', label: '状态' },
      { key: 'agency', label: '报告所署单位' },
      { key: 'published', label: '发布日期' },
      { key: 'deadline', label: '法定期限' },
      { key: 'days', label: '逾期天数' },
      { key: 'report_id', label: '报告编号' },
    ],
    rows: [
      ...result.rows.map((r, i) => ({
        row: i + 1,
        name: r.expected.name,
        code: r.expected.code ?? '',
        level: r.expected.level ?? '',
        status: r.status === 'unknown' ? `${statusZh(r.status)}（${LEVEL_UNKNOWN_DEADLINE.zh}）` : statusZh(r.status),
        agency: r.reports.map((x) => x.agency).join('；'),
        published: r.reports[0]?.published ?? '',
        deadline: r.deadline?.date ?? '',
        days: r.status === 'late' ? r.daysLate : '',
        report_id: r.reports.map((x) => x.id).join('；'),
      })),
      ...result.extras.map((x) => ({
        row: '',
        name: '',
        code: '',
        level: '',
        status: '名单外报告',
        agency: x.agency,
        published: '',
        deadline: '',
        days: '',
        report_id: x.id,
      })),
    ],
  };
}

export const W = {
  intro: {
    zh:
      '某一辖区内应当报送年度报告的单位，与已有的报告对照：哪些单位该年度未报送，哪些逾期发布（条例第四十九条），哪些报告未载明发布日期，以及不在名单上的报告。' +
      '应报送名单可由 GB/T 2260 行政区划代码自动生成（所辖县级人民政府），也可上传 CSV 或 XLSX 文件（列：单位名称、区划代码、层级）。',
    en:
      'The bodies under a jurisdiction that must publish an annual report, against the reports present: who has not reported for the year, ' +
      'who published late (art. 49 of the Regulations), whose report prints no date, and which reports are not on the list. ' +
      'The expected list is derived from the GB/T 2260 division codes (the county-level governments under the code) ' +
      'or uploaded as a CSV or XLSX file (columns: name, division code, level).',
  },
  unreadable: (e: string): Msg => ({ zh: `名单无法读取：${e}`, en: `The list could not be read: ${e}` }),
  extrasNote: (year: number): Msg => ({
    zh: `该辖区 ${year} 年度、不与名单上任何单位对应的报告`,
    en: `reports of ${year} under the jurisdiction that match no body on the list`,
  }),
} as const;

/** The default state (no parameter in the URL), as the page asks it: prerendered into its HTML (src/lib/db/prerendered.ts). */
export const firstPaint: FirstPaintStep = (ask, load) => askAll(ask, submissionQueries(load));
