/**
 * Where the 缺 marks of a line chart go. Several series can miss the same
 * year; their marks share that year's band at the foot of the plot, laid in a
 * grid of cells one mark wide (left to right, then a row up), so no two marks
 * ever overlap and none leaves its band.
 */

export interface MissingCell {
  /** Offset of the mark's centre from the band's centre, in pixels. */
  dx: number;
  /** Row from the bottom (0 = lowest). */
  row: number;
}

/**
 * For marks given by their band (`x`), in drawing order: each mark's cell. `step` is the band's width,
 * `cell` the width one mark needs.
 */
export function layoutMissing(marks: readonly { x: string }[], step: number, cell: number): MissingCell[] {
  const cols = Math.max(1, Math.floor(step / cell));
  const count = new Map<string, number>();
  for (const m of marks) count.set(m.x, (count.get(m.x) ?? 0) + 1);
  const seen = new Map<string, number>();
  return marks.map((m) => {
    const i = seen.get(m.x) ?? 0;
    seen.set(m.x, i + 1);
    const n = count.get(m.x)!;
    const row = Math.floor(i / cols);
    // The last row is centred on its own (it may hold fewer marks).
    const inRow = Math.min(cols, n - row * cols);
    return { dx: (i % cols) * cell - ((inRow - 1) * cell) / 2, row };
  });
}

/** Height of a row of marks (an 11 px glyph's box is about 14 px). */
export const MISSING_ROW = 16;
