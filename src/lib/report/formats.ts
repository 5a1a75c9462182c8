/**
 * The national table formats of the 政府信息公开工作年度报告, described once.
 *
 * 国办公开办函〔2021〕30号 ("2021") and 〔2019〕60号 ("2019") share the layout
 * of 表三 (requests) and 表四 (review and litigation); they differ in 表二
 * (active disclosure) and in whether （六）其他处理 has three sub-rows.
 *
 * The parser finds rows by the `match` patterns below, the validator reads
 * the groups and identities from here, and later the SQL schema and the UI
 * read the keys and Chinese labels from here. Nothing else in the project
 * should spell a row key or a label.
 *
 * `match` patterns run against label text that has been squeezed by
 * `squeezeLabel()` (no whitespace, half-width brackets made full-width,
 * `1、` `1．` made `1.`), so a pattern never needs to allow for spaces or
 * bracket width. Patterns key on the item names, never on article numbers
 * (第二十条第（X）项 is mislabelled in many reports).
 *
 * Where no pattern finds a row's label (split around its numbers,
 * abbreviated, mistyped), the reader aligns the table's rows to this order
 * on the characters the text shares with `label` and `variants`
 * (parse/align.ts), and places a row only where that is certain.
 */

export type FormatId = '2021' | '2019';

/**
 * The reporting years a record may carry. The 条例 took effect in 2008; the
 * bounds are generous around it, and a year outside them printed in a title
 * (9999) is no year: the record then says meta.year_unknown. The workspace
 * package schema holds stored records to the same range.
 */
export const REPORT_YEARS = { min: 2000, max: 2100 } as const;
export const plausibleYear = (y: number) => Number.isInteger(y) && y >= REPORT_YEARS.min && y <= REPORT_YEARS.max;
export const FORMATS: readonly FormatId[] = ['2021', '2019'];

export const FORMAT_NAMES: Record<FormatId, string> = {
  '2021': '国办公开办函〔2021〕30号',
  '2019': '国办公开办函〔2019〕60号',
};

/** 表三 columns: applicant types, then the row total. */
export const REQUEST_COLUMNS = [
  { key: 'natural_person', label: '自然人', en: 'natural persons' },
  { key: 'business', label: '商业企业', en: 'businesses' },
  { key: 'research', label: '科研机构', en: 'research institutions' },
  { key: 'public_interest', label: '社会公益组织', en: 'public-interest organisations' },
  { key: 'legal_services', label: '法律服务机构', en: 'legal service providers' },
  { key: 'other', label: '其他', en: 'other organisations' },
  { key: 'total', label: '总计', en: 'total' },
] as const;
export const REQUEST_WIDTH = REQUEST_COLUMNS.length; // 7
export const TOTAL_COL = REQUEST_WIDTH - 1; // index of 总计

/** Outcome groups of 三、本年度办理结果. */
export type OutcomeGroup = 'granted' | 'partially_granted' | 'denied' | 'unable' | 'not_processed' | 'other';
export const OUTCOME_GROUPS: Record<OutcomeGroup, { label: string; en: string }> = {
  granted: { label: '（一）予以公开', en: 'granted' },
  partially_granted: { label: '（二）部分公开', en: 'partially granted' },
  denied: { label: '（三）不予公开', en: 'denied' },
  unable: { label: '（四）无法提供', en: 'unable to provide' },
  not_processed: { label: '（五）不予处理', en: 'not processed' },
  other: { label: '（六）其他处理', en: 'other handling' },
};

export type RequestRowKey =
  | 'new_received'
  | 'carried_over'
  | 'granted'
  | 'partially_granted'
  | 'denied_state_secret'
  | 'denied_prohibited_by_law'
  | 'denied_security_stability'
  | 'denied_third_party_rights'
  | 'denied_internal_affairs'
  | 'denied_process_info'
  | 'denied_enforcement_file'
  | 'denied_administrative_query'
  | 'unable_not_held'
  | 'unable_needs_creation'
  | 'unable_unclear'
  | 'not_processed_petition'
  | 'not_processed_duplicate'
  | 'not_processed_publication'
  | 'not_processed_excessive'
  | 'not_processed_confirmation'
  | 'other_no_correction'
  | 'other_no_fee'
  | 'other_other'
  | 'other_total'
  | 'processed_total'
  | 'carried_forward';

export interface RequestRowDef {
  key: RequestRowKey;
  /** The official label, as the 2021 format prints it. */
  label: string;
  /** Short label for tables and charts. */
  short: string;
  en: string;
  /** Outcome group for the leaf rows of 三、本年度办理结果; absent for 一、二、（七）、四. */
  group?: OutcomeGroup;
  /** Label patterns on squeezed text; the first that matches anchors the row. */
  match: RegExp;
  /** Other printed forms of the label (seen in reports), for the alignment's character evidence. */
  variants?: readonly string[];
  /** Which formats print this row. */
  formats: readonly FormatId[];
  /**
   * other_total is the single （六）其他处理 row: standard in 2019, a collapsed
   * variant in 2021. It only anchors when no sub-row label follows it.
   */
  collapsedGroup?: OutcomeGroup;
}

const BOTH: readonly FormatId[] = ['2021', '2019'];

/** 表三 rows in printed order. */
export const REQUEST_ROWS: readonly RequestRowDef[] = [
  {
    key: 'new_received',
    label: '一、本年新收政府信息公开申请数量',
    short: '本年新收',
    en: 'new requests',
    match: /本年(?:度)?新收/,
    formats: BOTH,
  },
  {
    key: 'carried_over',
    label: '二、上年结转政府信息公开申请数量',
    short: '上年结转',
    en: 'carried over from last year',
    match: /上年(?:度)?结转/,
    formats: BOTH,
  },
  {
    key: 'granted',
    label: '（一）予以公开',
    short: '予以公开',
    en: 'granted',
    group: 'granted',
    match: /予以公开/,
    formats: BOTH,
  },
  {
    key: 'partially_granted',
    label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    short: '部分公开',
    en: 'partially granted',
    group: 'partially_granted',
    match: /部分公开/,
    variants: ['（二）部分公开'],
    formats: BOTH,
  },
  {
    key: 'denied_state_secret',
    label: '1.属于国家秘密',
    short: '国家秘密',
    en: 'state secret',
    group: 'denied',
    match: /国家秘密/,
    formats: BOTH,
  },
  {
    key: 'denied_prohibited_by_law',
    label: '2.其他法律行政法规禁止公开',
    short: '法律法规禁止',
    en: 'prohibited by other laws',
    group: 'denied',
    match: /其他法律|法规禁止|行政止公开/,
    formats: BOTH,
  },
  {
    key: 'denied_security_stability',
    label: '3.危及“三安全一稳定”',
    short: '三安全一稳定',
    en: 'endangers security or stability',
    group: 'denied',
    match: /危及|三安全/,
    formats: BOTH,
  },
  {
    key: 'denied_third_party_rights',
    label: '4.保护第三方合法权益',
    short: '第三方权益',
    en: 'third-party rights',
    group: 'denied',
    match: /第三方/,
    formats: BOTH,
  },
  {
    key: 'denied_internal_affairs',
    label: '5.属于三类内部事务信息',
    short: '内部事务',
    en: 'internal affairs',
    group: 'denied',
    match: /内部事[务物]/,
    variants: ['5.属于三类内部事物信息'],
    formats: BOTH,
  },
  {
    key: 'denied_process_info',
    label: '6.属于四类过程性信息',
    short: '过程性信息',
    en: 'process information',
    group: 'denied',
    match: /过程性/,
    formats: BOTH,
  },
  {
    key: 'denied_enforcement_file',
    label: '7.属于行政执法案卷',
    short: '执法案卷',
    en: 'enforcement files',
    group: 'denied',
    match: /执法案卷/,
    formats: BOTH,
  },
  {
    key: 'denied_administrative_query',
    label: '8.属于行政查询事项',
    short: '行政查询',
    en: 'administrative query',
    group: 'denied',
    match: /行政查询/,
    formats: BOTH,
  },
  {
    key: 'unable_not_held',
    label: '1.本机关不掌握相关政府信息',
    short: '本机关不掌握',
    en: 'not held',
    group: 'unable',
    match: /不掌握/,
    formats: BOTH,
  },
  {
    key: 'unable_needs_creation',
    label: '2.没有现成信息需要另行制作',
    short: '需另行制作',
    en: 'would need to be created',
    group: 'unable',
    match: /没有现成|另行制作|另外制作/,
    variants: ['2.没有现成信息需要另外制作'],
    formats: BOTH,
  },
  {
    key: 'unable_unclear',
    label: '3.补正后申请内容仍不明确',
    short: '补正后仍不明确',
    en: 'unclear after correction',
    group: 'unable',
    match: /补正后/,
    formats: BOTH,
  },
  {
    key: 'not_processed_petition',
    label: '1.信访举报投诉类申请',
    short: '信访举报投诉',
    en: 'petitions and complaints',
    group: 'not_processed',
    match: /信访/,
    formats: BOTH,
  },
  {
    key: 'not_processed_duplicate',
    label: '2.重复申请',
    short: '重复申请',
    en: 'duplicate requests',
    group: 'not_processed',
    match: /重复申请/,
    formats: BOTH,
  },
  {
    key: 'not_processed_publication',
    label: '3.要求提供公开出版物',
    short: '公开出版物',
    en: 'published material',
    group: 'not_processed',
    match: /出版物|公开出版/,
    formats: BOTH,
  },
  {
    key: 'not_processed_excessive',
    label: '4.无正当理由大量反复申请',
    short: '大量反复申请',
    en: 'excessive repeated requests',
    group: 'not_processed',
    match: /大量反复/,
    formats: BOTH,
  },
  {
    key: 'not_processed_confirmation',
    label: '5.要求行政机关确认或重新出具已获取信息',
    short: '要求确认或重新出具',
    en: 'confirmation or re-issue',
    group: 'not_processed',
    match: /确认或重新|重新出具|行政机关确认/,
    formats: BOTH,
  },
  {
    key: 'other_no_correction',
    label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    short: '逾期不补正',
    en: 'no correction in time',
    group: 'other',
    match: /逾期不补/,
    variants: ['1.申请人无正当理由逾期不补正'],
    formats: ['2021'],
  },
  {
    key: 'other_no_fee',
    label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    short: '逾期未缴费',
    en: 'fee not paid in time',
    group: 'other',
    match: /收费通知|缴纳费用|逾期未按/,
    variants: ['2.申请人逾期未按收费通知要求缴纳费用'],
    formats: ['2021'],
  },
  {
    key: 'other_other',
    label: '3.其他',
    short: '其他',
    en: 'other',
    group: 'other',
    match: /3\.其他(?!法律|处理)/,
    formats: ['2021'],
  },
  {
    key: 'other_total',
    label: '（六）其他处理',
    short: '其他处理',
    en: 'other handling (one row)',
    group: 'other',
    match: /（六）其他处理/,
    formats: BOTH,
    collapsedGroup: 'other',
  },
  {
    key: 'processed_total',
    label: '（七）总计',
    short: '办理总计',
    en: 'total handled',
    match: /（七）(?:总计|合计)/,
    variants: ['（七）合计'],
    formats: BOTH,
  },
  {
    key: 'carried_forward',
    label: '四、结转下年度继续办理',
    short: '结转下年度',
    en: 'carried forward',
    match: /结转下一?年/,
    variants: ['四、结转下年度继续处理'],
    formats: BOTH,
  },
];

export const REQUEST_ROW_BY_KEY: Record<RequestRowKey, RequestRowDef> = Object.fromEntries(
  REQUEST_ROWS.map((r) => [r.key, r]),
) as Record<RequestRowKey, RequestRowDef>;

/** The rows a format prints when nothing is collapsed. */
export function expectedRequestRows(format: FormatId): RequestRowDef[] {
  return REQUEST_ROWS.filter((r) => r.formats.includes(format) && !(format === '2021' && r.key === 'other_total'));
}

/** Leaf outcome rows: together they add up to （七）总计. */
export function leafRows(format: FormatId, present: ReadonlySet<string>): RequestRowDef[] {
  return REQUEST_ROWS.filter((r) => {
    if (!r.group) return false;
    if (r.group !== 'other') return true;
    // The 其他处理 group is either the single row or its sub-rows, whichever was printed.
    const collapsed = present.has('other_total') || format === '2019';
    return collapsed ? r.key === 'other_total' : r.key !== 'other_total';
  });
}

/* ------------------------------------------------------------------ 表四 */

export const REVIEW_COLUMNS = [
  { key: 'upheld', label: '结果维持', en: 'upheld' },
  { key: 'corrected', label: '结果纠正', en: 'corrected' },
  { key: 'other', label: '其他结果', en: 'other result' },
  { key: 'pending', label: '尚未审结', en: 'pending' },
  { key: 'total', label: '总计', en: 'total' },
] as const;
export const REVIEW_WIDTH = REVIEW_COLUMNS.length; // 5

export type ReviewGroupKey = 'review' | 'litigation_direct' | 'litigation_after_review';
export const REVIEW_GROUPS: readonly { key: ReviewGroupKey; label: string; en: string }[] = [
  { key: 'review', label: '行政复议', en: 'administrative review' },
  { key: 'litigation_direct', label: '行政诉讼 未经复议直接起诉', en: 'litigation without review' },
  { key: 'litigation_after_review', label: '行政诉讼 复议后起诉', en: 'litigation after review' },
];

/**
 * Words of the printed form that are not row or column labels: section titles
 * and header cells, as 国办公开办函〔2021〕30号 prints them, with English for the UI.
 */
export const FORM_WORDS = {
  active: { zh: '二、主动公开政府信息情况', en: 'II. Information disclosed on the body’s own initiative' },
  requests: {
    zh: '三、收到和处理政府信息公开申请情况',
    en: 'III. Requests for government information received and handled',
  },
  review: {
    zh: '四、政府信息公开行政复议、行政诉讼情况',
    en: 'IV. Administrative review and litigation over disclosure',
  },
  itemHeader: { zh: '信息内容', en: 'Item' },
  applicants: { zh: '申请人情况', en: 'Applicants' },
  litigation: { zh: '行政诉讼', en: 'administrative litigation' },
} as const;

/** Units the tables print, in English. */
export const UNIT_EN: Record<string, string> = { 件: 'items', 万元: '10k yuan', 元: 'yuan' };

/* ------------------------------------------------------------------ 表二 */

export interface ActiveItemDef {
  /** Key prefix, e.g. `regulations` → `regulations.issued`. */
  item: string;
  label: string;
  en: string;
  match: RegExp;
  /** Other printed forms of the label, for the alignment (see REQUEST_ROWS). */
  variants?: readonly string[];
  /** Measures in printed column order, per format; absent = not printed in that format. */
  measures: Partial<Record<FormatId, readonly { key: string; label: string; en: string; unit?: string }[]>>;
}

const ISSUED_2021 = [
  { key: 'issued', label: '本年制发件数', en: 'issued this year' },
  { key: 'repealed', label: '本年废止件数', en: 'repealed this year' },
  { key: 'in_force', label: '现行有效件数', en: 'in force' },
] as const;
const MADE_2019 = [
  { key: 'made', label: '本年新制作数量', en: 'made this year' },
  { key: 'published', label: '本年新公开数量', en: 'published this year' },
  { key: 'total_public', label: '对外公开总数量', en: 'total published' },
] as const;
const DECISIONS_2021 = [{ key: 'decisions', label: '本年处理决定数量', en: 'decisions this year' }] as const;
const ITEMS_2019 = [
  { key: 'prev_items', label: '上一年项目数量', en: 'items last year' },
  { key: 'change', label: '本年增/减', en: 'change this year' },
  { key: 'decisions', label: '处理决定数量', en: 'decisions' },
] as const;

/** 表二 items in printed order. */
export const ACTIVE_ITEMS: readonly ActiveItemDef[] = [
  {
    item: 'regulations',
    label: '规章',
    en: 'regulations',
    match: /规章/,
    measures: { '2021': ISSUED_2021, '2019': MADE_2019 },
  },
  {
    item: 'normative_documents',
    label: '行政规范性文件',
    en: 'normative documents',
    match: /规范性文件/,
    measures: { '2021': ISSUED_2021, '2019': MADE_2019 },
  },
  {
    item: 'licensing',
    label: '行政许可',
    en: 'administrative licensing',
    match: /行政许可/,
    measures: { '2021': DECISIONS_2021, '2019': ITEMS_2019 },
  },
  {
    item: 'other_services',
    label: '其他对外管理服务事项',
    en: 'other external services',
    match: /其他对外管理服务/,
    measures: { '2019': ITEMS_2019 },
  },
  {
    item: 'penalty',
    label: '行政处罚',
    en: 'administrative penalties',
    match: /行政处罚/,
    measures: { '2021': DECISIONS_2021, '2019': ITEMS_2019 },
  },
  {
    item: 'enforcement',
    label: '行政强制',
    en: 'administrative enforcement',
    match: /行政强制/,
    measures: { '2021': DECISIONS_2021, '2019': ITEMS_2019 },
  },
  {
    item: 'fees',
    label: '行政事业性收费',
    en: 'administrative fees',
    match: /行政事业性收费/,
    measures: {
      '2021': [{ key: 'amount_10k_yuan', label: '本年收费金额', en: 'amount collected', unit: '万元' }],
      '2019': [
        { key: 'prev_items', label: '上一年项目数量', en: 'items last year' },
        { key: 'change', label: '本年增/减', en: 'change this year' },
      ],
    },
  },
  {
    item: 'procurement',
    label: '政府集中采购',
    en: 'government procurement',
    match: /政府集中采购/,
    measures: {
      '2019': [
        { key: 'projects', label: '采购项目数量', en: 'projects' },
        { key: 'amount_10k_yuan', label: '采购总金额', en: 'total amount', unit: '万元' },
      ],
    },
  },
];

/**
 * Group labels that PDF layouts interleave with their sub-rows' wrapped
 * labels (`1.申请人无正当理由逾期` / `（六）其他处理 不补正、…`). Sub-row
 * patterns are matched with these taken out of the label text.
 */
export const GROUP_LABEL_TEXT = /（[三四五六]）(?:不予公开|无法提供|不予处理|其他处理)|三、本年度办理结果/g;

/**
 * Header words of 表二 and 表三: column labels, 信息内容, 第二十条第（X）项,
 * units, the note on 表三's identities — text in a table that is no row's
 * label. Taken out before the reader asks whether a row of blank cells that
 * no label claims was a row whose label it could not read (parse/anchors.ts).
 */
export const TABLE_HEADER_TEXT = new RegExp(
  [
    ...new Set([
      ...REQUEST_COLUMNS.map((c) => c.label),
      FORM_WORDS.applicants.zh,
      FORM_WORDS.itemHeader.zh,
      '法人或其他组织',
      ...ACTIVE_ITEMS.flatMap((it) => Object.values(it.measures).flatMap((ms) => ms!.map((m) => m.label))),
    ]),
  ]
    .sort((x, y) => y.length - x.length)
    .map((w) => w.replace(/[/]/g, '\\/'))
    .join('|') + '|第二十条(?:第（[一二三四五六七八九十]+）项)?|（单位：[^）]*）|（本列数据[^）]*）',
  'g',
);

/** Words in 表二 that only the 2019 format prints. */
export const FORMAT_2019_MARKERS =
  /本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|政府集中采购|其他对外管理服务/;
/** Words in 表二 that only the 2021 format prints. */
export const FORMAT_2021_MARKERS = /本年制发件数|本年废止件数|现行有效件数|本年处理决定数量|本年收费金额/;

/** Every key `active` may hold in a format, in printed order. */
export function activeKeys(format: FormatId): string[] {
  return ACTIVE_ITEMS.flatMap((it) => (it.measures[format] ?? []).map((m) => `${it.item}.${m.key}`));
}

/* --------------------------------------------------------------- sections */

/** Section headings, matched on squeezed line starts. */
export const SECTION_HEADINGS = {
  overview: /^一[、.]总体情况/,
  active: /^二[、.](?:主动公开)/,
  requests: /^三[、.](?:收到和处理|收到和办理|依申请)/,
  review: /^四[、.].{0,12}(?:行政复议|复议)/,
  problems: /^五[、.]/,
  other: /^六[、.]/,
} as const;
export type SectionKey = keyof typeof SECTION_HEADINGS;

/**
 * Squeeze label text for matching: drop whitespace, make brackets full-width,
 * unify the separators after item numbers (1、 1． 1. → 1.).
 */
export function squeezeLabel(s: string): string {
  return s
    .replace(/\s+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/([0-9])[、．,，]/g, '$1.');
}
