/**
 * The chart context (LayerCake's model): Chart.svelte owns the size and the
 * scales and hands them to the marks, axes, legend and tooltip below it.
 */
import { getContext, setContext } from 'svelte';
import type { ScaleBand, ScaleLinear } from 'd3';

/** A scale as a view describes it; Chart.svelte turns it into a d3 scale over the plot area. */
export type ScaleSpec =
  | { type: 'band'; domain: readonly string[]; padding?: number }
  | { type: 'linear'; domain: readonly [number, number]; nice?: boolean };

export type AnyScale = ScaleBand<string> | ScaleLinear<number, number>;
export const isBand = (s: AnyScale): s is ScaleBand<string> => 'bandwidth' in s;

/** What either axis takes: the tick format and count (linear), grid lines, and `lang="zh"` for band labels that are Chinese names. */
export interface AxisProps {
  format?: (v: number) => string;
  ticks?: number;
  grid?: boolean;
  lang?: string;
}

export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}
/** `lang: 'zh'` marks a label that is a Chinese name (an agency) in either language. */
export interface LegendItem {
  key: string;
  label: string;
  color: string;
  hollow?: boolean;
  lang?: string;
}
export interface Tip {
  x: number;
  y: number;
  lines: string[];
}

export interface ChartContext {
  /** Width and height of the plot area (inside the padding). */
  readonly width: number;
  readonly height: number;
  readonly padding: Padding;
  readonly x: AnyScale;
  readonly y: AnyScale;
  /** Where the plot area starts inside the SVG (for the HTML tooltip). */
  readonly plotLeft: number;
  readonly plotTop: number;
  readonly svgWidth: number;
  readonly legend: readonly LegendItem[];
  readonly legendTop: number;
  tip: Tip | null;
}

const KEY = Symbol('mingjing-chart');
export const setChart = (c: ChartContext) => setContext(KEY, c);
export const getChart = () => getContext<ChartContext>(KEY);

export function band(s: AnyScale): ScaleBand<string> {
  if (!isBand(s)) throw new Error('band scale expected');
  return s;
}
export function linear(s: AnyScale): ScaleLinear<number, number> {
  if (isBand(s)) throw new Error('linear scale expected');
  return s;
}

export interface BarDatum {
  x: string;
  series: string;
  value: number | null;
  small?: boolean;
  tip?: string[];
}
export interface StackRow {
  y: string;
  values: Record<string, number | null>;
  small?: boolean;
  tip?: string[];
  /** Text instead of bars, e.g. 无案件 (a total of 0). */ empty?: string;
}
export interface LinePoint {
  x: string;
  value: number | null;
  small?: boolean;
  tip?: string[];
}
export interface LineSeries {
  key: string;
  label: string;
  color: string;
  points: LinePoint[];
  /** `zh` for a series named after an agency. */ lang?: string;
}
