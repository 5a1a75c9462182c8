/**
 * Make a clean raster look scanned, in the order a scanner does it: the sheet
 * lies askew on the glass (rotate, white around it), the paper brings its
 * tone, grain and dust (seeded noise), the optics soften all of it (blur), and
 * the file is saved (JPEG or lossless). Blurring after the noise makes grain
 * like a scanner's rather than per-pixel static, and keeps the JPEGs small. Seeded, so a re-run gives
 * the same pixels.
 */
import sharp, { type Sharp } from 'sharp';
import type { Degradation } from './manifest';
import type { Gray } from './poppler';

/** mulberry32: a small seeded PRNG, so the noise is the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: the seed of a file is derived from its name, not from the order files are made in. */
export function seedOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const raw = (g: Gray) => sharp(g.data, { raw: { width: g.width, height: g.height, channels: 1 } });

async function toGray(s: Sharp): Promise<Gray> {
  const { data, info } = await s.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Rotate by `deg` (clockwise) on white. `keepSize` crops the turned sheet back
 * to the page's size, centred (a page scan); otherwise the canvas grows so no
 * corner is cut (a cropped table picture).
 */
async function rotate(g: Gray, deg: number, keepSize: boolean): Promise<Gray> {
  if (!deg) return g;
  const r = await toGray(raw(g).rotate(deg, { background: { r: 255, g: 255, b: 255 } }));
  if (!keepSize) return r;
  const left = Math.floor((r.width - g.width) / 2);
  const top = Math.floor((r.height - g.height) / 2);
  return toGray(raw(r).extract({ left, top, width: g.width, height: g.height }));
}

/** Apply everything but the encoding; `seed` fixes the noise; `turn`: the quarter turn of this sheet (see Degradation.turns). */
export async function degrade(g: Gray, d: Degradation, seed: number, keepSize: boolean, turn = 0): Promise<Gray> {
  let out = await rotate(g, d.skew, keepSize);
  if (d.noise > 0 || d.specks > 0 || d.white < 255) {
    const rand = rng(seed);
    const px = Buffer.from(out.data);
    // Paper tone: white → d.white, black lifted by a third of the same amount (a scanner's lower contrast).
    const lift = (255 - d.white) / 3;
    const scale = (d.white - lift) / 255;
    for (let i = 0; i < px.length; i++) {
      let v = lift + px[i] * scale;
      if (d.noise > 0) {
        // Box–Muller would need two draws and a log; the sum of four uniforms is near enough to Gaussian here.
        const n = (rand() + rand() + rand() + rand() - 2) * Math.sqrt(3);
        v += n * d.noise;
      }
      px[i] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
    // Dust: small dark dots, one to three pixels across.
    const count = Math.round((d.specks * out.width * out.height) / 1e6);
    for (let k = 0; k < count; k++) {
      const cx = Math.floor(rand() * out.width);
      const cy = Math.floor(rand() * out.height);
      const r = 1 + Math.floor(rand() * 2);
      const tone = Math.floor(30 + rand() * 90);
      for (let y = cy - r + 1; y < cy + r; y++)
        for (let x = cx - r + 1; x < cx + r; x++)
          if (x >= 0 && y >= 0 && x < out.width && y < out.height) px[y * out.width + x] = tone;
    }
    out = { ...out, data: px };
  }
  if (d.blur > 0) out = await toGray(raw(out).blur(d.blur));
  // A quarter turn moves pixels, resamples none: the page as it lay, not a worse scan.
  if (turn) out = await toGray(raw(out).rotate(turn));
  return out;
}

/**
 * The file bytes: JPEG (mozjpeg's tables and trellis, smaller at the same
 * quality) or PNG. Pages for a PDF are baseline JPEG, as scanners write them;
 * pictures for the web are progressive, as web tools save them. FlateDecode
 * is written by the PDF wrapper itself.
 */
export async function encode(g: Gray, d: Degradation, dpi: number, progressive: boolean): Promise<Buffer> {
  // The true resolution in the file (JFIF/pHYs): OCR engines read it to size their character models.
  const s = raw(g).toColourspace('b-w').withDensity(dpi);
  if (d.encoding === 'jpeg')
    return s
      .jpeg({
        quality: d.quality ?? 75,
        progressive,
        optimiseScans: progressive,
        trellisQuantisation: true,
        overshootDeringing: true,
        quantisationTable: 3,
      })
      .toBuffer();
  return s.png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer();
}

/** Stack pieces top to bottom on white, left-aligned (pieces of one table share its columns). */
export async function stack(pieces: Gray[], gap: number): Promise<Gray> {
  const width = Math.max(...pieces.map((p) => p.width));
  const height = pieces.reduce((s, p) => s + p.height, 0) + gap * (pieces.length - 1);
  let top = 0;
  const layers = pieces.map((p) => {
    const l = { input: p.data, raw: { width: p.width, height: p.height, channels: 1 as const }, left: 0, top };
    top += p.height + gap;
    return l;
  });
  return toGray(
    sharp({ create: { width, height, channels: 3, background: { r: 255, g: 255, b: 255 } } }).composite(layers),
  );
}

/** Cut a box (pixels) out of a raster. */
export function crop(g: Gray, left: number, top: number, width: number, height: number): Promise<Gray> {
  left = Math.max(0, left);
  top = Math.max(0, top);
  width = Math.min(width, g.width - left);
  height = Math.min(height, g.height - top);
  return toGray(raw(g).extract({ left, top, width, height }));
}
