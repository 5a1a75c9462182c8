/**
 * The ruling lines of a PDF page: every thin filled rectangle or straight
 * stroked segment the page draws (pdfjs getOperatorList, constructPath), in
 * page coordinates. Text extraction cannot show an empty cell ("821 35 2 1
 * 859" could be any five of seven columns); the rules can — ./pdf-table.ts
 * cuts the page's tables into cells by them.
 */

export interface OperatorListLike {
  fnArray: ArrayLike<number>;
  argsArray: unknown[];
}
export type OpsTable = Record<string, number>;

interface VRule {
  x: number;
  y0: number;
  y1: number;
}
interface HRule {
  y: number;
  x0: number;
  x1: number;
}
export interface Rules {
  v: VRule[];
  h: HRule[];
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
/** m applied first, then n. */
const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
];

/** A rule is at most this thick, in PDF units (1/72 in). */
const THIN = 2.5;
/** …and at least this long. */
const LONG = 4;

export function rulesFromOperators(ops: OperatorListLike, OPS: OpsTable): Rules {
  const v: VRule[] = [];
  const h: HRule[] = [];
  const filled = new Set(
    [OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke].filter(
      (x) => x !== undefined,
    ),
  );
  const stroked = new Set(
    [OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke].filter(
      (x) => x !== undefined,
    ),
  );
  let ctm: Matrix = IDENTITY;
  const stack: Matrix[] = [];

  const addBox = (x0: number, y0: number, x1: number, y1: number) => {
    const w = Math.abs(x1 - x0);
    const ht = Math.abs(y1 - y0);
    if (w <= THIN && ht >= LONG) v.push({ x: (x0 + x1) / 2, y0: Math.min(y0, y1), y1: Math.max(y0, y1) });
    else if (ht <= THIN && w >= LONG) h.push({ y: (y0 + y1) / 2, x0: Math.min(x0, x1), x1: Math.max(x0, x1) });
  };

  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) {
      stack.push(ctm);
      continue;
    }
    if (fn === OPS.restore) {
      ctm = stack.pop() ?? IDENTITY;
      continue;
    }
    if (fn === OPS.transform) {
      ctm = mul(args as unknown as Matrix, ctm);
      continue;
    }
    if (fn !== OPS.constructPath) continue;
    const paint = args[0] as number;
    const isFill = filled.has(paint);
    const isStroke = stroked.has(paint);
    if (!isFill && !isStroke) continue; // clipping paths and invisible paths
    const raw = args[1] as ArrayLike<number> | ArrayLike<number>[];
    const path: ArrayLike<number> =
      (raw as ArrayLike<number>[])[0] && typeof (raw as ArrayLike<number>[])[0] !== 'number'
        ? (raw as ArrayLike<number>[])[0]
        : (raw as ArrayLike<number>);
    // Walk the path: subpaths of straight segments (curves end a subpath: not a rule).
    let pts: [number, number][] = [];
    const flush = () => {
      if (pts.length >= 2) {
        if (isFill) {
          const xs = pts.map((p) => p[0]);
          const ys = pts.map((p) => p[1]);
          addBox(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
        }
        if (isStroke) {
          for (let k = 1; k < pts.length; k++) {
            const [ax, ay] = pts[k - 1];
            const [bx, by] = pts[k];
            if (Math.abs(ax - bx) < 0.5) addBox(ax, ay, bx, by);
            else if (Math.abs(ay - by) < 0.5) addBox(ax, ay, bx, by);
          }
        }
      }
      pts = [];
    };
    for (let k = 0; k < path.length;) {
      const op = path[k];
      if (op === 0) {
        flush();
        pts.push(apply(ctm, path[k + 1], path[k + 2]));
        k += 3;
      } else if (op === 1) {
        pts.push(apply(ctm, path[k + 1], path[k + 2]));
        k += 3;
      } else if (op === 2) {
        flush();
        k += 7;
      } else if (op === 3) {
        flush();
        k += 5;
      } else if (op === 4) {
        if (pts.length) pts.push(pts[0]);
        k += 1;
      } else break; // unknown encoding: stop rather than misread
    }
    flush();
  }
  return { v, h };
}
