/**
 * Skew and orientation of a scanned page from projection profiles, and the frame that maps the
 * straightened page back onto the page as printed. Scans are rotated by a few degrees, and some
 * pages are fed sideways or upside down; the table finder needs an upright page with axis-aligned
 * lines, so pages are turned and straightened before anything else is read from them.
 */
import type { PrepareSettings } from '../settings.js';
import type { GrayImage } from './image.js';

/** The skew search: the largest skew looked for, a coarse step, then a fine one around the best (degrees). */
export type SkewSettings = Pick<PrepareSettings, 'maxSkew' | 'coarseStep' | 'fineStep'>;

/** Dark pixels of a downsampled copy (a cell is dark when any pixel in it is). */
export interface DarkPoints {
  xs: Int32Array;
  ys: Int32Array;
  width: number;
  height: number;
}

export function darkPoints(
  img: GrayImage,
  threshold: number,
  factor = Math.max(1, Math.round(img.width / 600)),
): DarkPoints {
  const w = Math.floor(img.width / factor);
  const h = Math.floor(img.height / factor);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let dark = false;
      for (let dy = 0; dy < factor && !dark; dy++) {
        const row = (y * factor + dy) * img.width + x * factor;
        for (let dx = 0; dx < factor; dx++) if (img.data[row + dx]! < threshold) dark = true;
      }
      if (dark) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  return { xs: Int32Array.from(xs), ys: Int32Array.from(ys), width: w, height: h };
}

/**
 * Sharpness of the profile across `along` when the points are sheared by tan(angle), relative
 * to points spread evenly (1): peaks when text rows (or columns) are level.
 */
function profileScore(along: Int32Array, across: Int32Array, bins: number, length: number, t: number): number {
  const margin = Math.ceil(Math.abs(t) * length) + 2;
  const counts = new Float64Array(bins + 2 * margin);
  for (let i = 0; i < along.length; i++) counts[Math.round(across[i]! - along[i]! * t) + margin]!++;
  let s = 0;
  for (const b of counts) s += b * b;
  return (s * bins) / Math.max(1, along.length * along.length);
}

/** Sharpness of rows (y against x) and of columns (x against y) at a rotation of angle degrees. */
function scoresAt(p: DarkPoints, angleDeg: number): { rows: number; cols: number } {
  const t = Math.tan((angleDeg * Math.PI) / 180);
  // A page rotated by +a tilts its rows to y = y0 + x·tan a and its columns to x = x0 − y·tan a.
  return {
    rows: profileScore(p.xs, p.ys, p.height, p.width, t),
    cols: profileScore(p.ys, p.xs, p.width, p.height, -t),
  };
}

/**
 * Angle (degrees) of the page's rows: a row runs along y = y0 + x·tan(angle) in image
 * coordinates (y down). Rotating by −angle straightens it. Rows and columns both count, so a
 * page fed sideways is straightened as well as an upright one.
 */
export function estimateSkew(img: GrayImage, threshold: number, settings: SkewSettings): number {
  const p = darkPoints(img, threshold);
  if (p.xs.length < 100) return 0;
  let best = 0;
  let bestScore = -1;
  const search = (from: number, to: number, step: number): void => {
    for (let a = from; a <= to + 1e-9; a += step) {
      const { rows, cols } = scoresAt(p, a);
      if (rows + cols > bestScore) {
        bestScore = rows + cols;
        best = a;
      }
    }
  };
  search(-settings.maxSkew, settings.maxSkew, settings.coarseStep);
  const coarse = best;
  search(coarse - settings.coarseStep, coarse + settings.coarseStep, settings.fineStep);
  return Math.round(best * 1000) / 1000;
}

/**
 * Whether the text of a straightened page runs across (rows) or down (columns): the sharper
 * profile of its text (lines erased first, since a table has both). Chinese is set on a square
 * grid, but the space between lines is wider than between characters, so rows win on a page
 * printed upright or upside down, columns on one turned by a quarter.
 */
export function textRunsDown(img: GrayImage, threshold: number): boolean {
  const p = darkPoints(img, threshold);
  if (p.xs.length < 100) return false;
  const { rows, cols } = scoresAt(p, 0);
  return cols > rows;
}

/**
 * Rotates the image by −angle about its centre (bilinear), so rows at `angle` become level.
 * Output has the same size; what comes in from outside is white.
 */
export function rotateImage(img: GrayImage, angleDeg: number): GrayImage {
  if (angleDeg === 0) return img;
  const a = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = img.width / 2;
  const cy = img.height / 2;
  const out = new Uint8Array(img.width * img.height).fill(255);
  const { width: w, height: h, data } = img;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    // Source coordinates step by (cos, sin) along a row: no multiplications per pixel.
    let sx = cx - cx * cos - sin * dy;
    let sy = cy - cx * sin + cos * dy;
    const row = y * w;
    for (let x = 0; x < w; x++, sx += cos, sy += sin) {
      if (sx < 0 || sy < 0) continue;
      const x0 = sx | 0;
      const y0 = sy | 0;
      if (x0 + 1 >= w || y0 + 1 >= h) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const a = data[i]!;
      const c = data[i + w]!;
      const top = a + (data[i + 1]! - a) * fx;
      const bottom = c + (data[i + w + 1]! - c) * fx;
      out[row + x] = top + (bottom - top) * fy;
    }
  }
  return { width: w, height: h, data: out };
}
