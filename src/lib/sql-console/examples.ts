/**
 * Example queries of the SQL console. Each reads the app's tables as every
 * view does (metric_values: the indicators generated from the definitions),
 * and its comment says exactly what it computes — in the language of the page.
 * tests/sql-console.test.ts runs each on the embedded reports and checks it
 * against a computation by hand from the report tables.
 */
import { METRIC_BY_KEY, SMALL_SAMPLE } from '$lib/metrics/definitions';

export interface Example {
  id: string;
  zh: string;
  en: string;
  /** The SQL, its comment in the page's language. */
  sql(lang: 'zh' | 'en'): string;
}

const comment = (lines: string[]) => lines.map((l) => `-- ${l}`).join('\n');
const dr = METRIC_BY_KEY.disclosure_rate;
const rc = METRIC_BY_KEY.review_correction_rate;

export const EXAMPLES: readonly Example[] = [
  {
    id: 'city-disclosure',
    zh: '各市公开率排名',
    en: 'Cities ranked by disclosure rate',
    sql: (lang) => `${comment(
      lang === 'en'
        ? [
            'Cities ranked by disclosure rate (pooled).',
            'A city is a prefecture-level place: the first 4 digits of the GB/T 2260 region code. Its reports are those of every',
            'body in it (city government, its offices, its counties and districts), of the latest year the city has reports for.',
            `Disclosure rate = Σ numerator ÷ Σ denominator over those reports, numerator = ${dr.formulaEn.split(' ÷ ')[0]}, denominator = ${dr.formulaEn.split(' ÷ ')[1]}.`,
            'A report whose rate is empty (a blank numerator or denominator, or a denominator of 0) is left out of both sums (a blank is not 0).',
          ]
        : [
            '各市公开率排名（合计口径）。',
            '市＝地级行政区：GB/T 2260 行政区划代码的前 4 位。其报告＝该市所有单位（市政府、其办公室、所辖县区）',
            '在该市有报告的最近一个年度的报告。',
            `公开率 ＝ Σ分子 ÷ Σ分母，分子 ＝ ${dr.formula.split('÷')[0].trim()}，分母 ＝ ${dr.formula.split('÷')[1].trim()}。`,
            '公开率为空的报告（分子或分母空白、分母为 0）不计入两个合计（空白不计为 0）。',
          ],
    )}
WITH m AS (
  SELECT left(r.region_code, 4) AS city_code,
         -- ${lang === 'en' ? 'the city name: the region up to its first 市 (city), else the whole region' : '市名：地区名称到第一个“市”为止，没有“市”时为整个地区名称'}
         coalesce(nullif(regexp_extract(r.region, '^[^市]*市'), ''), r.region) AS city,
         r.year, v.numerator, v.denominator, v.value
  FROM reports r JOIN metric_values v USING (report_id)
  WHERE v.metric = 'disclosure_rate' AND r.region_code IS NOT NULL
), latest AS (
  SELECT city_code, max(year) AS year FROM m GROUP BY city_code
)
SELECT min(city) AS city, city_code, year,
       count(*) AS reports,
       count(value) AS with_value,
       sum(numerator) FILTER (WHERE value IS NOT NULL) AS numerator,
       sum(denominator) FILTER (WHERE value IS NOT NULL) AS denominator,
       round(sum(numerator) FILTER (WHERE value IS NOT NULL) / sum(denominator) FILTER (WHERE value IS NOT NULL), 4) AS disclosure_rate
FROM m JOIN latest USING (city_code, year)
GROUP BY city_code, year
ORDER BY disclosure_rate DESC NULLS LAST, city_code`,
  },
  {
    id: 'requests-by-year',
    zh: '历年申请量',
    en: 'Requests per year',
    sql: (lang) => `${comment(
      lang === 'en'
        ? [
            'New requests per year: Σ requests_new (I. new requests, total column) over the reports of each year, every level together.',
            'A report that leaves the row blank adds nothing (a blank is not 0): with_value counts the reports that print it.',
          ]
        : [
            '历年申请量：各年度报告的“一、本年新收（总计）”之和 Σ requests_new，各层级合计。',
            '该行空白的报告不计入（空白不计为 0）：with_value 为填写了该行的报告数。',
          ],
    )}
SELECT year,
       count(*) AS reports,
       count(value) AS with_value,
       sum(value) AS requests_new
FROM metric_values
WHERE metric = 'requests_new'
GROUP BY year
ORDER BY year`,
  },
  {
    id: 'review-correction',
    zh: '复议纠错率最高的单位',
    en: 'Highest review correction rates',
    sql: (lang) => `${comment(
      lang === 'en'
        ? [
            `Bodies with the highest review correction rate, one row per report: ${rc.formulaEn}.`,
            `n = the denominator. Reports whose rate is empty (a blank cell, or n = 0) are left out; n < ${SMALL_SAMPLE} is a small sample: read it with care.`,
          ]
        : [
            `复议纠错率最高的单位，每份报告一行：${rc.formula}。`,
            `n＝分母。纠错率为空（单元格空白或 n＝0）的报告不列出；n < ${SMALL_SAMPLE} 为小样本，解读须谨慎。`,
          ],
    )}
SELECT r.agency, r.level, r.year,
       v.numerator AS corrected,
       v.denominator AS n,
       round(v.value, 4) AS review_correction_rate,
       v.small AS small_sample
FROM metric_values v JOIN reports r USING (report_id)
WHERE v.metric = 'review_correction_rate' AND v.value IS NOT NULL
ORDER BY v.value DESC, v.denominator DESC, r.agency`,
  },
];

/**
 * Whether a text is exactly one of the examples, in either language: the only
 * query a shared link (/sql?q=…) runs on opening. Any other query from a link
 * waits in the editor for 运行 — a link is someone else's text.
 */
export function isExample(sql: string): boolean {
  return EXAMPLES.some((e) => e.sql('zh') === sql || e.sql('en') === sql);
}
