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
  /** Its group in the navigation (the overview stands alone, before the groups). */
  group: NavGroupKey | null;
}

/** The navigation's groups, in the order a supervisor goes through them: what the data says, what is wrong in it, going further, bringing it in. */
export const NAV_GROUPS = [
  { key: 'analysis', zh: '分析', en: 'Analysis' },
  { key: 'checks', zh: '核查', en: 'Checks' },
  { key: 'research', zh: '研究', en: 'Research' },
  { key: 'data', zh: '数据', en: 'Data' },
] as const;
export type NavGroupKey = (typeof NAV_GROUPS)[number]['key'];

/** In the order a supervisor reads them. */
export const VIEWS = [
  { key: 'overview', path: '/', zh: '总览', en: 'Overview', group: null },
  { key: 'ranking', path: '/ranking', zh: '排名', en: 'Ranking', group: 'analysis' },
  { key: 'compare', path: '/compare', zh: '对比', en: 'Compare', group: 'analysis' },
  { key: 'requests', path: '/requests', zh: '申请办理', en: 'Requests', group: 'analysis' },
  { key: 'review', path: '/review', zh: '复议诉讼', en: 'Review & litigation', group: 'analysis' },
  { key: 'trend', path: '/trend', zh: '趋势', en: 'Trends', group: 'analysis' },
  { key: 'report', path: '/report', zh: '报告', en: 'Report', group: 'data' },
  { key: 'quality', path: '/quality', zh: '数据质量', en: 'Data quality', group: 'checks' },
  {
    key: 'oversight',
    path: '/oversight',
    zh: '跨年核查',
    en: 'Cross-year',
    heading: { zh: '跨年核查', en: 'Cross-year checks' },
    group: 'checks',
  },
  { key: 'submission', path: '/submission', zh: '报送情况', en: 'Submission', group: 'checks' },
  { key: 'workplan', path: '/workplan', zh: '工作要点', en: 'Work plan', group: 'checks' },
  { key: 'profile', path: '/profile', zh: '单位画像', en: 'Profile', group: 'analysis' },
  {
    key: 'sql',
    path: '/sql',
    zh: 'SQL 控制台',
    en: 'SQL',
    heading: { zh: 'SQL 控制台', en: 'SQL console' },
    group: 'research',
  },
  { key: 'covariates', path: '/covariates', zh: '协变量', en: 'Covariates', group: 'research' },
  { key: 'data', path: '/data', zh: '开放数据', en: 'Open data', group: 'data' },
  {
    key: 'import',
    path: '/import',
    zh: '导入',
    en: 'Import',
    heading: { zh: '导入报告', en: 'Import reports' },
    group: 'data',
  },
] as const satisfies readonly ViewDef[];

export type ViewKey = (typeof VIEWS)[number]['key'];

export const viewOf = (key: ViewKey): ViewDef => VIEWS.find((v) => v.key === key)!;

/** A view's heading: its own where it has one, else its name in the navigation. */
export const headingOf = (v: ViewDef) => v.heading ?? { zh: v.zh, en: v.en };

/** The views of a group, in the order of VIEWS. */
export const viewsIn = (group: NavGroupKey): ViewDef[] => VIEWS.filter((v) => v.group === group);
