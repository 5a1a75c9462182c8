/**
 * 协变量: what the view asks (how many reports of the data shown each imported
 * covariate covers), the preview of a file before it is imported, and the
 * view's words. Plain functions, tested in Node (tests/views/covariates.test.ts);
 * +page.svelte only composes them. Reading, storing and deleting covariates
 * is $lib/covariates (parse.ts, state.svelte.ts).
 */
import { query } from '$lib/db/coordinator';
import type { ParsedColumn, ParsedFile } from '$lib/covariates/parse';
import { coverageSql, perCapitaFormula, perCapitaLabel } from '$lib/covariates/sql';
import type { CovariateMeta, Msg } from '$lib/covariates/types';
import { t } from '$lib/i18n.svelte';

/**
 * Per covariate, the reports of the data shown whose place has a value. `version` is the covariates'
 * (an import or a deletion asks again); `ready` loads the table `covariates` first.
 */
export const coverageQueries = (version: number, ready: () => Promise<void>) => ({
  coverage: query(`covariates:coverage:${version}`, async (db) => {
    await ready();
    const rows = await db.query<{ covariate: string; reports: number }>(coverageSql);
    return Object.fromEntries(rows.map((r) => [r.covariate, Number(r.reports)])) as Record<string, number>;
  }),
});

/** The form's year: from the file name when it has one. */
export const yearOfFile = (name: string) => name.match(/(?:19|20)\d{2}/)?.[0] ?? '';
/** A number input binds a number (or null when empty). */
export const formYear = (y: string | number | null) => {
  const s = String(y ?? '').trim();
  return s ? Number(s) : null;
};

/** The columns of a file that replace covariates already imported (same name). */
export const replacing = (p: ParsedFile | null, list: readonly CovariateMeta[]) =>
  p ? p.columns.filter((c) => list.some((x) => x.name === c.name)).map((c) => c.name) : [];

/** A column of the preview: places with a value and blanks, and its per-capita formula as the form now says. */
export function previewColumn(c: ParsedColumn, unit: string | undefined, nameEn: string | undefined) {
  const f = perCapitaFormula('requests_new', { name: c.name, nameEn: nameEn ?? c.nameEn, unit: unit?.trim() || null });
  return {
    withValue: c.values.filter((v) => v.value !== null).length,
    blank: c.values.filter((v) => v.value === null).length,
    formula: t(f.zh, f.en),
  };
}

/** How the file's places were identified, and where its years and sources come from. */
export function previewLine(p: ParsedFile): { keys: string; from: string } {
  const code = p.keys.code,
    name = p.keys.name;
  const keys = t(
    `${code ? `“${code}”` : ''}${code && name ? `（代码为空时按“${name}”）` : ''}${!code ? `“${name}”` : ''}`,
    `${code ? 'code' : ''}${code && name ? ' (name where the code is blank)' : ''}${!code ? 'name' : ''}`,
  );
  const from = t(
    `${p.year ? `年份取自“${p.year}”列。` : ''}${p.source ? `来源取自“${p.source}”列。` : ''}`,
    `${p.year ? 'Years from the file.' : ''} ${p.source ? 'Sources from the file.' : ''}`,
  );
  return { keys, from };
}

/** The per-capita label of a covariate (new requests per …), and its scale. */
export const perCapitaText = (c: CovariateMeta) => {
  const m = perCapitaLabel('requests_new', c);
  return t(m.zh, m.en);
};

const plural = (n: number, one: string, many = `${one}s`) => (n === 1 ? one : many);
export const W = {
  done: (cs: readonly { name: string; nameEn: string }[]): Msg => ({
    zh: `已导入 ${cs.length} 个协变量：${cs.map((c) => c.name).join('、')}`,
    en: `${cs.length} ${plural(cs.length, 'covariate')} imported: ${cs.map((c) => c.nameEn).join(', ')}`,
  }),
  unreadable: (file: string, e: string): Msg => ({
    zh: `“${file}”无法读取：${e}`,
    en: `“${file}” could not be read: ${e}`,
  }),
  importFailed: (e: string): Msg => ({ zh: `导入失败：${e}`, en: `Import failed: ${e}` }),
  deleteFailed: (e: string): Msg => ({ zh: `删除失败：${e}`, en: `Could not delete: ${e}` }),
  loadFailed: (e: string): Msg => ({ zh: `协变量无法载入：${e}`, en: `Covariates could not be loaded: ${e}` }),
  unmatched: (n: number): Msg => ({
    zh: `未识别的地区（${n} 行，不导入）`,
    en: `Places not matched (${n} ${plural(n, 'row')}, not imported)`,
  }),
  problems: (n: number): Msg => ({ zh: `逐行问题（${n} 处）`, en: `Problems by row (${n})` }),
  rows: (n: number): string => t(`${n} 行`, `${n} ${plural(n, 'row')}`),
  line: (n: number): string => t(`第 ${n} 行`, `Line ${n}`),
  moreBlank: (n: number): Msg => ({ zh: `另 ${n} 个空白`, en: `${n} more blank` }),
  replaces: { zh: '（将替换已导入的同名协变量）', en: '(replaces the imported covariate of this name)' },
  placesTitle: { zh: '有数值的地区数（已匹配行政区划代码）', en: 'Places with a value (matched to a GB/T 2260 code)' },
  unmatchedTitle: { zh: '导入时未识别、未导入的行', en: 'Rows not matched at import, not imported' },
  reportsTitle: { zh: '当前数据中其地区有该协变量的报告数', en: 'Reports of the data shown whose place has a value' },
  sourcePlaceholder: { zh: '如：某市2021年统计年鉴', en: 'e.g. a city’s statistical yearbook 2021' },
} as const;

export const ACCEPT = '.csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
