/**
 * Chart export: SVG and PNG of a chart exactly as shown.
 *
 * The chart's SVG already carries its title, n, legend, definition (口径),
 * note and source line as <text>. The export clones it, writes the computed
 * styles inline (so it looks the same outside the page), adds a white
 * background and embeds a CJK font as a data-URL @font-face, so neither the
 * SVG file nor the PNG depends on the fonts of the machine that opens or
 * draws it. PNG = that SVG drawn on a canvas at 2× device pixels.
 *
 * Font: Noto Sans SC (思源黑体 SC) Regular, from the npm package
 * @fontsource/noto-sans-sc — SIL Open Font License 1.1 (free to embed and
 * redistribute). Its "chinese-simplified" WOFF2 (≈1.1 MB, the simplified
 * Chinese characters and full-width punctuation) plus the Latin WOFF2
 * (≈13 kB, digits and ASCII) are emitted by Vite as assets of our own origin
 * and fetched only when the user exports. (The system's wqy-microhei.ttc is
 * a 5 MB collection that is not ours to ship and not reliably loadable as a
 * web font.)
 */
import zhFontUrl from '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff2?url';
import latinFontUrl from '@fontsource/noto-sans-sc/files/noto-sans-sc-latin-400-normal.woff2?url';
import { download } from './table';

export const EXPORT_FONT_FAMILY = 'Mingjing Noto Sans SC';
const LATIN_RANGE =
  'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+2000-206F,U+2074,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';

/** Styles copied from the page onto every element of the exported SVG. */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
] as const;

let fontCss: Promise<string> | null = null;

async function dataUrl(url: string, type: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`字体文件无法读取 / font file unreadable (${res.status})`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${type};base64,${btoa(bin)}`;
}

/** The @font-face rules with the font inlined; fetched once, on the first export. */
export function embeddedFontCss(): Promise<string> {
  fontCss ??= (async () => {
    const [latin, zh] = await Promise.all([dataUrl(latinFontUrl, 'font/woff2'), dataUrl(zhFontUrl, 'font/woff2')]);
    return [
      `@font-face{font-family:'${EXPORT_FONT_FAMILY}';font-style:normal;font-weight:400;src:url(${latin}) format('woff2');unicode-range:${LATIN_RANGE};}`,
      `@font-face{font-family:'${EXPORT_FONT_FAMILY}';font-style:normal;font-weight:400;src:url(${zh}) format('woff2');}`,
    ].join('\n');
  })();
  fontCss.catch(() => (fontCss = null));
  return fontCss;
}

export interface SerializedChart {
  svg: string;
  width: number;
  height: number;
}

/**
 * The chart's SVG as a standalone document: inline styles, white background, embedded font. With `size`,
 * the document says that size and scales the drawing to it (its viewBox stays the drawing's own).
 */
export async function serializeChart(
  svg: SVGSVGElement,
  size?: { width: number; height: number },
): Promise<SerializedChart> {
  const width = Math.round(svg.width.baseVal.value || svg.getBoundingClientRect().width);
  const height = Math.round(svg.height.baseVal.value || svg.getBoundingClientRect().height);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [clone, ...clone.querySelectorAll('*')];
  src.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const style = STYLE_PROPS.map((p) => [p, cs.getPropertyValue(p)] as const).filter(
      ([, v]) => (v && v !== 'normal' && v !== 'auto' && v !== 'none') || false,
    );
    const d = dst[i] as SVGElement;
    for (const a of ['class', 'role', 'data-value', 'data-key', 'data-missing', 'data-series', 'data-x', 'data-role'])
      d.removeAttribute(a);
    if (style.length && el !== svg) d.setAttribute('style', style.map(([p, v]) => `${p}:${v}`).join(';'));
  });
  for (const a of ['aria-labelledby', 'role', 'data-width', 'data-height']) clone.removeAttribute(a);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(size?.width ?? width));
  clone.setAttribute('height', String(size?.height ?? height));
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  clone.setAttribute('font-family', `'${EXPORT_FONT_FAMILY}', ${svg.getAttribute('font-family') ?? 'sans-serif'}`);
  clone.setAttribute(
    'style',
    `font-family:'${EXPORT_FONT_FAMILY}', ${svg.getAttribute('font-family') ?? 'sans-serif'};background:#fff`,
  );
  const ns = 'http://www.w3.org/2000/svg';
  const defs = document.createElementNS(ns, 'defs');
  const style = document.createElementNS(ns, 'style');
  style.textContent = await embeddedFontCss();
  defs.appendChild(style);
  const bg = document.createElementNS(ns, 'rect');
  for (const [k, v] of Object.entries({
    x: '0',
    y: '0',
    width: String(width),
    height: String(height),
    fill: '#ffffff',
  }))
    bg.setAttribute(k, v);
  // Keep <title> and <desc> first (accessible name), then the font, the background, the chart.
  const after = clone.querySelector(':scope > desc') ?? clone.querySelector(':scope > title');
  if (after) {
    after.after(defs);
    defs.after(bg);
  } else {
    clone.prepend(bg);
    clone.prepend(defs);
  }
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
  return { svg: xml, width: size?.width ?? width, height: size?.height ?? height };
}

/** PNG at `scale`× of the chart's CSS size (or of `size`), on white, with the embedded font. */
export async function chartPng(svg: SVGSVGElement, scale = 2, size?: { width: number; height: number }): Promise<Blob> {
  const { svg: xml, width, height } = await serializeChart(svg, size);
  // Make sure the font is decoded before the SVG image is drawn.
  const css = await embeddedFontCss();
  const faces = [...css.matchAll(/src:url\(([^)]+)\)/g)].map((m) => new FontFace(EXPORT_FONT_FAMILY, `url(${m[1]})`));
  await Promise.all(faces.map((f) => f.load().catch(() => undefined)));
  const url = URL.createObjectURL(new Blob([xml], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    img.decoding = 'sync';
    await new Promise<void>((ok, fail) => {
      img.onload = () => ok();
      img.onerror = () => fail(new Error('SVG 无法绘制 / SVG could not be drawn'));
      img.src = url;
    });
    await img.decode().catch(() => undefined);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('画布不可用 / no canvas');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((ok, fail) =>
      canvas.toBlob((b) => (b ? ok(b) : fail(new Error('PNG 无法生成 / PNG could not be made'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export const safeName = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80);

export async function exportSvg(svg: SVGSVGElement, filename: string): Promise<void> {
  const { svg: xml } = await serializeChart(svg);
  download(`${safeName(filename)}.svg`, xml, 'image/svg+xml;charset=utf-8');
}
export async function exportPng(svg: SVGSVGElement, filename: string): Promise<void> {
  download(`${safeName(filename)}.png`, await chartPng(svg), 'image/png');
}

/**
 * For slides: 1600 × 900 (16:9). The chart is drawn again at a slide's proportions (Chart.svelte, from
 * charts/layout.ts slideSize) and that drawing is scaled to this size, title, n, unit, 口径 and source included.
 */
export const SLIDE = { width: 1600, height: 900 } as const;
/** The slide size for a slide drawing of `svg`'s proportions (16:9 drawings give exactly SLIDE). */
function slideOf(svg: SVGSVGElement) {
  const w = svg.width.baseVal.value || SLIDE.width;
  const h = svg.height.baseVal.value || SLIDE.height;
  return { width: SLIDE.width, height: Math.round((SLIDE.width * h) / w) };
}
export async function exportSlideSvg(svg: SVGSVGElement, filename: string): Promise<void> {
  const { svg: xml } = await serializeChart(svg, slideOf(svg));
  download(`${safeName(filename)}_16x9.svg`, xml, 'image/svg+xml;charset=utf-8');
}
export async function exportSlidePng(svg: SVGSVGElement, filename: string): Promise<void> {
  download(`${safeName(filename)}_16x9.png`, await chartPng(svg, 1, slideOf(svg)), 'image/png');
}
