/** Colours: outcome groups (formats.ts), applicant types, review outcomes, series. */
import { schemeTableau10 } from 'd3';
import type { OutcomeGroup } from '../report/formats';

export const OUTCOME_COLORS: Record<OutcomeGroup, string> = {
  granted: '#2e7d32',
  partially_granted: '#81c784',
  denied: '#c62828',
  unable: '#ef6c00',
  not_processed: '#6a1b9a',
  other: '#78909c',
};
/** 表四 columns 维持 / 纠正 / 其他 / 尚未审结. */
export const REVIEW_COLORS: Record<string, string> = {
  upheld: '#1f77b4',
  corrected: '#d62728',
  other: '#9e9e9e',
  pending: '#ffbf00',
};
export const SERIES_COLORS: readonly string[] = schemeTableau10;
export const seriesColor = (i: number) => SERIES_COLORS[i % SERIES_COLORS.length];
/** The app's accent (app.css --accent) for what a chart draws: an SVG attribute, and its export, cannot read a CSS variable. */
export const ACCENT = '#1f4e79';
/** 复议诉讼's two correction rates. */
export const CORRECTION_RATE_COLORS: Record<string, string> = {
  review_correction_rate: ACCENT,
  litigation_correction_rate: '#c2410c',
};
