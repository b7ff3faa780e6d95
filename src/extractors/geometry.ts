/**
 * Geometry shared by the readers and the layout: PDF matrices, clusters of positions, and how a
 * page read from its pixels (turned upright, straightened) maps back onto the page as printed, so
 * every box is reported where it is printed.
 */

/** A box in points, origin top-left of the page: left, top, right, bottom. */
export type Box = [x0: number, y0: number, x1: number, y1: number];

/** Whether the centre of box b lies in box k (edges included). */
export function centreIn(b: Readonly<Box>, k: Readonly<Box>): boolean {
  const cx = (b[0] + b[2]) / 2;
  const cy = (b[1] + b[3]) / 2;
  return cx >= k[0] && cx <= k[2] && cy >= k[1] && cy <= k[3];
}

/** 2×3 affine matrix [a, b, c, d, e, f] as in PDF. */
export type Matrix = [number, number, number, number, number, number];

export function multiply(m: Matrix, n: Matrix): Matrix {
  // m applied after n: the PDF convention for `cm` (new CTM = m × CTM).
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

export function applyMatrix(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

export const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Groups sorted values into clusters whose neighbours are within `tolerance`. */
export function clusterValues(values: readonly number[], tolerance: number): number[][] {
  const sorted = [...values].sort((a, b) => a - b);
  const clusters: number[][] = [];
  for (const v of sorted) {
    const last = clusters[clusters.length - 1];
    if (last && v - last[last.length - 1]! <= tolerance) last.push(v);
    else clusters.push([v]);
  }
  return clusters;
}

/** Positions within `tolerance` of their neighbours collapsed into their mean, in order. */
export function clusterMeans(values: readonly number[], tolerance: number): number[] {
  return clusterValues(values, tolerance).map(mean);
}

/** Maps a point of the straightened page back onto the page as printed (same units, same centre). */
export function unrotatePoint(x: number, y: number, angleDeg: number, cx: number, cy: number): [number, number] {
  const a = (angleDeg * Math.PI) / 180;
  const dx = x - cx;
  const dy = y - cy;
  return [cx + Math.cos(a) * dx - Math.sin(a) * dy, cy + Math.sin(a) * dx + Math.cos(a) * dy];
}

/**
 * How a scanned page was made upright: straightened by `angle` about the centre (cx, cy) of the
 * page as printed (width × height points), then turned clockwise by `turns` quarter turns.
 */
export interface PageFrame {
  angle: number;
  turns: number;
  cx: number;
  cy: number;
  width: number;
  height: number;
}

/** A point of the upright page → the page as printed. */
export function framePoint(x: number, y: number, f: PageFrame): [number, number] {
  const t = ((f.turns % 4) + 4) % 4;
  // Undo the quarter turns (the turned page is height × width when t is odd) …
  const [sx, sy] =
    t === 0 ? [x, y] : t === 1 ? [y, f.height - x] : t === 2 ? [f.width - x, f.height - y] : [f.width - y, x];
  // … then the straightening.
  return f.angle === 0 ? [sx, sy] : unrotatePoint(sx, sy, f.angle, f.cx, f.cy);
}

/** A box of the upright page → the smallest upright box holding it on the page as printed. */
export function frameBox(box: Readonly<Box>, f: PageFrame): Box {
  const corners = [
    framePoint(box[0], box[1], f),
    framePoint(box[2], box[1], f),
    framePoint(box[0], box[3], f),
    framePoint(box[2], box[3], f),
  ];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** A point of the page as printed → the upright page (the inverse of framePoint). */
export function unframePoint(x: number, y: number, f: PageFrame): [number, number] {
  const [sx, sy] = f.angle === 0 ? [x, y] : unrotatePoint(x, y, -f.angle, f.cx, f.cy);
  const t = ((f.turns % 4) + 4) % 4;
  return t === 0
    ? [sx, sy]
    : t === 1
      ? [f.height - sy, sx]
      : t === 2
        ? [f.width - sx, f.height - sy]
        : [sy, f.width - sx];
}
