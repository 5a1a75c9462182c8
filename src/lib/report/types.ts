/**
 * The normalized record of `shared/contract/report-json.md` (schema
 * mingjing.report/1). Internal code may hold more; what leaves the parser
 * has exactly this shape.
 */
import type { FormatId, RequestRowKey, ReviewGroupKey } from './formats';

export const SCHEMA = 'mingjing.report/1' as const;

export type Kind = 'annual_report' | 'not_annual_report' | 'unreadable';
export type Severity = 'error' | 'warning' | 'info';
/**
 * Whose problem a finding is: `report` — the published report contradicts
 * itself, is incomplete or late (a supervisor may hold it against the body);
 * `reading` — the reader could not place something, and every finding on a
 * table the reader could not read whole (its sums then say nothing about the
 * report). Rankings, profiles and quality counts use `report` findings only.
 */
export type Origin = 'report' | 'reading';

/** A printed cell: a number, or null where the report printed it blank. */
export type Cell = number | null;

export interface Finding {
  /** Stable rule id, e.g. `requests.row_sum`. */
  rule: string;
  severity: Severity;
  origin: Origin;
  /** Chinese, for the user. */
  message: string;
  /** Cell paths such as `requests.processed_total[6]`. */
  cells: string[];
  /** Where in the source text, when the finding points at text (narrative). */
  source?: SourceSpan;
}

/**
 * Where a value was read: 1-based line, 0-based column and length in the
 * report text (for HTML, DOCX and PDF input: in the text the reader made of
 * it), plus where the file itself has it — the PDF page, or the HTML/DOCX
 * table, row and column (all 1-based).
 */
export interface SourceSpan {
  line: number;
  col: number;
  len: number;
  /** The text as printed. */
  text: string;
  page?: number;
  table?: number;
  row?: number;
  column?: number;
  /** Read by OCR from a scan: tesseract's confidence (0–100) and the cell's box on its page (pixels of the page as read). */
  ocr?: { confidence: number; box: { page: number; x: number; y: number; w: number; h: number } };
}

/** A record read from a scan: how many pages were OCR'd, in how long, by what. */
export interface OcrSummary {
  pages: number;
  ms: number;
  engine: string;
  /** The resolution the pages were read at (PDF pages; a picture's own). */
  dpi?: number;
  /**
   * Pages that lay sideways or upside down and were read turned upright: the page and the clockwise turn (90,
   * 180 or 270). Their boxes are in the turned page; the crops turn the page the same way. Absent: none.
   */
  turned?: { page: number; turn: 90 | 180 | 270 }[];
}

export interface ReportRecord {
  schema: typeof SCHEMA;
  source: string;
  kind: Kind;
  /** Why the input is not an annual report or could not be read. */
  reason?: string;
  agency: string | null;
  region: string | null;
  region_code: string | null;
  year: number | null;
  format: FormatId | null;
  published: string | null;
  active: Record<string, Cell>;
  requests: Partial<Record<RequestRowKey, Cell[]>>;
  review: Cell[] | null;
  litigation_direct: Cell[] | null;
  litigation_after_review: Cell[] | null;
  processing_fee_yuan: number | null;
  findings: Finding[];
  cells?: Record<string, SourceSpan>;
  /** Present when the numbers were read by OCR from a scan or a picture. */
  ocr?: OcrSummary;
}

export type ReviewTables = Record<ReviewGroupKey, Cell[] | null>;
