/**
 * Every view of the app, once: its path and its name in both languages. The
 * navigation, each page's <title> and its h1 read from here (ViewHeader).
 */
export interface ViewDef {
  key: string;
  path: string;
  /** The name in the navigation. */
  zh: string;
  en: string;
  /** The page's heading where it says more than the navigation. */
  heading?: { zh: string; en: string };
}

/** In the order a supervisor reads them. */
export const VIEWS = [
  { key: 'overview', path: '/', zh: '总览', en: 'Overview' },
  { key: 'ranking', path: '/ranking', zh: '排名', en: 'Ranking' },
  { key: 'compare', path: '/compare', zh: '对比', en: 'Compare' },
  { key: 'requests', path: '/requests', zh: '申请办理', en: 'Requests' },
  { key: 'review', path: '/review', zh: '复议诉讼', en: 'Review & litigation' },
  { key: 'trend', path: '/trend', zh: '趋势', en: 'Trends' },
  { key: 'report', path: '/report', zh: '报告', en: 'Report' },
  { key: 'quality', path: '/quality', zh: '数据质量', en: 'Data quality' },
  {
    key: 'oversight',
    path: '/oversight',
    zh: '跨年核查',
    en: 'Cross-year',
    heading: { zh: '跨年核查', en: 'Cross-year checks' },
  },
  { key: 'submission', path: '/submission', zh: '报送情况', en: 'Submission' },
  { key: 'workplan', path: '/workplan', zh: '工作要点', en: 'Work plan' },
  { key: 'profile', path: '/profile', zh: '单位画像', en: 'Profile' },
  { key: 'sql', path: '/sql', zh: 'SQL 控制台', en: 'SQL', heading: { zh: 'SQL 控制台', en: 'SQL console' } },
  { key: 'covariates', path: '/covariates', zh: '协变量', en: 'Covariates' },
  { key: 'data', path: '/data', zh: '开放数据', en: 'Open data' },
  { key: 'import', path: '/import', zh: '导入', en: 'Import', heading: { zh: '导入报告', en: 'Import reports' } },
] as const satisfies readonly ViewDef[];

export type ViewKey = (typeof VIEWS)[number]['key'];

export const viewOf = (key: ViewKey): ViewDef => VIEWS.find((v) => v.key === key)!;

/** A view's heading: its own where it has one, else its name in the navigation. */
export const headingOf = (v: ViewDef) => v.heading ?? { zh: v.zh, en: v.en };
