/** Chinese names of rows, columns and cell paths, for messages and tables. */
import {
  OUTCOME_GROUPS,
  REQUEST_COLUMNS,
  REQUEST_ROW_BY_KEY,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  type RequestRowKey,
  type ReviewGroupKey,
} from './formats';

/** `（三）不予公开 1.属于国家秘密`, `（七）总计`, `一、本年新收政府信息公开申请数量`. */
export function rowLabel(key: RequestRowKey): string {
  const def = REQUEST_ROW_BY_KEY[key];
  const sub = def.group && def.label.match(/^\d\./);
  return sub ? `${OUTCOME_GROUPS[def.group!].label} ${def.label}` : def.label;
}

export function requestColumnLabel(col: number): string {
  return REQUEST_COLUMNS[col]?.label ?? `第${col + 1}列`;
}

export function reviewGroupLabel(key: ReviewGroupKey): string {
  return REVIEW_GROUPS.find((g) => g.key === key)!.label;
}

export function reviewColumnLabel(col: number): string {
  return REVIEW_COLUMNS[col]?.label ?? `第${col + 1}列`;
}
