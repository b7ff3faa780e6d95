/**
 * Ruling lines from a page's operator list. Tables in WPS/Word PDFs are drawn as stroked line
 * segments, stroked rectangles, or thin filled rectangles; header shading is a filled
 * rectangle that is not a border. We keep only axis-aligned pieces, in top-left page points.
 */
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { applyMatrix, type Matrix } from '../geometry.js';
import type { Box, Segment } from '../model.js';
import type { VectorSettings } from '../settings.js';
import { walkOperators, type OperatorList } from './operators.js';

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
  settings: VectorSettings,
): PageVectors {
  const segments: Segment[] = [];
  let imageArea = 0;
  const images: Box[] = [];
  // What is painted white (a border erased, a white box over the page) draws nothing on paper.
  walkOperators(ops, viewport, { fill: true, stroke: true }, (fn, args, ctm, visible) => {
    switch (fn) {
      case OPS.setFillRGBColor:
      case OPS.setFillColor:
      case OPS.setFillGray:
        return { ...visible, fill: !isWhite(args, settings) };
      case OPS.setStrokeRGBColor:
      case OPS.setStrokeColor:
      case OPS.setStrokeGray:
        return { ...visible, stroke: !isWhite(args, settings) };
      case OPS.constructPath: {
        const paint = args[0] as number;
        const data = (args[1] as unknown[] | undefined)?.[0];
        if (!data || !ArrayBuffer.isView(data)) break;
        const path = data as Float32Array;
        const stroke = STROKE_OPS.has(paint) || FILL_STROKE_OPS.has(paint);
        const fill = FILL_OPS.has(paint) || FILL_STROKE_OPS.has(paint);
        if (stroke && visible.stroke) collectStrokedPieces(path, ctm, settings, segments);
        if (fill && visible.fill) collectThinFills(path, ctm, settings, segments);
        break;
      }
      default:
        if (IMAGE_OPS.has(fn)) {
          imageArea += unitSquareArea(ctm);
          images.push(unitSquareBox(ctm));
        }
    }
    return visible;
  });
  return { segments, imageCoverage: pageArea > 0 ? imageArea / pageArea : 0, images };
}

function isWhite(args: unknown[], settings: VectorSettings): boolean {
  const a = args[0];
  const byte = settings.whiteByte;
  if (typeof a === 'string' && /^#[0-9a-f]{6}$/i.test(a)) {
    const v = parseInt(a.slice(1), 16);
    return ((v >> 16) & 255) > byte && ((v >> 8) & 255) > byte && (v & 255) > byte;
  }
  const nums = args.filter((x): x is number => typeof x === 'number');
  if (nums.length === 1) return nums[0]! > settings.whiteLevel;
  if (nums.length === 3) return nums.every((n) => n > settings.whiteLevel || n > byte);
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
function subPaths(
  path: Float32Array,
  ctm: Matrix,
): Array<{ points: Array<[number, number]>; closed: boolean; curved: boolean }> {
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
