/**
 * A report whose shares pass 100 %: the real 运城 2021 text (data/reports) as 2022, with its （七）总计
 * lowered from 43 to 23 — its outcome groups (43) then add up to more than its total, a data problem of the
 * report. No real report of the embedded set has one, so the chart tests make it from a real one.
 */
import { YUNCHENG } from './import-page';

export const TOTAL_LINE = '（七）总计 43 0 0 0 0 0 43';
export const YUNCHENG_2022_OVER = YUNCHENG.replace(/2021(\s?)年/g, '2022$1年').replace(
  TOTAL_LINE,
  '（七）总计 23 0 0 0 0 0 23',
);
