/**
 * Ruling lines from a page's operator list. Tables in WPS/Word PDFs are drawn as stroked line
 * segments, stroked rectangles, or thin filled rectangles; header shading is a filled
 * rectangle that is not a border. We keep only axis-aligned pieces, in top-left page points.
 */
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Box, Segment } from '../model.js';

/** 2×3 affine matrix [a, b, c, d, e, f] as in PDF. */
export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

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

export interface VectorSettings {
  /** A filled rectangle thinner than this is a border, not shading (points). */
  maxBorderThickness: number;
  /** How far from exactly horizontal/vertical a piece may be (points over its length). */
  axisTolerance: number;
  /** Pieces shorter than this are dots or glyph bits, not borders. */
  minLength: number;
}

export const DEFAULT_VECTOR_SETTINGS: VectorSettings = { maxBorderThickness: 3, axisTolerance: 1, minLength: 2 };

interface OperatorList {
  fnArray: number[];
  argsArray: unknown[][];
}

export interface PageVectors {
  segments: Segment[];
  /** Image area painted on the page, as a fraction of the page (may exceed 1 with overlaps). */
  imageCoverage: number;
  /** Each painted image's box, in top-left page points. */
  images: Box[];
}

const DRAW_MOVE = 0;
const DRAW_LINE = 1;
const DRAW_CURVE = 2;
const DRAW_QUAD = 3;
const DRAW_CLOSE = 4;

const STROKE_OPS = new Set<number>([OPS.stroke, OPS.closeStroke]);
const FILL_OPS = new Set<number>([OPS.fill, OPS.eoFill]);
const FILL_STROKE_OPS = new Set<number>([OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
const IMAGE_OPS = new Set<number>([
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintImageMaskXObject,
  OPS.paintImageXObjectRepeat,
]);

/**
 * Walks the operator list keeping the CTM, and collects axis-aligned ruling pieces.
 * `viewport` maps PDF user space to top-left page points (pdfjs viewport.transform at scale 1).
 */
export function findRulingSegments(
  ops: OperatorList,
  viewport: Matrix,
  pageArea: number,
  settings: VectorSettings = DEFAULT_VECTOR_SETTINGS,
): PageVectors {
  const segments: Segment[] = [];
  let ctm: Matrix = viewport;
  const stack: Matrix[] = [];
  let fillVisible = true;
  let strokeVisible = true;
  const visibility: Array<[boolean, boolean]> = [];
  let imageArea = 0;
  const images: Box[] = [];

  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i]!;
    const args = ops.argsArray[i] ?? [];
    switch (fn) {
      case OPS.save:
        stack.push(ctm);
        visibility.push([fillVisible, strokeVisible]);
        break;
      case OPS.restore:
        ctm = stack.pop() ?? ctm;
        [fillVisible, strokeVisible] = visibility.pop() ?? [fillVisible, strokeVisible];
        break;
      case OPS.transform:
        ctm = multiply(args as Matrix, ctm);
        break;
      case OPS.paintFormXObjectBegin: {
        stack.push(ctm);
        visibility.push([fillVisible, strokeVisible]);
        const m = args[0];
        if (Array.isArray(m) || ArrayBuffer.isView(m)) ctm = multiply(Array.from(m as ArrayLike<number>) as Matrix, ctm);
        break;
      }
      case OPS.paintFormXObjectEnd:
        ctm = stack.pop() ?? ctm;
        [fillVisible, strokeVisible] = visibility.pop() ?? [fillVisible, strokeVisible];
        break;
      case OPS.setFillRGBColor:
      case OPS.setFillColor:
      case OPS.setFillGray:
        fillVisible = !isWhite(args);
        break;
      case OPS.setStrokeRGBColor:
      case OPS.setStrokeColor:
      case OPS.setStrokeGray:
        strokeVisible = !isWhite(args);
        break;
      case OPS.constructPath: {
        const paint = args[0] as number;
        const data = (args[1] as unknown[] | undefined)?.[0];
        if (!data || !ArrayBuffer.isView(data)) break;
        const path = data as Float32Array;
        const stroke = STROKE_OPS.has(paint) || FILL_STROKE_OPS.has(paint);
        const fill = FILL_OPS.has(paint) || FILL_STROKE_OPS.has(paint);
        if (stroke && strokeVisible) collectStrokedPieces(path, ctm, settings, segments);
        if (fill && fillVisible) collectThinFills(path, ctm, settings, segments);
        break;
      }
      default:
        if (IMAGE_OPS.has(fn)) {
          imageArea += unitSquareArea(ctm);
          images.push(unitSquareBox(ctm));
        }
    }
  }
  return { segments, imageCoverage: pageArea > 0 ? imageArea / pageArea : 0, images };
}

function isWhite(args: unknown[]): boolean {
  const a = args[0];
  if (typeof a === 'string' && /^#[0-9a-f]{6}$/i.test(a)) {
    const v = parseInt(a.slice(1), 16);
    return (v >> 16 & 255) > 242 && (v >> 8 & 255) > 242 && (v & 255) > 242;
  }
  const nums = args.filter((x): x is number => typeof x === 'number');
  if (nums.length === 1) return nums[0]! > 0.95;
  if (nums.length === 3) return nums.every((n) => n > 0.95 || n > 242);
  return false;
}

/** The box an image (the unit square under `m`) covers. */
function unitSquareBox(m: Matrix): Box {
  const xs = [m[4], m[4] + m[0], m[4] + m[2], m[4] + m[0] + m[2]];
  const ys = [m[5], m[5] + m[1], m[5] + m[3], m[5] + m[1] + m[3]];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function unitSquareArea(m: Matrix): number {
  return Math.abs(m[0] * m[3] - m[1] * m[2]);
}

/** Splits path data into sub-paths of points; curves mark the sub-path as not a polyline. */
function subPaths(path: Float32Array, ctm: Matrix): Array<{ points: Array<[number, number]>; closed: boolean; curved: boolean }> {
  const out: Array<{ points: Array<[number, number]>; closed: boolean; curved: boolean }> = [];
  let cur: { points: Array<[number, number]>; closed: boolean; curved: boolean } | null = null;
  for (let i = 0; i < path.length; ) {
    const op = path[i++];
    if (op === DRAW_MOVE) {
      cur = { points: [applyMatrix(ctm, path[i]!, path[i + 1]!)], closed: false, curved: false };
      out.push(cur);
      i += 2;
    } else if (op === DRAW_LINE) {
      const p = applyMatrix(ctm, path[i]!, path[i + 1]!);
      if (!cur) {
        cur = { points: [p], closed: false, curved: false };
        out.push(cur);
      } else cur.points.push(p);
      i += 2;
    } else if (op === DRAW_CURVE) {
      if (cur) {
        cur.curved = true;
        cur.points.push(applyMatrix(ctm, path[i + 4]!, path[i + 5]!));
      }
      i += 6;
    } else if (op === DRAW_QUAD) {
      if (cur) {
        cur.curved = true;
        cur.points.push(applyMatrix(ctm, path[i + 2]!, path[i + 3]!));
      }
      i += 4;
    } else if (op === DRAW_CLOSE) {
      if (cur) cur.closed = true;
    } else break; // unknown op: stop reading rather than misread coordinates
  }
  return out;
}

function pushPiece(a: [number, number], b: [number, number], settings: VectorSettings, out: Segment[]): void {
  const dx = Math.abs(a[0] - b[0]);
  const dy = Math.abs(a[1] - b[1]);
  if (dy <= settings.axisTolerance && dx >= settings.minLength) {
    out.push({ orientation: 'h', at: (a[1] + b[1]) / 2, from: Math.min(a[0], b[0]), to: Math.max(a[0], b[0]) });
  } else if (dx <= settings.axisTolerance && dy >= settings.minLength) {
    out.push({ orientation: 'v', at: (a[0] + b[0]) / 2, from: Math.min(a[1], b[1]), to: Math.max(a[1], b[1]) });
  }
}

function collectStrokedPieces(path: Float32Array, ctm: Matrix, settings: VectorSettings, out: Segment[]): void {
  for (const sp of subPaths(path, ctm)) {
    if (sp.curved) continue;
    const pts = sp.points;
    for (let k = 1; k < pts.length; k++) pushPiece(pts[k - 1]!, pts[k]!, settings, out);
    if (sp.closed && pts.length > 2) pushPiece(pts[pts.length - 1]!, pts[0]!, settings, out);
  }
}

/** A filled axis-aligned rectangle that is thin in one direction is a border line. */
function collectThinFills(path: Float32Array, ctm: Matrix, settings: VectorSettings, out: Segment[]): void {
  for (const sp of subPaths(path, ctm)) {
    if (sp.curved || sp.points.length < 3) continue;
    const xs = sp.points.map((p) => p[0]);
    const ys = sp.points.map((p) => p[1]);
    const x0 = Math.min(...xs);
    const x1 = Math.max(...xs);
    const y0 = Math.min(...ys);
    const y1 = Math.max(...ys);
    if (!isAxisAlignedRect(sp.points, settings.axisTolerance)) continue;
    const w = x1 - x0;
    const h = y1 - y0;
    if (h <= settings.maxBorderThickness && w >= settings.minLength && w > h) {
      out.push({ orientation: 'h', at: (y0 + y1) / 2, from: x0, to: x1 });
    } else if (w <= settings.maxBorderThickness && h >= settings.minLength && h > w) {
      out.push({ orientation: 'v', at: (x0 + x1) / 2, from: y0, to: y1 });
    }
    // Anything larger is shading or a background: not a ruling line.
  }
}

function isAxisAlignedRect(points: Array<[number, number]>, tol: number): boolean {
  const pts = points.length === 5 ? points.slice(0, 4) : points;
  if (pts.length !== 4) return false;
  for (let k = 0; k < 4; k++) {
    const a = pts[k]!;
    const b = pts[(k + 1) % 4]!;
    if (Math.abs(a[0] - b[0]) > tol && Math.abs(a[1] - b[1]) > tol) return false;
  }
  return true;
}
