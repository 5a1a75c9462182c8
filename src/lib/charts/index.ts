/** The chart layer: D3 for the math (scales, line paths, number formats), Svelte for the SVG. */
export { default as Chart } from './Chart.svelte';
export { default as AxisX } from './AxisX.svelte';
export { default as AxisY } from './AxisY.svelte';
export { default as Bars } from './Bars.svelte';
export { default as StackedBars } from './StackedBars.svelte';
export { default as Line } from './Line.svelte';
export { default as Legend } from './Legend.svelte';
export { default as Tooltip } from './Tooltip.svelte';
export * from './context';
export * from './text';
export * from './palette';
export * from './data';
export * from './units';
export * from './overflow';
export * from './missing';
export { chrome, slideSize, SLIDE_RATIO, SLIDE_WIDTH, SLIDE_MIN_PLOT, type Chrome, type ChromeText } from './layout';
