/**
 * One entry point for every file a user has: bytes and a file name in, a
 * contract record out. Formats the engine cannot read yet come back as
 * `unreadable` with the reason, never as an exception.
 */
import { parseReportText, type ParseOptions } from '../parse';
import { SCHEMA, type ReportRecord } from '../types';
import { decodeText, looksBinary } from './decode';

const TEXT_EXT = /\.(?:txt|text|md|csv|tsv)$/i;

export function unreadable(source: string, reason: string): ReportRecord {
  return {
    schema: SCHEMA, source, kind: 'unreadable', reason,
    agency: null, region: null, region_code: null, year: null, format: null, published: null,
    active: {}, requests: {}, review: null, litigation_direct: null, litigation_after_review: null,
    processing_fee_yuan: null, findings: [],
  };
}

export function readReportBytes(bytes: Uint8Array, source: string, opts: ParseOptions = {}): ReportRecord {
  if (bytes.length === 0) return unreadable(source, '文件是空的（0字节）');
  const ext = source.match(/\.[^./\\]+$/)?.[0].toLowerCase() ?? '';
  if (!TEXT_EXT.test(source) && ext !== '') {
    return unreadable(source, `暂不支持读取${ext}文件，请先另存为文本（.txt）`);
  }
  if (looksBinary(bytes)) return unreadable(source, '文件内容不是文字（可能是图片或其他二进制文件）');
  const { text } = decodeText(bytes);
  return parseReportText(text, source, opts);
}
