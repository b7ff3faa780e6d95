/**
 * Flat paper: the page divided by an estimate of its own paper brightness, so yellowed paper,
 * an unevenly lit platen, grey scanner backgrounds and shaded table cells all become white while
 * ink keeps its contrast to the paper around it. Thresholds chosen afterwards then mean the same
 * thing everywhere on the page (a local, adaptive threshold in effect).
 */
import type { GrayImage } from './image.js';

/** Below this the "paper" is a dark picture, not paper: it is not brightened. */
const DARKEST_PAPER = 96;

/** Each block's value combined (max or min) with its 8 neighbours'. */
function neighbourhood(
  grid: Uint8Array,
  cols: number,
  rows: number,
  pick: (a: number, b: number) => number,
): Uint8Array {
  const out = new Uint8Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let m = grid[r * cols + c]!;
      for (let dr = -1; dr <= 1; dr++) {
        const rr = r + dr;
        if (rr < 0 || rr >= rows) continue;
        for (let dc = -1; dc <= 1; dc++) {
          const cc = c + dc;
          if (cc >= 0 && cc < cols) m = pick(m, grid[rr * cols + cc]!);
        }
      }
      out[r * cols + c] = m;
    }
  }
  return out;
}

/**
 * The paper brightness around each pixel: a grey closing over about `windowPx` (blocks of a
 * third of the window: the brightest pixel of each, the maximum over each block and its 8
 * neighbours, then the minimum of those), smoothed, bilinear between block centres when applied.
 * Any window wider than a stroke holds some paper, so text never counts as background.
 */
export function paperLevel(
  img: GrayImage,
  windowPx: number,
): { cols: number; rows: number; block: number; grid: Float32Array } {
  const block = Math.max(4, Math.round(windowPx / 3));
  const cols = Math.ceil(img.width / block);
  const rows = Math.ceil(img.height / block);
  const max = new Uint8Array(cols * rows);
  const { width: w, data } = img;
  for (let y = 0; y < img.height; y++) {
    const by = ((y / block) | 0) * cols;
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const v = data[row + x]!;
      const k = by + ((x / block) | 0);
      if (v > max[k]!) max[k] = v;
    }
  }
  // A closing on the block grid: the brightest block around (strokes vanish), then the darkest
  // of those around (a shaded cell larger than the window comes back as its own paper, up to its
  // edges, so it is flattened to white like the rest).
  const dilated = neighbourhood(max, cols, rows, (a, b) => Math.max(a, b));
  const closed = neighbourhood(dilated, cols, rows, (a, b) => Math.min(a, b));
  // Smoothed by the mean of each 3 × 3, so the estimate has no steps at block edges.
  const grid = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      let n = 0;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          if (rr < 0 || rr >= rows || cc < 0 || cc >= cols) continue;
          sum += closed[rr * cols + cc]!;
          n++;
        }
      }
      grid[r * cols + c] = Math.max(DARKEST_PAPER, sum / n);
    }
  }
  return { cols, rows, block, grid };
}

/** The image divided by its paper level: paper 255, ink as dark relative to its own paper. */
export function flattenBackground(img: GrayImage, windowPx: number): GrayImage {
  const { grid, cols, rows, block } = paperLevel(img, windowPx);
  const out = new Uint8Array(img.data.length);
  const { width: w, height: h, data } = img;
  // Per pixel row, the level is interpolated between two grid rows; along the row between
  // columns, with each column's two grid columns and weight worked out once.
  const c0s = new Int32Array(w);
  const c1s = new Int32Array(w);
  const fxs = new Float32Array(w);
  for (let x = 0; x < w; x++) {
    const gx = Math.min(cols - 1, Math.max(0, x / block - 0.5));
    c0s[x] = gx | 0;
    c1s[x] = Math.min(cols - 1, c0s[x]! + 1);
    fxs[x] = gx - c0s[x]!;
  }
  const rowLevel = new Float32Array(cols);
  for (let y = 0; y < h; y++) {
    const gy = Math.min(rows - 1, Math.max(0, y / block - 0.5));
    const r0 = gy | 0;
    const r1 = Math.min(rows - 1, r0 + 1);
    const fy = gy - r0;
    for (let c = 0; c < cols; c++) rowLevel[c] = 255 / (grid[r0 * cols + c]! * (1 - fy) + grid[r1 * cols + c]! * fy);
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const v = data[row + x]! * (rowLevel[c0s[x]!]! * (1 - fxs[x]!) + rowLevel[c1s[x]!]! * fxs[x]!);
      out[row + x] = Math.min(v, 255);
    }
  }
  return { width: w, height: h, data: out };
}
