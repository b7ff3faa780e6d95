/**
 * Skew of a scanned page from its text rows and ruling lines (projection profiles), and the
 * rotation that undoes it. Scans are rotated by up to a few degrees; the table finder needs
 * axis-aligned lines, so pages are straightened before anything else is read from them.
 */
import type { GrayImage } from './image.js';

export interface SkewSettings {
  /** Largest skew looked for, degrees. */
  maxAngle: number;
  /** Coarse step, then a fine search around the best coarse angle, degrees. */
  coarseStep: number;
  fineStep: number;
}

export const DEFAULT_SKEW_SETTINGS: SkewSettings = { maxAngle: 4, coarseStep: 0.2, fineStep: 0.02 };

/** Dark pixels of a downsampled copy (a cell is dark when any pixel in it is). */
function darkPoints(img: GrayImage, threshold: number, factor: number): { xs: Int32Array; ys: Int32Array; height: number } {
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
  return { xs: Int32Array.from(xs), ys: Int32Array.from(ys), height: h };
}

/** Sharpness of the row profile when rows are sheared by tan(angle): peaks when rows are level. */
function profileScore(xs: Int32Array, ys: Int32Array, height: number, angleDeg: number, width: number): number {
  const t = Math.tan((angleDeg * Math.PI) / 180);
  const margin = Math.ceil(Math.abs(t) * width) + 2;
  const bins = new Float64Array(height + 2 * margin);
  for (let i = 0; i < xs.length; i++) bins[Math.round(ys[i]! - xs[i]! * t) + margin]!++;
  let s = 0;
  for (const b of bins) s += b * b;
  return s;
}

/**
 * Angle (degrees) of the page's rows: a row runs along y = y0 + x·tan(angle) in image
 * coordinates (y down). Rotating by −angle straightens it.
 */
export function estimateSkew(img: GrayImage, threshold: number, settings = DEFAULT_SKEW_SETTINGS): number {
  const factor = Math.max(1, Math.round(img.width / 600));
  const { xs, ys, height } = darkPoints(img, threshold, factor);
  if (xs.length < 100) return 0;
  const width = Math.floor(img.width / factor);
  let best = 0;
  let bestScore = -1;
  const search = (from: number, to: number, step: number): void => {
    for (let a = from; a <= to + 1e-9; a += step) {
      const s = profileScore(xs, ys, height, a, width);
      if (s > bestScore) {
        bestScore = s;
        best = a;
      }
    }
  };
  search(-settings.maxAngle, settings.maxAngle, settings.coarseStep);
  const coarse = best;
  search(coarse - settings.coarseStep, coarse + settings.coarseStep, settings.fineStep);
  return Math.round(best * 1000) / 1000;
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

/** Maps a point of the straightened page back onto the page as printed (same units, same centre). */
export function unrotatePoint(x: number, y: number, angleDeg: number, cx: number, cy: number): [number, number] {
  const a = (angleDeg * Math.PI) / 180;
  const dx = x - cx;
  const dy = y - cy;
  return [cx + Math.cos(a) * dx - Math.sin(a) * dy, cy + Math.sin(a) * dx + Math.cos(a) * dy];
}
